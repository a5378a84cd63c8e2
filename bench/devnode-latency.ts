/**
 * Light push → filter latency through devnode (run: `node bench/devnode-latency.ts`).
 * Starts two devnodes meshed over relay, one @waku/sdk light node on each, then sends
 * 100 sequential ~300-byte messages from the light node on A and times delivery to
 * the filter subscriber on A (same-node path) and on B (cross-node path, via relay).
 * Prints p50/p95/mean in ms. Follows shared/spec/waku-sdk-notes.md §2 for the client.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { IDecodedMessage, LightNode } from '@waku/sdk';
import { benchLightNode } from './lib/light-node.ts';
import { startDevnode, type Devnode } from '../devnode/node.ts';

const MESSAGES = 100;
const PAYLOAD_BYTES = 300;
const SHARD = 32;
const CONTENT_TOPIC = '/parley-bench/1/latency/proto';
const DELIVERY_TIMEOUT_MS = 5000;

const lightNode = (ws: string): Promise<LightNode> => benchLightNode(ws, 10_000);

async function waitForMesh(a: Devnode, b: Devnode): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(a.relayMeshPeers().includes(b.peerId) && b.relayMeshPeers().includes(a.peerId))) {
    if (Date.now() > deadline) throw new Error('relay mesh did not form');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Resolves arrival times (performance.now()) of payloads keyed by their first 8 bytes, hex. */
function arrivals(node: LightNode): { waitFor(key: string): Promise<number> } {
  const seen = new Map<string, number>();
  const waiters = new Map<string, (t: number) => void>();
  void node.filter.subscribe(node.createDecoder({ contentTopic: CONTENT_TOPIC, shardId: SHARD }), (msg: IDecodedMessage) => {
    const t = performance.now();
    const key = Buffer.from(msg.payload.subarray(0, 8)).toString('hex');
    seen.set(key, t);
    waiters.get(key)?.(t);
  });
  return {
    waitFor: (key) => new Promise((resolve, reject) => {
      const t = seen.get(key);
      if (t !== undefined) return resolve(t);
      waiters.set(key, resolve);
      setTimeout(() => reject(new Error(`message ${key} not delivered`)), DELIVERY_TIMEOUT_MS).unref();
    }),
  };
}

function summary(name: string, samples: number[]): string {
  const sorted = [...samples].sort((x, y) => x - y);
  const pick = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  const mean = samples.reduce((s, v) => s + v, 0) / samples.length;
  return `${name.padEnd(34)} n=${samples.length}  p50=${pick(0.5).toFixed(1)} ms  p95=${pick(0.95).toFixed(1)} ms  mean=${mean.toFixed(1)} ms`;
}

async function main(): Promise<void> {
  const quiet = { logSink: () => {} };
  const a = await startDevnode({ wsPort: 0, ...quiet });
  const b = await startDevnode({ wsPort: 0, peers: [a.tcpMultiaddr], ...quiet });
  await waitForMesh(a, b);
  const [onA, onB] = await Promise.all([lightNode(a.wsMultiaddr), lightNode(b.wsMultiaddr)]);
  const sameNode = arrivals(onA);
  const crossNode = arrivals(onB);
  await new Promise((r) => setTimeout(r, 500)); // let both filter subscriptions land before timing
  const encoder = onA.createEncoder({ contentTopic: CONTENT_TOPIC, shardId: SHARD });
  const ack: number[] = [];
  const same: number[] = [];
  const cross: number[] = [];
  for (let i = 0; i < MESSAGES; i++) {
    const payload = randomBytes(PAYLOAD_BYTES);
    const key = payload.subarray(0, 8).toString('hex');
    const t0 = performance.now();
    const res = await onA.lightPush.send(encoder, { payload });
    if (res.failures.length) throw new Error(`push ${i} failed: ${JSON.stringify(res.failures)}`);
    ack.push(performance.now() - t0);
    const [tSame, tCross] = await Promise.all([sameNode.waitFor(key), crossNode.waitFor(key)]);
    same.push(tSame - t0);
    cross.push(tCross - t0);
  }
  console.log(summary('light push ack (A)', ack));
  console.log(summary('push → filter, same node (A→A)', same));
  console.log(summary('push → filter, cross node (A→B)', cross));
  await Promise.all([onA.stop(), onB.stop()]);
  await Promise.all([a.stop(), b.stop()]);
}

// @waku/sdk 0.0.36 leaves timers running after stop(), so exit explicitly.
main().then(() => process.exit(0), (err: unknown) => {
  console.error(err);
  process.exit(1);
});
