import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    sveltekit(),
    // The service worker (src/service-worker.js → service-worker-app.ts) is ours: Workbox precaching of the shell plus local
    // notifications. The plugin only builds it and injects the precache manifest; the page
    // registers it with workbox-window (src/lib/components/shell/pwa.svelte.ts) and asks before
    // an update takes over. The web manifest is static/manifest.webmanifest.
    SvelteKitPWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'service-worker.js',
      registerType: 'prompt',
      injectRegister: false,
      manifest: false,
      kit: { adapterFallback: 'index.html', spa: true },
      injectManifest: {
        // wasm: the libsecp256k1 backend of the worker, so it is fast offline too.
        globPatterns: ['client/**/*.{js,css,png,svg,webmanifest,wasm}'],
        // Source maps are for debugging, never needed offline. The background store client is
        // imported by the service worker itself (importScripts at install, src/service-worker-check.ts),
        // which keeps it in the service worker's script cache: no second copy in the precache.
        globIgnores: ['**/*.map', 'server/**', 'client/assets/service-worker-store-*.js'],
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
      },
    }),
  ],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // devnode conformance tests bind real sockets; keep files in separate processes.
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts', 'devnode/**/*.test.ts', 'scripts/**/*.test.ts'] } },
      {
        // Every secp256k1-using test again on the WebAssembly backend (PERFORMANCE.md: every
        // vector passes on both backends); the default project above runs them on noble.
        extends: true,
        test: {
          name: 'secp256k1-wasm',
          include: ['src/worker/crypto/**/*.test.ts', 'src/worker/protocol/**/*.test.ts', 'src/worker/identity/**/*.test.ts'],
          setupFiles: ['src/worker/crypto/test-support/wasm-backend.setup.ts'],
        },
      },
    ],
  },
});
