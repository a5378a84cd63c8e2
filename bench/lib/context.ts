/** What every scenario receives from bench/run.ts. */
import type { Browser } from '@playwright/test';
import type { BenchBundles } from './bundle.ts';
import type { Metric } from './report.ts';

export interface BenchContext {
  readonly quick: boolean;
  readonly root: string;
  readonly bundles: BenchBundles;
  /** Set with --cpu-prof: where CPU profiles and Chromium traces go. */
  readonly profileDir: string | undefined;
  /** Debian Chromium, launched once per run; undefined when it could not start. */
  readonly browser: Browser | undefined;
  /** Profiles written so far (paths relative to the repo). */
  readonly profiles: string[];
}

export interface Scenario {
  readonly name: string;
  run(ctx: BenchContext): Promise<Metric[]>;
}
