/**
 * CDP on a page's dedicated worker (the Parley worker) through a raw session with
 * Target.setAutoAttach + Target.sendMessageToTarget, as bench/scenarios/startup.ts reads its heap:
 * heap usage and the V8 CPU profiler of the worker.
 */
import type { CDPSession, Page } from '@playwright/test';

export interface WorkerCdp {
  send(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
  detach(): Promise<void>;
}

/** Attaches to the page's (first) dedicated worker; undefined when none attaches within 5 s. */
export async function attachWorker(page: Page): Promise<WorkerCdp | undefined> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const attached = new Promise<string>((resolve) => {
    cdp.on('Target.attachedToTarget', (e: { sessionId: string; targetInfo: { type: string } }) => {
      if (e.targetInfo.type === 'worker') resolve(e.sessionId);
    });
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const sessionId = await Promise.race([attached, new Promise<undefined>((r) => setTimeout(() => r(undefined), 5000))]);
  if (!sessionId) {
    await cdp.detach();
    return undefined;
  }
  let nextId = 1;
  const send = (method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> => {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const onMessage = (e: { sessionId: string; message: string }): void => {
        const msg = JSON.parse(e.message) as { id?: number; result?: Record<string, unknown>; error?: { message: string } };
        if (e.sessionId === sessionId && msg.id === id) {
          cdp.off('Target.receivedMessageFromTarget', onMessage);
          if (msg.error) reject(new Error(`${method}: ${msg.error.message}`));
          else resolve(msg.result ?? {});
        }
      };
      cdp.on('Target.receivedMessageFromTarget', onMessage);
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
    });
  };
  return { send, detach: () => cdp.detach() };
}

/** Used JS heap of the worker after a forced GC, bytes. */
export async function workerHeapUsed(w: WorkerCdp): Promise<{ used: number; total: number }> {
  await w.send('HeapProfiler.collectGarbage');
  const heap = await w.send('Runtime.getHeapUsage');
  return { used: Number(heap['usedSize']), total: Number(heap['totalSize']) };
}
