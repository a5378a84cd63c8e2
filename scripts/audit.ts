/**
 * `npm run audit`: Lighthouse (mobile and desktop presets) on the built app served with its real
 * headers and two devnodes, in Debian's Chromium; plus the gzip sizes of the app shell, the
 * worker and the service worker. Prints a table and writes bench/results/lighthouse.json.
 * Flags: --no-build (use build/ as is). Nothing leaves loopback.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { desktopConfig } from 'lighthouse';
import { startDevnet } from './devnet.ts';
import { serve } from './serve.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUILD = join(ROOT, 'build');
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const { values } = parseArgs({ options: { 'no-build': { type: 'boolean', default: false } } });

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const gz = (paths: readonly string[]): number => paths.reduce((sum, p) => sum + gzipSync(readFileSync(p), { level: 9 }).length, 0);

/** Shell: what the service worker precaches for the page (HTML, JS, CSS), minus the worker. */
export function gzipSizes(build: string): { shell: number; worker: number; serviceWorker: number } {
  const immutable = filesUnder(join(build, '_app', 'immutable')).filter((p) => /\.(js|css)$/.test(p));
  const worker = immutable.filter((p) => p.includes(`${join('immutable', 'workers')}`));
  const shell = [join(build, 'index.html'), ...immutable.filter((p) => !worker.includes(p))];
  return { shell: gz(shell), worker: gz(worker), serviceWorker: gz([join(build, 'service-worker.js')]) };
}

async function runLighthouse(url: string, port: number, preset: 'mobile' | 'desktop'): Promise<Record<string, number>> {
  const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] }, preset === 'desktop' ? desktopConfig : undefined);
  if (!result) throw new Error('lighthouse returned nothing');
  const scores: Record<string, number> = {};
  for (const c of CATEGORIES) scores[c] = Math.round((result.lhr.categories[c]?.score ?? 0) * 100);
  const failing = Object.values(result.lhr.audits).filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode === 'binary');
  for (const a of failing) {
    const items = (a.details as { items?: { description?: string; source?: string; url?: string }[] } | undefined)?.items ?? [];
    console.log(`${preset}: ${a.id}: ${items.map((i) => i.description ?? i.source ?? i.url ?? '').join(' | ').slice(0, 400)}`);
  }
  return scores;
}

async function main(): Promise<void> {
  if (!values['no-build']) execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build'], { cwd: ROOT, stdio: 'inherit' });
  const devnet = await startDevnet({ count: 2, basePort: 0 });
  const server = await serve({ root: BUILD, port: 0, config: { defaultPreset: 'local-devnet', devnetNodes: devnet.nodes.map((n) => n.wsMultiaddr) } });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
  const chrome = await chromeLauncher.launch({
    chromePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const scores = { mobile: await runLighthouse(url, chrome.port, 'mobile'), desktop: await runLighthouse(url, chrome.port, 'desktop') };
    const sizes = gzipSizes(BUILD);
    const report = { date: new Date().toISOString(), lighthouse: (await import('lighthouse/package.json', { with: { type: 'json' } })).default.version, scores, gzipBytes: sizes };
    console.table(scores);
    console.table(Object.fromEntries(Object.entries(sizes).map(([k, v]) => [k, `${(v / 1024).toFixed(1)} KiB`])));
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench', 'results', 'lighthouse.json'), `${JSON.stringify(report, null, 2)}\n`);
  } finally {
    chrome.kill();
    server.close();
    await devnet.stop();
  }
}

await main();
