/**
 * Issue metric 2: delivery latency. The baseline half: raw @waku/sdk light push → filter through
 * two meshed devnodes launched as `npm start` and the e2e server launch them (scripts/devnet.ts,
 * separate processes), sender on node 1, receiver on node 2, sequential messages of the payload size a Parley 1:1
 * message has on the wire. The Parley half: the built app in two Chromium contexts over the same
 * devnodes, same count, from Enter in the sender's composer to the text in the peer's open chat.
 * Light-node setup follows bench/devnode-latency.ts and shared/spec/waku-sdk-notes.md §2.
 */
import { randomBytes } from 'node:crypto';
import type { IDecodedMessage, LightNode } from '@waku/sdk';
import { benchLightNode } from '../lib/light-node.ts';
import { startDevnet, type Devnet } from '../../scripts/devnet.ts';
import type { BrowserContext } from '@playwright/test';
import { appServer, becomeContacts, newTryNowUser } from '../lib/app.ts';
import type { BenchContext, Scenario } from '../lib/context.ts';
import { progress, stats, type Metric } from '../lib/report.ts';
import { buildApp } from './size.ts';

/**
 * Wire size of a 200-character 1:1 text, measured through the protocol modules: ChatMessage 356 B,
 * AMM 428, MVDS 482, ProtocolMessage with the sender's bundle 956, Waku v1 envelope (signed,
 * padded to 256) under ECIES 1393.
 */
const PAYLOAD_BYTES = 1393;
const SHARD = 32;
const CONTENT_TOPIC = '/parley-bench/1/delivery/proto';
const DELIVERY_TIMEOUT_MS = 10_000;
/** The sender's MVDS epoch (src/worker/protocol/mvds/node.ts): messages wait for the next tick. */
const EPOCH_MS = 300;

const lightNode = (ws: string): Promise<LightNode> => benchLightNode(ws, 15_000);

/** Arrival times (performance.now()) of payloads keyed by their first 8 bytes. */
async function arrivals(node: LightNode): Promise<(key: string) => Promise<number>> {
  const seen = new Map<string, number>();
  const waiters = new Map<string, (t: number) => void>();
  const decoder = node.createDecoder({ contentTopic: CONTENT_TOPIC, shardId: SHARD });
  await node.filter.subscribe(decoder, (msg: IDecodedMessage) => {
    const t = performance.now();
    const key = Buffer.from(msg.payload.subarray(0, 8)).toString('hex');
    seen.set(key, t);
    waiters.get(key)?.(t);
  });
  return (key) => new Promise((resolve, reject) => {
    const t = seen.get(key);
    if (t !== undefined) return resolve(t);
    waiters.set(key, resolve);
    setTimeout(() => reject(new Error(`message ${key} not delivered within ${DELIVERY_TIMEOUT_MS} ms`)), DELIVERY_TIMEOUT_MS).unref();
  });
}

async function baseline(count: number, devnet: Devnet): Promise<{ push: number[]; delivered: number[] }> {
  const [sender, receiver] = await Promise.all([lightNode(devnet.nodes[0]!.wsMultiaddr), lightNode(devnet.nodes[1]!.wsMultiaddr)]);
  try {
    const waitFor = await arrivals(receiver);
    // Until the relay mesh and the filter subscription are up, messages can be lost: send probes until one arrives.
    const encoder = sender.createEncoder({ contentTopic: CONTENT_TOPIC, shardId: SHARD });
    for (let i = 0; ; i++) {
      const probe = randomBytes(PAYLOAD_BYTES);
      await sender.lightPush.send(encoder, { payload: probe });
      try {
        await Promise.race([waitFor(probe.subarray(0, 8).toString('hex')), new Promise((_, rej) => setTimeout(rej, 1000))]);
        break;
      } catch {
        if (i > 20) throw new Error('devnet did not deliver a probe message');
      }
    }
    const push: number[] = [];
    const delivered: number[] = [];
    for (let i = 0; i < count; i++) {
      if (i % 50 === 0) progress('delivery', `raw @waku/sdk message ${i}/${count}`);
      const payload = randomBytes(PAYLOAD_BYTES);
      const t0 = performance.now();
      const res = await sender.lightPush.send(encoder, { payload });
      if (res.failures.length) throw new Error(`light push ${i} failed: ${JSON.stringify(res.failures)}`);
      push.push(performance.now() - t0);
      delivered.push((await waitFor(payload.subarray(0, 8).toString('hex'))) - t0);
    }
    return { push, delivered };
  } finally {
    await Promise.allSettled([sender.stop(), receiver.stop()]);
  }
}

