/**
 * Results of one bench run: the metric record, percentiles, the console table with progress, and
 * the two writers (bench/results/latest.json, latest.md). A metric that cannot be measured yet is
 * recorded with its reason and no number, never a placeholder value.
 */
import { mkdir, writeFile } from 'node:fs/promises';

export type Status = 'ok' | 'not-yet-measurable' | 'blocked' | 'failed';

export interface Stats {
  /** Number of samples. */
  readonly n: number;
  readonly p50: number;
  readonly p95: number;
  readonly mean: number;
  /** The raw samples, in run order, when there are few of them (n ≤ 20). */
  readonly samples?: readonly number[];
}

export interface Measured {
  /** What was measured, e.g. "Parley (noble, pure TS)". */
  readonly label: string;
  readonly stats: Stats;
}

export interface Metric {
  /** Issue metric number (1–7). */
  readonly issue: number;
  readonly id: string;
  readonly name: string;
  readonly unit: string;
  readonly status: Status;
  readonly ours?: Measured;
  readonly reference?: Measured;
  /** ours.p50 / reference.p50 (> 1: we are slower, or bigger). */
  readonly ratio?: number;
  /** A budget from the issue or the design, in `unit`, checked against ours.p95 (or the single value). */
  readonly budget?: number;
  readonly note?: string;
  /** Extra structured detail (per-dependency sizes, per-stage breakdowns). */
  readonly detail?: unknown;
}

export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly chromium: string;
  readonly loadAverage: readonly number[];
  /** Load average when the run ended (filled in by run.ts). */
  loadAverageAtEnd?: readonly number[];
}

export interface RunReport {
  readonly startedAt: string;
  readonly durationSeconds: number;
  readonly mode: 'full' | 'quick';
  readonly machine: MachineInfo;
  readonly profiles: readonly string[];
  /** Top self-time functions per CPU profile (source-mapped), when run with --cpu-prof. */
  readonly hotSpots: Readonly<Record<string, readonly { fn: string; selfMs: number; share: number }[]>>;
  readonly metrics: readonly Metric[];
}

/** Nearest-rank percentile of a sample. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function stats(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((s, v) => s + v, 0) / (sorted.length || 1);
  const few = samples.length <= 20 ? { samples: samples.map((v) => Math.round(v * 1000) / 1000) } : {};
  return { n: sorted.length, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), mean, ...few };
}

/** A single measurement (a size, one timed run) as Stats with n = 1. */
export function single(value: number): Stats {
  return { n: 1, p50: value, p95: value, mean: value };
}

export function fmt(v: number | undefined): string {
  if (v === undefined || Number.isNaN(v)) return '–';
  const a = Math.abs(v);
  if (a >= 1000) return v.toFixed(0);
  if (a >= 100) return v.toFixed(1);
  if (a >= 10) return v.toFixed(2);
  return v.toFixed(3);
}

/** True when the metric has a budget and ours meets it at p95. */
export function withinBudget(m: Metric): boolean | undefined {
  if (m.status !== 'ok' || m.budget === undefined || !m.ours) return undefined;
  return m.ours.stats.p95 <= m.budget;
}

function budgetStatus(m: Metric): string {
  const w = withinBudget(m);
  if (w === undefined) return m.status;
  return w ? `ok (p95 ≤ budget ${fmt(m.budget)})` : `OVER budget ${fmt(m.budget)} at p95`;
}

const COLUMNS = ['#', 'metric', 'unit', 'n', 'p50', 'p95', 'reference p50', 'ratio', 'status'] as const;

function row(m: Metric): string[] {
  const ok = m.status === 'ok';
  return [
    String(m.issue), m.name, m.unit, ok && m.ours ? String(m.ours.stats.n) : '',
    ok ? fmt(m.ours?.stats.p50) : '', ok && (m.ours?.stats.n ?? 0) > 1 ? fmt(m.ours?.stats.p95) : '',
    m.reference ? fmt(m.reference.stats.p50) : '', m.ratio !== undefined ? `${m.ratio.toFixed(2)}×` : '',
    budgetStatus(m),
  ];
}

/** Plain-text table for the console. */
export function consoleTable(metrics: readonly Metric[]): string {
  const rows = [COLUMNS.map(String), ...metrics.map(row)];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: readonly string[]): string => r.map((c, i) => (i >= 3 && i <= 7 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

export function markdown(report: RunReport): string {
  const m = report.machine;
  const esc = (s: string): string => s.replaceAll('|', '\\|');
  const out = [
    '# Parley benchmarks',
    '',
    `Run ${report.startedAt} (${report.mode}, ${report.durationSeconds.toFixed(0)} s). Produced by \`npm run bench\`; the record is \`latest.json\`.`,
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}; Node ${m.node}; Chromium ${m.chromium}; load average at start ${m.loadAverage.map((x) => x.toFixed(2)).join(' ')}${m.loadAverageAtEnd ? `, at end ${m.loadAverageAtEnd.map((x) => x.toFixed(2)).join(' ')}` : ''}.`,
    'The machine is shared: treat differences under ~20 % as noise. References run in the same process and the same run, interleaved round by round.',
    '',
    '| # | metric | unit | n | p50 | p95 | reference | ref p50 | ref p95 | ratio | status |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const x of report.metrics) {
    const ok = x.status === 'ok';
    const s = x.ours?.stats;
    const r = x.reference;
    out.push(`| ${[
      x.issue, esc(x.name), x.unit, ok && s ? s.n : '', ok ? fmt(s?.p50) : '', ok && (s?.n ?? 0) > 1 ? fmt(s?.p95) : '',
      r ? esc(r.label) : '', r ? fmt(r.stats.p50) : '', r && r.stats.n > 1 ? fmt(r.stats.p95) : '',
      x.ratio !== undefined ? `${x.ratio.toFixed(2)}×` : '',
      budgetStatus(x),
    ].join(' | ')} |`);
  }
  out.push('', '## Notes', '');
  for (const x of report.metrics) if (x.note) out.push(`- **${esc(x.name)}** (${x.status}): ${x.note}`);
  const detailed = report.metrics.filter((x) => x.detail !== undefined);
  if (detailed.length) out.push('', '## Details', '');
  for (const x of detailed) out.push(`### ${x.name}`, '', '```json', JSON.stringify(x.detail, null, 2), '```', '');
  out.push('', '## Profiles', '', 'Run `npm run bench -- --cpu-prof` (add `--only ratchet` etc. to narrow it) for V8 CPU profiles of the Node micro-benchmarks and a Chromium trace of the browser vault scenario, in `bench/results/profiles/` (open `.cpuprofile` in Chrome DevTools → Performance, the trace in `chrome://tracing` or Perfetto).');
  for (const p of report.profiles) {
    out.push('', `- \`${p}\``);
    for (const h of report.hotSpots[p] ?? []) out.push(`  - ${h.share} % self: \`${esc(h.fn)}\``);
  }
  return `${out.join('\n')}\n`;
}

export async function writeReport(dir: string, report: RunReport, suffix = 'latest'): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const json = `${dir}/${suffix}.json`;
  const md = `${dir}/${suffix}.md`;
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(md, markdown(report));
  return [json, md];
}

/** Progress lines on stderr, so the summary on stdout stays clean. */
export function progress(scenario: string, message: string): void {
  process.stderr.write(`  [${scenario}] ${message}\n`);
}
