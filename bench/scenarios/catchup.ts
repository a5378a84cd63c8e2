/**
 * Issue metrics 3, 4 and 7 with a real profile and real messages. A fixed recovery phrase is
 * restored in Chromium (so its key is known), then the page is closed. In Node, 50 fresh sender
 * identities seal N real Status 1:1 messages to it with Parley's own send path
 * (bench/micro/catchup.ts) and light-push them into the devnode's store with @waku/sdk (version-1
 * Waku messages, as src/worker/transport/status-codec.ts). Then:
 *   3. catch-up: a new page, unlock, until the requests list shows all 50 chats holding all N
 *      messages (the unread badges add up to N), timed in the page from the Unlock click;
 *   4. cold start: close, reopen, unlock, until the chat list is rendered again (N in the vault);
 *   7. the worker's JS heap after that (CDP, after GC).
 * The catch-up runs under the worker's V8 sampling profiler (1 ms) to name the slowest stage; the
 * profile is kept in bench/results/profiles/ (gitignored) and summarised by stage in the record.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { createLightNode, Encoder, Protocols, type IMessage, type IProtoMessage, type IRoutingInfo, type LightNode } from '@waku/sdk';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { startDevnet, type Devnet } from '../../scripts/devnet.ts';
import { appServer, chatKeyShown, type AppServer } from '../lib/app.ts';
import type { BenchContext, Scenario } from '../lib/context.ts';
import { progress, single, type Metric } from '../lib/report.ts';
import { stageSplit, type StageSplit } from '../lib/stages.ts';
import { attachWorker, workerHeapUsed, type WorkerCdp } from '../lib/worker-cdp.ts';
import type * as CatchUpTypes from '../micro/catchup.ts';
import { buildApp } from './size.ts';

type CatchUpModule = typeof CatchUpTypes;

/** A BIP-39 test vector phrase: fixed, so the recipient's key is known before its profile exists. */
const PHRASE = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
const PASSWORD = 'parley bench catch-up';
const CHATS = 50;
const CLUSTER = 16;
const SHARD = 32;
const PUSH_CONCURRENCY = 8;
/** The devnode answers 429 beyond 200 requests per second per peer (devnode/config.ts): stay under it. */
const PUSH_PER_SECOND = 150;
const UI_TIMEOUT = 60_000;

class StatusEncoder extends Encoder {
  override async toProtoObj(message: IMessage): Promise<IProtoMessage> {
    return { ...(await super.toProtoObj(message)), version: 1 };
  }
}

async function pushAll(ws: string, messages: readonly CatchUpTypes.SealedMessage[]): Promise<number> {
  const node: LightNode = await createLightNode({
    defaultBootstrap: false, bootstrapPeers: [ws], networkConfig: { clusterId: CLUSTER }, numPeersToUse: 1,
    libp2p: { filterMultiaddrs: false, hideWebSocketInfo: true }, lightPush: { autoRetry: false },
  });
  await node.start();
  try {
    await node.waitForPeers([Protocols.LightPush], 15_000);
    const routing = { clusterId: CLUSTER, shardId: SHARD, pubsubTopic: `/waku/2/rs/${CLUSTER}/${SHARD}` } as unknown as IRoutingInfo;
    const encoders = new Map<string, StatusEncoder>();
    const t0 = performance.now();
    let next = 0;
    let slot = performance.now();
    const worker = async (): Promise<void> => {
      while (next < messages.length) {
        const m = messages[next++]!;
        const wait = slot - performance.now();
        slot = Math.max(slot, performance.now()) + 1000 / PUSH_PER_SECOND;
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        let enc = encoders.get(m.contentTopic);
        if (!enc) encoders.set(m.contentTopic, (enc = new StatusEncoder(m.contentTopic, false, routing)));
        const res = await node.lightPush.send(enc, { payload: m.payload });
        if (res.failures.length) throw new Error(`light push failed: ${JSON.stringify(res.failures)}`);
      }
    };
    await Promise.all(Array.from({ length: PUSH_CONCURRENCY }, worker));
    return performance.now() - t0;
  } finally {
    await node.stop();
  }
}