/** Installed in the receiving page: first DOM time (Date.now()) of every message text. */
function watchRendered(): void {
  const w = window as unknown as { __benchSeen: Record<string, number> };
  w.__benchSeen = {};
  const scan = (): void => {
    const t = Date.now();
    for (const el of document.querySelectorAll('[data-testid="message-text"]')) {
      const text = el.textContent ?? '';
      if (!(text in w.__benchSeen)) w.__benchSeen[text] = t;
    }
  };
  scan();
  new MutationObserver(scan).observe(document.body, { childList: true, subtree: true, characterData: true });
}

/**
 * Installed in the sending page: Date.now() of each Enter keydown in the composer, by its text,
 * and when the message's own row first leaves the "sending" state (the MVDS epoch sent it).
 */
function watchSent(): void {
  const w = window as unknown as { __benchSent: Record<string, number>; __benchOut: Record<string, number> };
  w.__benchSent = {};
  w.__benchOut = {};
  const scan = (): void => {
    const t = Date.now();
    for (const el of document.querySelectorAll('[data-testid="delivery"]:not([data-state="sending"])')) {
      const text = el.closest('[data-testid="message"]')?.querySelector('[data-testid="message-text"]')?.textContent ?? '';
      if (!(text in w.__benchOut)) w.__benchOut[text] = t;
    }
  };
  scan();
  new MutationObserver(scan).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-state'] });
  document.addEventListener('keydown', (e) => {
    const t = Date.now();
    const target = e.target as HTMLTextAreaElement | null;
    if (e.key === 'Enter' && target?.id === 'composer-text') w.__benchSent[target.value] = t;
  }, { capture: true });
}

/**
 * The Parley half: two Chromium contexts, try-now profiles on different devnodes, contacts through
 * the UI; then `count` sequential messages Alice → Bob, each from Enter in Alice's composer to the
 * text in Bob's open chat (DOM insertion seen by a MutationObserver). Both pages run on this
 * machine, so their Date.now() share one clock.
 */
async function parleyDelivery(ctx: BenchContext, devnet: Devnet, count: number): Promise<{ latency: number[]; out: number[]; warmup: number[]; setupMs: number }> {
  if (!ctx.browser) throw new Error('Chromium is not available');
  const buildDir = buildApp({ ...ctx, quick: true });
  const app = await appServer(buildDir, devnet.nodes.map((n) => n.wsMultiaddr));
  const contexts: BrowserContext[] = [];
  try {
    const t0 = performance.now();
    progress('delivery', 'Parley: two try-now profiles on different devnodes, contact request + accept through the UI');
    const alice = await newTryNowUser(ctx.browser, app, 0);
    contexts.push(alice.context);
    const bob = await newTryNowUser(ctx.browser, app, 1);
    contexts.push(bob.context);
    await becomeContacts(alice, bob);
    const setupMs = performance.now() - t0;
    await bob.page.evaluate(watchRendered);
    await alice.page.evaluate(watchSent);
    const composer = alice.page.getByLabel('Message', { exact: true });
    const texts: string[] = [];
    const one = async (text: string): Promise<number> => {
      await composer.fill(text);
      await composer.press('Enter');
      await bob.page.waitForFunction((t) => t in (window as unknown as { __benchSeen: Record<string, number> }).__benchSeen, text, { timeout: 30_000 });
      const seen = await bob.page.evaluate((t) => (window as unknown as { __benchSeen: Record<string, number> }).__benchSeen[t]!, text);
      const sent = await alice.page.evaluate((t) => (window as unknown as { __benchSent: Record<string, number> }).__benchSent[t], text);
      if (sent === undefined) throw new Error(`no Enter recorded for ${text}`);
      texts.push(text);
      return seen - sent;
    };
    const tag = randomBytes(3).toString('hex');
    const warmup: number[] = [];
    for (let i = 0; i < 3; i++) warmup.push(await one(`warm-up ${i} ${tag}`));
    texts.length = 0;
    const latency: number[] = [];
    for (let i = 0; i < count; i++) {
      if (i % 50 === 0) progress('delivery', `Parley message ${i}/${count}`);
      latency.push(await one(`bench ${i} ${tag} ${'x'.repeat(40)}`));
    }
    // The own row's tick: the page learns of "sent" only with a later update, so this is mostly the ACK round trip.
    await alice.page.waitForTimeout(3000);
    const out = await alice.page.evaluate((ts) => {
      const w = window as unknown as { __benchSent: Record<string, number>; __benchOut: Record<string, number> };
      return ts.map((t) => (w.__benchOut[t] ?? NaN) - (w.__benchSent[t] ?? NaN)).filter((x) => Number.isFinite(x));
    }, texts);
    return { latency, out, warmup, setupMs };
  } finally {
    await Promise.allSettled(contexts.map((c) => c.close()));
    await app.close();
  }
}

