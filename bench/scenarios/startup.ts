/**
 * Issue metrics 4 and 7, the parts without messages: first contentful paint of the shell on a
 * first visit (network) and on a reload served by the service worker (metric 4, second half), and
 * the worker's JS heap at idle right after a try-now profile opens (metric 7 baseline, via CDP on
 * the worker target). Catch-up, unlock → chat list with messages and the heap with messages are
 * in bench/scenarios/catchup.ts.
 */
import type { Page } from '@playwright/test';
import { startDevnode } from '../../devnode/node.ts';
import { serve } from '../../scripts/serve.ts';
import type { BenchContext, Scenario } from '../lib/context.ts';
import { progress, single, stats } from '../lib/report.ts';
import { buildApp } from './size.ts';

function fcp(page: Page): Promise<number> {
  return page.evaluate(() => new Promise<number>((resolve) => {
    const now = (): number | undefined => performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
    const poll = (): void => {
      const t = now();
      if (t !== undefined) resolve(t);
      else setTimeout(poll, 20);
    };
    poll();
  }));
}

/** JS heap of the page's dedicated worker through a raw CDP session (Target.sendMessageToTarget). */
async function workerHeap(page: Page): Promise<{ used: number; total: number } | undefined> {
  const cdp = await page.context().newCDPSession(page);
  const attached = new Promise<string>((resolve) => {
    cdp.on('Target.attachedToTarget', (e: { sessionId: string; targetInfo: { type: string } }) => {
      if (e.targetInfo.type === 'worker') resolve(e.sessionId);
    });
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const sessionId = await Promise.race([attached, new Promise<undefined>((r) => setTimeout(() => r(undefined), 5000))]);
  if (!sessionId) return undefined;
  let nextId = 1;
  const send = (method: string): Promise<Record<string, unknown>> => {
    const id = nextId++;
    return new Promise((resolve) => {
      const onMessage = (e: { sessionId: string; message: string }): void => {
        const msg = JSON.parse(e.message) as { id?: number; result?: Record<string, unknown> };
        if (e.sessionId === sessionId && msg.id === id) {
          cdp.off('Target.receivedMessageFromTarget', onMessage);
          resolve(msg.result ?? {});
        }
      };
      cdp.on('Target.receivedMessageFromTarget', onMessage);
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
    });
  };
  await send('HeapProfiler.collectGarbage');
  const heap = await send('Runtime.getHeapUsage');
  await cdp.detach();
  return { used: Number(heap['usedSize']), total: Number(heap['totalSize']) };
}

/** navigator.serviceWorker without the DOM lib (bench/ is checked with the Node tsconfig). */
type SwNavigator = { serviceWorker?: { ready: Promise<unknown>; controller: unknown } };

export const startupScenario: Scenario = {
  name: 'startup',
  async run(ctx: BenchContext) {
    if (!ctx.browser) throw new Error('Chromium is not available');
    const buildDir = buildApp({ ...ctx, quick: true });
    const node = await startDevnode({ wsPort: 0, logSink: () => {} });
    const server = await serve({ root: buildDir, port: 0, config: { defaultPreset: 'local-devnet', devnetNodes: [node.wsMultiaddr] } });
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
    const runs = ctx.quick ? 1 : 5;
    const cold: number[] = [];
    const warm: number[] = [];
    let controlled = 0;
    let heap: { used: number; total: number } | undefined;
    try {
      for (let i = 0; i < runs; i++) {
        progress('startup', `first paint, cold then service-worker reload (${i + 1}/${runs})`);
        const context = await ctx.browser.newContext();
        const page = await context.newPage();
        await page.goto(url);
        cold.push(await fcp(page));
        const ready = await page.evaluate(() => Promise.race([
          (navigator as unknown as SwNavigator).serviceWorker?.ready.then(() => true) ?? Promise.resolve(false),
          new Promise<boolean>((r) => setTimeout(() => r(false), 15_000)),
        ]));
        await page.reload();
        warm.push(await fcp(page));
        if (ready && (await page.evaluate(() => (navigator as unknown as SwNavigator).serviceWorker?.controller != null))) controlled++;
        await context.close();
      }
      progress('startup', 'worker heap at idle after a try-now profile opens');
      const context = await ctx.browser.newContext({ serviceWorkers: 'block' });
      const page = await context.newPage();
      await page.goto(url);
      await page.getByRole('button', { name: 'Try it now' }).click();
      await page.getByTestId('try-now-warning').waitFor({ timeout: 60_000 });
      await page.waitForTimeout(2000);
      heap = await workerHeap(page);
      await context.close();
    } finally {
      await new Promise((r) => server.close(r));
      await node.stop();
    }
    const coldStats = stats(cold);
    const warmStats = stats(warm);
    const mib = (n: number): number => n / 2 ** 20;
    return [
      {
        issue: 4, id: 'coldstart.fcp-network', name: 'first paint of the shell, first visit (network)', unit: 'ms', status: 'ok',
        ours: { label: 'first-contentful-paint, fresh profile', stats: coldStats },
        note: `Loopback server, no throttling; ${runs} fresh browser context(s).`,
      },
      {
        issue: 4, id: 'coldstart.fcp-sw', name: 'first paint of the shell, reload (service worker)', unit: 'ms', status: 'ok',
        ours: { label: 'first-contentful-paint, reload', stats: warmStats },
        reference: { label: 'first visit (network)', stats: coldStats }, ratio: warmStats.p50 / coldStats.p50,
        note: `Reload after the service worker reported ready; the reload was controlled by the service worker in ${controlled}/${runs} run(s).`,
      },
      heap
        ? {
          issue: 7, id: 'memory.worker-idle', name: 'worker JS heap at idle after unlock (empty profile)', unit: 'MiB', status: 'ok',
          ours: { label: 'CDP Runtime.getHeapUsage on the worker target, after GC', stats: single(mib(heap.used)) },
          note: `Baseline for the 10k/100k rows: try-now profile, connected to one devnode, 2 s idle. Heap total ${mib(heap.total).toFixed(1)} MiB.`,
        }
        : { issue: 7, id: 'memory.worker-idle', name: 'worker JS heap at idle after unlock (empty profile)', unit: 'MiB', status: 'failed', note: 'The worker target did not attach over CDP.' },
    ];
  },
};