/** Makes the profile by restoring `phrase` with a password, lets its first (empty) catch-up run, closes the page. */
async function restoreProfile(context: BrowserContext, app: AppServer, phrase: string): Promise<void> {
  const page = await context.newPage();
  await page.goto(`${app.url}/`);
  await page.getByRole('button', { name: 'Restore from a recovery phrase' }).click();
  await page.getByLabel('Recovery phrase').fill(phrase);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Repeat password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Restore' }).click();
  await chatKeyShown(page);
  await page.getByRole('link', { name: 'Chats', exact: true }).click();
  await page.getByRole('heading', { name: 'Chats' }).waitFor({ timeout: UI_TIMEOUT });
  await page.waitForTimeout(3000);
  await page.getByText('Catching up').waitFor({ state: 'detached', timeout: UI_TIMEOUT });
  await page.close();
}

/** In the page: first times (Date.now()) of each milestone, from the Unlock click on. */
function watchCatchUp(expected: { chats: number; messages: number }): void {
  const w = window as unknown as { __bench: Record<string, number> };
  w.__bench = {};
  const mark = (k: string): void => {
    w.__bench[k] ??= Date.now();
  };
  document.addEventListener('click', (e) => {
    if ((e.target as HTMLElement | null)?.closest('button')?.textContent?.trim() === 'Unlock') mark('unlock');
  }, { capture: true });
  const scan = (): void => {
    if (!w.__bench['unlock']) return;
    if (document.querySelector('[data-testid="requests-tab"]')) mark('chatList');
    const rows = document.querySelectorAll('[data-testid="chat-row"]');
    if (rows.length > 0) mark('firstRow');
    if (document.querySelector('.sync[role="status"]')) mark('syncShown');
    if (rows.length >= expected.chats) mark('allChats');
    let unread = 0;
    for (const b of document.querySelectorAll('[data-testid="chat-row"] [data-testid="unread"]')) unread += Number(b.textContent);
    if (rows.length >= expected.chats && unread >= expected.messages) mark('allMessages');
  };
  new MutationObserver(scan).observe(document.body, { childList: true, subtree: true, characterData: true });
}

interface Opened {
  readonly page: Page;
  readonly marks: Record<string, number>;
}

/** Opens /chats in a new page, unlocks, waits until the requests list holds `messages` unread in `chats` rows. */
async function openAndWait(context: BrowserContext, app: AppServer, chats: number, messages: number, timeoutMs: number, beforeUnlock?: (page: Page) => Promise<void>): Promise<Opened> {
  const page = await context.newPage();
  await page.goto(`${app.url}/chats`);
  await page.getByRole('heading', { name: 'Unlock Parley' }).waitFor({ timeout: UI_TIMEOUT });
  await page.evaluate(watchCatchUp, { chats, messages });
  await page.getByLabel('Password').fill(PASSWORD);
  await beforeUnlock?.(page);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByTestId('requests-tab').click({ timeout: UI_TIMEOUT });
  try {
    await page.waitForFunction(() => (window as unknown as { __bench: Record<string, number> }).__bench['allMessages'] !== undefined, undefined, { timeout: timeoutMs, polling: 200 });
  } catch (e) {
    const seen = await page.evaluate(() => {
      let unread = 0;
      for (const b of document.querySelectorAll('[data-testid="chat-row"] [data-testid="unread"]')) unread += Number(b.textContent);
      return { rows: document.querySelectorAll('[data-testid="chat-row"]').length, unread, tab: document.querySelector('[data-testid="requests-tab"]')?.textContent?.trim(), sync: document.querySelector('.sync')?.textContent };
    }).catch(() => undefined);
    throw new Error(`catch-up did not list ${messages} messages in ${chats} chats within ${timeoutMs} ms; the page shows ${JSON.stringify(seen)} (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`, { cause: e });
  }
  const marks = await page.evaluate(() => (window as unknown as { __bench: Record<string, number> }).__bench);
  return { page, marks };
}

interface CatchUpRun {
  readonly n: number;
  readonly expected: { chats: number; messages: number };
  readonly sealMs: number;
  readonly pushMs: number;
  readonly marks: Record<string, number>;
  readonly coldMarks?: Record<string, number>;
  readonly heap?: { used: number; total: number };
  readonly profile?: StageSplit;
  readonly profilePath?: string;
  readonly coldProfile?: { split: StageSplit; path: string };
}

