/**
 * Bundles the bench entries that call Parley's worker code, with Vite (the app's own bundler), so
 * they resolve `$lib` and `parley-src/…` and compile the generated protobuf enums. Node entries go
 * to node_modules/.cache/parley-bench/node/, the Chromium worker entry to …/browser/. Source maps are kept
 * so CPU profiles name the original files.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, type InlineConfig } from 'vite';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Under node_modules/.cache like Vite's own cache: out of git, lint and the type-check. */
export const CACHE_DIR = `${ROOT}node_modules/.cache/parley-bench`;

const alias = [
  { find: /^parley-src\/protocol$/, replacement: `${ROOT}src/worker/protocol/index.ts` },
  { find: /^parley-src\/(.*)$/, replacement: `${ROOT}src/worker/$1` },
  { find: /^\$lib\/(.*)$/, replacement: `${ROOT}src/lib/$1` },
];

function config(outDir: string, entry: Record<string, string>, ssr: boolean): InlineConfig {
  return {
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    resolve: { alias },
    ssr: ssr ? { noExternal: true, target: 'node' } : undefined,
    build: {
      outDir,
      emptyOutDir: true,
      minify: false,
      sourcemap: true,
      target: 'es2022',
      ssr,
      lib: { entry, formats: ['es'] },
      copyPublicDir: false,
      reportCompressedSize: false,
    },
  };
}

export interface BenchBundles {
  readonly nodeDir: string;
  readonly browserDir: string;
}

export async function bundleBenchEntries(): Promise<BenchBundles> {
  // Vite's TypeScript transform reads tsconfig.json, which extends SvelteKit's generated one;
  // on a fresh clone that file exists only after `svelte-kit sync`.
  if (!existsSync(`${ROOT}.svelte-kit/tsconfig.json`)) {
    execFileSync(process.execPath, [`${ROOT}node_modules/@sveltejs/kit/svelte-kit.js`, 'sync'], { cwd: ROOT, stdio: 'ignore' });
  }
  const nodeDir = `${CACHE_DIR}/node`;
  const browserDir = `${CACHE_DIR}/browser`;
  await build(config(nodeDir, { parley: `${ROOT}bench/micro/parley.ts`, vault: `${ROOT}bench/micro/vault.ts`, catchup: `${ROOT}bench/micro/catchup.ts` }, true));
  await build(config(browserDir, { 'vault-worker': `${ROOT}bench/browser/vault-worker.js`, 'seed-worker': `${ROOT}bench/browser/seed-worker.js` }, false));
  return { nodeDir, browserDir };
}
