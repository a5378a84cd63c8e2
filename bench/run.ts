/**
 * `npm run bench`: every Parley benchmark in one run, each against its reference measured in the
 * same run, written to bench/results/latest.{json,md} with a console summary.
 *
 *   --quick        small subset for CI smoke (results go to bench/results/quick.{json,md})
 *   --cpu-prof     V8 CPU profiles of the Node micro-benchmarks (with source-mapped hot spots) and
 *                  a Chromium trace of the browser vault scenario, into bench/results/profiles/
 *   --only a,b     run only the named scenarios (ratchet, vault, size, delivery, startup, catchup)
 * Only a plain full run writes the record, bench/results/latest.{json,md}; runs with --only or
 * --cpu-prof write bench/results/partial.{json,md}. Everything but the record is gitignored.
 *
 * Parley code that lives in the worker is bundled first with Vite (bench/lib/bundle.ts).
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Browser } from '@playwright/test';
import { bundleBenchEntries } from './lib/bundle.ts';
import { CHROMIUM_PATH, launchChromium } from './lib/browser.ts';
import type { BenchContext, Scenario } from './lib/context.ts';
import { machineInfo } from './lib/machine.ts';
import { hotSpots, type HotSpot } from './lib/profile-summary.ts';
import { consoleTable, writeReport, type Metric } from './lib/report.ts';
import { ratchetScenario } from './scenarios/ratchet.ts';
import { deliveryScenario } from './scenarios/delivery.ts';
import { vaultScenario } from './scenarios/vault.ts';
import { sizeScenario } from './scenarios/size.ts';
import { startupScenario } from './scenarios/startup.ts';
import { catchupScenario } from './scenarios/catchup.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS = `${ROOT}bench/results`;
// size first among the browser scenarios: a full run rebuilds build/ there, and the others reuse it.
const SCENARIOS: readonly Scenario[] = [ratchetScenario, vaultScenario, sizeScenario, deliveryScenario, startupScenario, catchupScenario];

function parseArgs(argv: readonly string[]): { quick: boolean; cpuProf: boolean; only: Set<string> | undefined } {
  const known = new Set(['--quick', '--cpu-prof', '--only']);
  for (const a of argv) if (a.startsWith('--') && !known.has(a)) throw new Error(`unknown option ${a}`);
  const i = argv.indexOf('--only');
  const only = i >= 0 ? new Set((argv[i + 1] ?? '').split(',').filter(Boolean)) : undefined;
  return { quick: argv.includes('--quick'), cpuProf: argv.includes('--cpu-prof'), only };
}

function chromiumVersionFromCli(): string {
  try {
    // Debian's wrapper script prints shell noise on stderr; only stdout matters.
    return execFileSync(CHROMIUM_PATH, ['--version'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unavailable';
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const startedAt = new Date().toISOString();
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
  } catch (e) {
    process.stderr.write(`Chromium did not start (${e instanceof Error ? e.message : String(e)}); browser metrics will fail.\n`);
  }
  const machine = await machineInfo(browser ? `${browser.version()} (${chromiumVersionFromCli()})` : chromiumVersionFromCli());
  console.log(`Parley bench (${args.quick ? 'quick' : 'full'}) on ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, Chromium ${machine.chromium}`);
  process.stderr.write('  [bundle] bench entries (Vite)\n');
  const ctx: BenchContext = {
    quick: args.quick, root: ROOT, bundles: await bundleBenchEntries(), browser, profiles: [],
    profileDir: args.cpuProf ? `${RESULTS}/profiles` : undefined,
  };
  const metrics: Metric[] = [];
  let failed = 0;
  for (const scenario of SCENARIOS) {
    if (args.only && !args.only.has(scenario.name)) continue;
    const t0 = performance.now();
    console.log(`\n== ${scenario.name}`);
    try {
      const got = await scenario.run(ctx);
      metrics.push(...got);
      console.log(consoleTable(got));
    } catch (e) {
      failed++;
      const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
      console.error(`scenario ${scenario.name} failed: ${message}`);
      metrics.push({ issue: 0, id: `${scenario.name}.error`, name: `${scenario.name} scenario`, unit: '', status: 'failed', note: message.split('\n')[0] ?? '' });
    }
    console.log(`   (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
  await browser?.close();
  machine.loadAverageAtEnd = loadavg();
  metrics.sort((a, b) => a.issue - b.issue);
  const spots: Record<string, HotSpot[]> = {};
  for (const p of ctx.profiles.filter((f) => f.endsWith('.cpuprofile'))) {
    spots[p] = await hotSpots(`${ROOT}${p}`, 8);
    console.log(`\nhot spots in ${p} (self time):\n${spots[p].map((h) => `  ${String(h.share).padStart(5)} %  ${h.fn}`).join('\n')}`);
  }
  const report = {
    startedAt, durationSeconds: (performance.now() - started) / 1000, mode: args.quick ? 'quick' as const : 'full' as const,
    machine, profiles: ctx.profiles, hotSpots: spots, metrics,
  };
  // Only a plain full run replaces the committed record; other runs write beside it (gitignored).
  const name = args.quick ? 'quick' : args.only || args.cpuProf ? 'partial' : 'latest';
  const files = await writeReport(RESULTS, report, name);
  console.log(`\n== summary (${report.durationSeconds.toFixed(0)} s)\n${consoleTable(metrics)}\n\nwrote ${files.map((f) => f.slice(ROOT.length)).join(', ')}`);
  return failed === 0 ? 0 : 1;
}

// @waku/sdk leaves timers running after stop(), so exit explicitly.
main().then((code) => process.exit(code), (e: unknown) => {
  console.error(e);
  process.exit(1);
});