/** The worker's V8 sampling profiler (1 ms), started just before the Unlock click. */
function workerProfiler(): {
  start: (page: Page) => Promise<void>;
  stop: (ctx: BenchContext, buildDir: string, name: string) => Promise<{ split: StageSplit; path: string } | undefined>;
} {
  let w: WorkerCdp | undefined;
  return {
    async start(page) {
      w = await attachWorker(page);
      if (!w) throw new Error('the worker did not attach over CDP');
      await w.send('Profiler.enable');
      await w.send('Profiler.setSamplingInterval', { interval: 1000 });
      await w.send('Profiler.start');
    },
    async stop(ctx, buildDir, name) {
      if (!w) return undefined;
      const r = await w.send('Profiler.stop');
      await w.send('Profiler.disable');
      await w.detach();
      const raw = r['profile'] as Parameters<typeof stageSplit>[0];
      // Always kept (gitignored): the record names it as the pointer for the slowest stage.
      const dir = ctx.profileDir ?? `${ctx.root}bench/results/profiles`;
      await mkdir(dir, { recursive: true });
      const path = `${dir}/${name}.cpuprofile`;
      await writeFile(path, JSON.stringify(raw));
      ctx.profiles.push(relative(ctx.root, path));
      return { split: stageSplit(raw, buildDir), path };
    },
  };
}

async function oneRun(ctx: BenchContext, browser: Browser, mod: CatchUpModule, buildDir: string, o: { n: number; phrase: string; profile: boolean; coldStart: boolean }): Promise<CatchUpRun> {
  const devnet: Devnet = await startDevnet({ count: 1, basePort: 0 });
  const app = await appServer(buildDir, [devnet.nodes[0]!.wsMultiaddr]);
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    progress('catchup', `N=${o.n}: restoring the recipient profile from a fixed phrase`);
    await restoreProfile(context, app, o.phrase);
    progress('catchup', `N=${o.n}: sealing ${o.n} messages from ${CHATS} senders with Parley's send path (Node)`);
    const t = performance.now();
    const sealed = await mod.sealCatchUp(o.phrase, CHATS, o.n, (done) => {
      if (done % 1000 === 0) progress('catchup', `  sealed ${done}/${o.n}`);
    });
    const sealMs = performance.now() - t;
    // What the recipient can list: messages its receive path does not misclassify (see SealedMessage).
    const kept = sealed.filter((m) => !m.misclassified);
    const expected = { chats: new Set(kept.map((m) => m.chat)).size, messages: kept.length };
    progress('catchup', `N=${o.n}: light push into the devnode store (${PUSH_CONCURRENCY} in flight)`);
    const pushMs = await pushAll(devnet.nodes[0]!.wsMultiaddr, sealed);
    progress('catchup', `N=${o.n}: unlock and catch up${o.profile ? ' (worker CPU profile on)' : ''}`);
    const timeout = 120_000 + o.n * 200;
    const catchUpProfiler = workerProfiler();
    const opened = await openAndWait(context, app, expected.chats, expected.messages, timeout, o.profile ? catchUpProfiler.start : undefined);
    const caught = o.profile ? await catchUpProfiler.stop(ctx, buildDir, `catchup-worker-${o.n}`) : undefined;
    await opened.page.close();
    let coldMarks: Record<string, number> | undefined;
    let heap: { used: number; total: number } | undefined;
    let coldProfile: { split: StageSplit; path: string } | undefined;
    if (o.coldStart) {
      progress('catchup', `N=${o.n}: cold start: reopen, unlock, chat list with ${o.n} messages in the vault`);
      // The catch-up above acknowledged the senders and stored its sync time: this open is from the vault.
      const coldProfiler = workerProfiler();
      const again = await openAndWait(context, app, expected.chats, expected.messages, UI_TIMEOUT * 2, o.profile ? coldProfiler.start : undefined);
      coldMarks = again.marks;
      if (o.profile) coldProfile = await coldProfiler.stop(ctx, buildDir, `coldstart-worker-${o.n}`);
      await again.page.waitForTimeout(2000);
      const w = await attachWorker(again.page);
      if (w) {
        heap = await workerHeapUsed(w);
        await w.detach();
      }
      await again.page.close();
    }
    return { n: o.n, expected, sealMs, pushMs, marks: opened.marks, coldMarks, heap, profile: caught?.split, profilePath: caught?.path, coldProfile };
  } finally {
    await context.close();
    await app.close();
    await devnet.stop();
  }
}

