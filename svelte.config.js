import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
  kit: {
    // A single-page app: every route falls back to index.html, nothing is server-rendered.
    adapter: adapter({ fallback: 'index.html', strict: true }),
    alias: { $shared: 'src/lib/shared' },
    // The page registers src/service-worker-app.ts itself (workbox-window), so it can ask the user
    // before an update takes over.
    serviceWorker: { register: false },
    // The baseline policy, shipped as a <meta> tag in index.html so it holds on any static host.
    // SvelteKit adds the hash of its inline bootstrap script to script-src. connect-src is NOT
    // here: it depends on the deployment's Waku nodes, so the server sends it as a header
    // (scripts/serve.ts, cspHeader); both policies apply. See README "Content-Security-Policy".
    csp: {
      mode: 'hash',
      directives: {
        // 'wasm-unsafe-eval' lets WebAssembly compile: the QR reader on the add-contact screen
        // (src/lib/components/add/zxing-qr.ts) and the worker's libsecp256k1 backend (served from
        // our own origin). It allows no JavaScript eval. PERFORMANCE.md: this and nothing more.
        'script-src': ['self', 'wasm-unsafe-eval'],
        'style-src': ['self'],
        // The one inline style attribute: SvelteKit's route announcer (visually hidden, read by
        // screen readers). Without it the announcer shows up on screen after a navigation.
        'style-src-attr': ['unsafe-hashes', 'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo='],
        'img-src': ['self', 'data:', 'blob:'],
        'font-src': ['self'],
        'worker-src': ['self'],
        'manifest-src': ['self'],
        'media-src': ['self'],
        'object-src': ['none'],
        'frame-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
      },
    },
  },
};

export default config;
