/**
 * Micro-benchmark runner on tinybench: the tasks of one comparison run in the same Bench, and the
 * Bench is repeated for several rounds so that ours and the reference interleave over the run and
 * share the machine's noise. Samples from all rounds are pooled. Optional CPU profile per scenario
 * through the inspector (`--cpu-prof`).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { Bench } from 'tinybench';
import { stats, type Stats } from './report.ts';

export interface MicroOptions {
  readonly rounds: number;
  /** Time per task per round, ms. */
  readonly timeMs: number;
  readonly minIterations: number;
}

export type TaskFn = () => unknown;

/** Runs `tasks` for `rounds` rounds; returns per-task latency stats in ms per call. */
export async function runInterleaved(tasks: Record<string, TaskFn>, o: MicroOptions): Promise<Record<string, Stats>> {
  const pooled: Record<string, number[]> = Object.fromEntries(Object.keys(tasks).map((k) => [k, []]));
  for (let round = 0; round < o.rounds; round++) {
    const bench = new Bench({ time: o.timeMs, iterations: o.minIterations, warmupTime: Math.min(200, o.timeMs / 4), retainSamples: true, throws: true });
    // Alternate the order each round so neither side always runs first.
    const names = round % 2 === 0 ? Object.keys(tasks) : Object.keys(tasks).reverse();
    for (const name of names) bench.add(name, tasks[name]!);
    await bench.run();
    for (const task of bench.tasks) {
      const r = task.result;
      if (r.state !== 'completed') throw new Error(`${task.name}: ${r.state === 'errored' ? r.error.message : r.state}`);
      pooled[task.name]!.push(...(r.latency.samples ?? []));
    }
  }
  return Object.fromEntries(Object.entries(pooled).map(([k, v]) => [k, stats(v)]));
}

/** Times `count` sequential calls of `fn` (for things too slow or too stateful for tinybench). */
export async function timeEach(count: number, fn: (i: number) => unknown): Promise<Stats> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await fn(i);
    samples.push(performance.now() - t0);
  }
  return stats(samples);
}

/** Wraps `body` in a V8 CPU profile written to `dir/<name>.cpuprofile` when `dir` is set. */
export async function withCpuProfile<T>(dir: string | undefined, name: string, body: () => Promise<T>): Promise<{ value: T; profile?: string }> {
  if (!dir) return { value: await body() };
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  try {
    const value = await body();
    const { profile } = await session.post('Profiler.stop');
    await mkdir(dir, { recursive: true });
    const path = `${dir}/${name}.cpuprofile`;
    await writeFile(path, JSON.stringify(profile));
    return { value, profile: path };
  } finally {
    session.disconnect();
  }
}