export const deliveryScenario: Scenario = {
  name: 'delivery',
  async run(ctx: BenchContext) {
    const count = ctx.quick ? 20 : 200;
    progress('delivery', 'starting two meshed devnodes (scripts/devnet.ts)');
    const devnet = await startDevnet({ count: 2, basePort: 0 });
    try {
      const b = await baseline(count, devnet);
      const delivered = stats(b.delivered);
      const p = await parleyDelivery(ctx, devnet, count);
      const ours = stats(p.latency);
      const out = stats(p.out);
      const metrics: Metric[] = [
        {
          issue: 2, id: 'delivery.parley', name: 'send → rendered in peer browser (Parley)', unit: 'ms', status: 'ok',
          ours: { label: 'Enter in Alice\'s composer → text in Bob\'s DOM, Chromium, devnode 1 → devnode 2', stats: ours },
          reference: { label: 'raw @waku/sdk light push → filter, same devnodes', stats: delivered }, ratio: ours.p50 / delivered.p50,
          note: `${count} sequential text messages between two try-now profiles (separate Chromium contexts, Alice on devnode 1, Bob on devnode 2), contacts through the UI (${(p.setupMs / 1000).toFixed(1)} s for two profiles + request + accept, not timed below), Bob's chat open. Send time: Date.now() in Alice's page at the Enter keydown (capture listener); arrival: Date.now() in Bob's page when a MutationObserver first sees the text in the DOM (before paint). Both pages on this machine share the clock. 3 untimed warm-up messages first (${p.warmup.map((x) => x.toFixed(0)).join(', ')} ms). A new message leaves as soon as it is committed (MVDS sendNew; before 2026-12-07 it waited for the next ${EPOCH_MS} ms epoch, p50 217 ms / p95 275 ms on this machine); includes the page↔worker hops and vault writes on both sides. Also measured, same messages: Enter → Alice's own row leaves "sending" p50 ${out.p50.toFixed(0)} ms, p95 ${out.p95.toFixed(0)} (n ${out.n} of ${count}). The worker emits the "sent" mark once a node has accepted the light push (Outbox.onPushed → Sender.onSent), so this is the send stage (commit + seal + push); it is usually within a few ms of the peer's render because the relay hop and the filter push take under 20 ms here.`,
          detail: { stagesMs: { enterToPeerDom: ours, enterToOwnTickChange: out } },
        },
        {
          issue: 2, id: 'delivery.waku-baseline', name: 'raw @waku/sdk push → filter, cross-node (baseline)', unit: 'ms', status: 'ok',
          ours: { label: 'light push on devnode 1 → filter on devnode 2 (Node light nodes)', stats: delivered },
          note: `${count} sequential ${PAYLOAD_BYTES} B payloads, sender and receiver on different devnodes (relay hop). This is the anchor for the Parley row above.`,
        },
        {
          issue: 2, id: 'delivery.waku-push-ack', name: 'raw @waku/sdk light push ack', unit: 'ms', status: 'ok',
          ours: { label: 'light push request → response', stats: stats(b.push) },
        },
      ];
      return metrics;
    } finally {
      await devnet.stop();
    }
  },
};