const since = (m: Record<string, number>, k: string): number => (m[k] ?? NaN) - (m['unlock'] ?? NaN);

export const catchupScenario: Scenario = {
  name: 'catchup',
  async run(ctx) {
    if (!ctx.browser) throw new Error('Chromium is not available');
    const mod = (await import(`${ctx.bundles.nodeDir}/catchup.js`)) as CatchUpModule;
    const buildDir = buildApp({ ...ctx, quick: true });
    const n = ctx.quick ? 200 : 1000;
    // One run, under the worker's sampling profiler (1 ms): a second, unprofiled catch-up does not fit the bench budget.
    const main = await oneRun(ctx, ctx.browser, mod, buildDir, { n, phrase: PHRASE, profile: true, coldStart: true });
    const total = since(main.marks, 'allMessages');
    const listed = main.expected.messages;
    const rate = listed / (total / 1000);
    const dropped = n - listed;
    const split = main.profile;
    const callersText = split ? split.parleyCallers.slice(0, 4).map((c) => `${c.fn} ${c.ms.toFixed(0)} ms (${c.share} %)`).join('; ') : 'no profile';
    const stagesText = split ? split.stages.slice(0, 5).map((s) => `${s.stage} ${s.ms.toFixed(0)} ms (${s.share} %)`).join('; ') : 'no profile';
    const mib = (x: number): number => x / 2 ** 20;
    const metrics: Metric[] = [
      {
        issue: 3, id: 'catchup.1k', name: `catch-up: ${n.toLocaleString('en')} missed msgs / ${CHATS} chats`, unit: 'msgs/s', status: 'ok',
        ours: { label: `Parley in Chromium: unlock → all ${listed} listable messages listed`, stats: single(rate) },
        note: `${n} real 1:1 messages (${n / CHATS} per chat; each sender's first a contact request, the rest texts; DH-only on the recipient's partitioned topic, one MVDS message per Waku message, as strangers' requests arrive) from ${CHATS} fresh identities, sealed in Node with Parley's send path (${(main.sealMs / 1000).toFixed(1)} s) and light-pushed into one devnode's store (${(main.pushMs / 1000).toFixed(1)} s, paced under the devnode's 200 requests/s limit). Recipient: a password profile restored from a fixed phrase, closed before the messages were sent. ${dropped > 0 ? `${dropped} of the ${n} are dropped by the recipient as 'segmented' (classifyTransportBytes takes a valid ProtocolMessage for a SegmentMessage: a product bug, checked in Node with the recipient's key on every sealed message), so the end is ${listed} messages in ${main.expected.chats} chats and the rate counts those. ` : `None of the ${n} hit the 'segmented' misclassification. `}Timed in the page from the Unlock click (Argon2id unlock included) until the Requests list shows ${main.expected.chats} rows whose unread badges add up to ${listed}: ${(total / 1000).toFixed(2)} s in all (unlock → chat list ${since(main.marks, 'chatList').toFixed(0)} ms, → first chat row ${since(main.marks, 'firstRow').toFixed(0)} ms, → all ${main.expected.chats} chats ${since(main.marks, 'allChats').toFixed(0)} ms, → all messages ${total.toFixed(0)} ms). No reference implementation runs here; PERFORMANCE.md's design figure is ~6 ms of secp256k1 per message with noble. Timed with the worker's V8 sampling profiler on (1 ms interval). Where the worker's CPU went (profile ${main.profilePath ? relative(ctx.root, main.profilePath) : 'n/a'}): by Parley step (nearest Parley caller, library time below it included): ${callersText}; by library: ${stagesText}; worker idle ${split ? `${split.idleMs.toFixed(0)} of ${split.totalMs.toFixed(0)} ms` : 'n/a'} (waiting on IndexedDB, the store node or the page).`,
        detail: {
          totalMs: total, listed, droppedAsSegmented: dropped, milestonesMs: Object.fromEntries(['chatList', 'firstRow', 'syncShown', 'allChats', 'allMessages'].map((k) => [k, since(main.marks, k)])),
          sealMs: main.sealMs, pushMs: main.pushMs, profile: split ? { ...split, file: main.profilePath ? relative(ctx.root, main.profilePath) : undefined } : undefined,
        },
      },
      {
        issue: 3, id: 'catchup.1k.time', name: `catch-up: ${n.toLocaleString('en')} missed msgs / ${CHATS} chats, total time`, unit: 's', status: 'ok',
        ours: { label: 'Unlock click → all listable messages listed', stats: single(total / 1000) },
        note: 'The same run as the row above, as a duration.',
      },
      {
        issue: 3, id: 'catchup.10k', name: 'catch-up: 10,000 missed msgs / 50 chats', unit: 'msgs/s', status: 'not-yet-measurable',
        note: `Not run: sealing + pushing + catching up 10,000 messages here takes several minutes (this run: ${n} messages took ${((main.sealMs + main.pushMs) / 1000).toFixed(0)} s to seal and push and ${(total / 1000).toFixed(0)} s to catch up), which breaks the 10-minute budget of a full bench run on this 2-core machine. The ${n}-message row above is the measured figure; no number is extrapolated here.`,
      },
      main.coldMarks
        ? {
          issue: 4, id: 'coldstart.unlock-to-list', name: `cold start: unlock → chat list (${n.toLocaleString('en')} msgs)`, unit: 'ms', status: 'ok',
          ours: { label: 'Unlock click → Requests list with all chats and unread counts', stats: single(since(main.coldMarks, 'allMessages')) },
          note: `Same profile after its catch-up (${n} messages in ${CHATS} chats in the vault), a new page, password typed, timed in the page from the Unlock click (includes the Argon2id unlock of metric 5) until ${main.expected.chats} rows with ${listed} unread are rendered: chat list ${since(main.coldMarks, 'chatList').toFixed(0)} ms, first row ${since(main.coldMarks, 'firstRow').toFixed(0)} ms, all rows ${since(main.coldMarks, 'allMessages').toFixed(0)} ms. One run, with the worker's sampling profiler on. Worker CPU by Parley step (${main.coldProfile ? relative(ctx.root, main.coldProfile.path) : 'no profile'}): ${main.coldProfile ? main.coldProfile.split.parleyCallers.slice(0, 4).map((c) => `${c.fn} ${c.ms.toFixed(0)} ms (${c.share} %)`).join('; ') : 'n/a'}.`,
          detail: main.coldProfile ? { milestonesMs: Object.fromEntries(['chatList', 'firstRow', 'allChats', 'allMessages'].map((k) => [k, since(main.coldMarks!, k)])), profile: { ...main.coldProfile.split, file: relative(ctx.root, main.coldProfile.path) } } : undefined,
        }
        : { issue: 4, id: 'coldstart.unlock-to-list', name: 'cold start: unlock → chat list', unit: 'ms', status: 'failed', note: 'cold start did not run' },
      {
        issue: 4, id: 'coldstart.unlock-to-list-10k', name: 'cold start: unlock → chat list (10k msgs)', unit: 'ms', status: 'not-yet-measurable',
        note: 'Needs a 10k-message vault, which needs the 10k catch-up above (not run within the bench budget).',
      },
      main.heap
        ? {
          issue: 7, id: 'memory.1k', name: `worker heap with ${n.toLocaleString('en')} messages in the vault`, unit: 'MiB', status: 'ok',
          ours: { label: 'CDP Runtime.getHeapUsage on the worker target, after GC', stats: single(mib(main.heap.used)) },
          note: `After the cold start above (chat list rendered, ${CHATS} chats, ${n} messages in the vault, no chat open), 2 s idle. Heap total ${mib(main.heap.total).toFixed(1)} MiB. Compare the empty-profile row.`,
        }
        : { issue: 7, id: 'memory.1k', name: 'worker heap with messages in the vault', unit: 'MiB', status: 'failed', note: 'The worker target did not attach over CDP.' },
      {
        issue: 7, id: 'memory.10k', name: 'worker heap with 10k messages loaded', unit: 'MiB', status: 'not-yet-measurable',
        note: 'Needs a 10k-message vault, made by the 10k catch-up, which does not fit the bench budget yet (see metric 3); the row above is the heap with this run\'s messages.',
      },
      { issue: 7, id: 'memory.100k', name: 'worker heap with 100k messages loaded', unit: 'MiB', status: 'not-yet-measurable', note: 'As above with 100k messages.' },
    ];
    return metrics;
  },
};
