/**
 * Store catch-up against a real devnode through the real @waku/sdk light node (no mocks): the
 * open chat's topics come first and newest first, offline periods beyond 9 days leave a gap that
 * "Fetch" fills, a failed query leaves a gap that the next catch-up fills, "fetch older" moves
 * the floor back and says when nothing is older, and the gaps survive a restart (vault record).
 * The devnode accepts historic timestamps on light push, which stands in for messages sent while
 * we were away.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnode, type Devnode } from '../../../../devnode/node.ts';
import { DEFAULT_SHARD } from '$lib/shared/network.ts';
import type { WorkerEvent } from '$lib/shared/events.ts';
import { EventHub } from '../../events.ts';
import { Vault } from '../../vault/vault.ts';
import { MemoryProfileDb } from '../../vault/memory/memory-profile-db.ts';
import { newDataKey } from '../../vault/keyring.ts';
import { deriveIdentityKeys, parseMnemonic } from '../../identity/index.ts';
import { DEFAULT_SYNC_PERIOD_SECONDS, STORE_PAGE_SIZE } from '../../protocol/index.ts';
import { WakuTransport, type PlainWakuMessage } from '../../transport/waku-node.ts';
import type { OpenProfile } from '../session.ts';
import { newIdentityRecord } from '../identity-record.ts';
import { ChatContext } from './context.ts';
import { StoreSync, SYNC_RECORD_ID } from './store-sync.ts';
import { runStoreQuery } from './store-query.ts';
import { Batch } from './store.ts';

const DAY_MS = 86_400_000;
const OPEN = '/waku/1/0x0000000a/rfc26';
const OTHER = '/waku/1/0x0000000b/rfc26';
const PHRASE = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

let node: Devnode;
let transport: WakuTransport;

async function profile(id: string): Promise<{ open: OpenProfile; events: WorkerEvent[]; hub: EventHub }> {
  const parsed = parseMnemonic(PHRASE);
  if (!parsed.ok) throw new Error('bad test phrase');
  const open: OpenProfile = {
    entry: { id, createdAt: 1, lock: 'password' },
    vault: new Vault(new MemoryProfileDb(id), newDataKey()),
    record: newIdentityRecord(PHRASE, true, 1),
    keys: deriveIdentityKeys(parsed.value),
  };
  const events: WorkerEvent[] = [];
  const hub = new EventHub();
  hub.add((e) => void events.push(e));
  return { open, events, hub };
}

async function setup(id: string, topics: string[], chat: Record<string, string[]>) {
  const p = await profile(id);
  const ctx = await ChatContext.load(p.open, p.hub, Date.now());
  const delivered: PlainWakuMessage[] = [];
  const make = () => new StoreSync(ctx, (m) => (delivered.push(m), Promise.resolve(null)), (c) => chat[c] ?? []);
  const sync = make();
  await sync.load();
  sync.setTopics(topics);
  sync.setTransport(transport);
  return { ctx, sync, delivered, events: p.events, make };
}

let seq = 0;
/** Publishes a message on `topic` with the given Waku timestamp (ms); the payload names it. */
async function put(topic: string, at: number): Promise<string> {
  const name = `${topic.slice(10, 18)}#${seq++}@${at}`;
  const message = { payload: new TextEncoder().encode(name), timestamp: new Date(at) };
  // The devnode limits each peer to 200 requests a second (like nwaku): pushing in a tight loop
  // can hit that, so a refused push waits for the next second and tries again.
  for (let attempt = 1; ; attempt++) {
    const r = await transport.node.lightPush.send(transport.statusEncoder(topic, DEFAULT_SHARD), message);
    if (r.successes.length > 0) return name;
    if (attempt === 3) throw new Error(`light push failed: ${JSON.stringify(r.failures)}`);
    await new Promise((resolve) => setTimeout(resolve, 1100));
  }
}
const names = (list: readonly PlainWakuMessage[]): string[] => list.map((m) => new TextDecoder().decode(m.payload));

async function connected(t: WakuTransport): Promise<void> {
  for (let i = 0; i < 200 && (await t.node.libp2p.peerStore.all()).every((p) => !p.protocols.includes('/vac/waku/store-query/3.0.0')); i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  node = await startDevnode({ wsPort: 0, peers: [], db: ':memory:', logSink: () => undefined });
  transport = await WakuTransport.start({ presetId: 'local-devnet', clusterId: 16, shards: [DEFAULT_SHARD], nodes: [node.wsMultiaddr] });
  await connected(transport);
}, 30_000);

afterAll(async () => {
  await transport?.node.stop();
  await node?.stop();
});

describe('store catch-up against a devnode', () => {
  it('serves the open chat first, newest page first, then the rest oldest first, each message once', async () => {
    const now = Date.now();
    const open: string[] = [];
    for (let i = 0; i < 2 * STORE_PAGE_SIZE + 10; i++) open.push(await put(OPEN, now - 3 * DAY_MS + i * 60_000));
    const other = [await put(OTHER, now - 2 * DAY_MS), await put(OTHER, now - 60_000)];
    const { sync, delivered, events } = await setup('p1', [OTHER, OPEN], { chat: [OPEN] });
    sync.setOpenChat('chat');
    expect(await sync.run()).toBe(true);
    const got = names(delivered);
    // Each message exactly once.
    expect(new Set(got).size).toBe(got.length);
    expect([...got].sort()).toEqual([...open, ...other].sort());
    // The open chat's messages all come before the other topic's.
    expect(got.slice(0, open.length).sort()).toEqual([...open].sort());
    // Newest page first: the first 50 delivered are the newest 50, in time order within the page.
    expect(got.slice(0, STORE_PAGE_SIZE)).toEqual(open.slice(-STORE_PAGE_SIZE));
    expect(got.slice(STORE_PAGE_SIZE, 2 * STORE_PAGE_SIZE)).toEqual(open.slice(-2 * STORE_PAGE_SIZE, -STORE_PAGE_SIZE));
    // The rest oldest first.
    expect(got.slice(open.length)).toEqual(other);
    const progress = events.filter((e) => e.type === 'chat-sync');
    expect(progress.at(-1)).toMatchObject({ running: false, messages: open.length + other.length });
    expect(sync.history('chat').gaps).toEqual([]);
  }, 60_000);

  it('back after 12 days: a gap beyond the 9-day limit, filled by "Fetch", persisted in the vault', async () => {
    const topic = '/waku/1/0x0000000c/rfc26';
    const now = Date.now();
    const lastRequest = Math.floor((now - 12 * DAY_MS) / 1000);
    const old = [await put(topic, now - 11 * DAY_MS), await put(topic, now - 10 * DAY_MS)];
    const recent = await put(topic, now - DAY_MS);
    const { ctx, sync, delivered, make } = await setup('p2', [topic], { chat: [topic] });
    await ctx.store.commit(new Batch().put('settings', SYNC_RECORD_ID, {
      v: 2, topics: { [topic]: { lastRequest, floor: lastRequest - DEFAULT_SYNC_PERIOD_SECONDS, gaps: [] } },
    }));
    await sync.load();
    expect(await sync.run()).toBe(true);
    expect(names(delivered)).toEqual([recent]);
    const h = sync.history('chat');
    expect(h.gaps).toHaveLength(1);
    expect(h.gaps[0]!.from).toBe((lastRequest - 60) * 1000);
    expect(Math.abs(h.gaps[0]!.to - (now - DEFAULT_SYNC_PERIOD_SECONDS * 1000))).toBeLessThan(5_000);

    // A restart reads the same gap back from the vault.
    const again = make();
    await again.load();
    again.setTransport(transport);
    expect(again.history('chat').gaps).toEqual(h.gaps);

    const filled = await again.fillGap('chat', { from: h.gaps[0]!.from / 1000, to: h.gaps[0]!.to / 1000 });
    expect(filled.ok && filled.value.error).toBe(undefined);
    // User fetches go newest window first (the reader looks from the newer end).
    expect(names(delivered).slice(1)).toEqual([...old].reverse());
    expect(again.history('chat').gaps).toEqual([]);
  }, 60_000);

  it('a query that fails leaves its range as a gap; the next catch-up fills it', async () => {
    const topic = '/waku/1/0x0000000d/rfc26';
    const msg = await put(topic, Date.now() - 2 * DAY_MS);
    const down = await WakuTransport.start({ presetId: 'local-devnet', clusterId: 16, shards: [DEFAULT_SHARD], nodes: ['/ip4/127.0.0.1/tcp/1/ws/p2p/16Uiu2HAmAR24Mbb6VuzoyUiGx42UenDkshENVDj4qnmmbabLvo31'] });
    try {
      const { sync, delivered } = await setup('p3', [topic], { chat: [topic] });
      sync.setTransport(down);
      expect(await sync.run()).toBe(false);
      const gaps = sync.history('chat').gaps;
      expect(gaps).toHaveLength(1);
      expect(gaps[0]!.to - gaps[0]!.from).toBeGreaterThanOrEqual(DEFAULT_SYNC_PERIOD_SECONDS * 1000);
      const refused = await sync.fillGap('chat', { from: gaps[0]!.from / 1000, to: gaps[0]!.to / 1000 });
      expect(refused.ok && refused.value.error).toBe('chat/store_unavailable');
      expect(sync.history('chat').gaps).toEqual(gaps);

      sync.setTransport(transport);
      expect(await sync.run()).toBe(true);
      expect(names(delivered)).toEqual([msg]);
      // Nothing is missing inside the sync period. When the two runs fall in different seconds,
      // the oldest second of the first gap has slid out of the period: it stays a gap (it was
      // never fetched), for "Fetch" on its marker.
      const periodStart = Math.ceil(Date.now() / 1000) - DEFAULT_SYNC_PERIOD_SECONDS;
      for (const g of sync.history('chat').gaps) expect(g.to).toBeLessThanOrEqual(periodStart * 1000);
    } finally {
      await down.node.stop();
    }
  }, 60_000);

  it('"fetch older" brings what is beyond the floor and then says nothing is older', async () => {
    const topic = '/waku/1/0x0000000e/rfc26';
    const now = Date.now();
    const older = [await put(topic, now - 12 * DAY_MS), await put(topic, now - 10 * DAY_MS)];
    const { sync, delivered } = await setup('p4', [topic], { chat: [topic] });
    expect(await sync.run()).toBe(true);
    expect(delivered).toHaveLength(0);
    const floor = sync.history('chat').floor!;
    const first = await sync.fetchOlder('chat');
    expect(first.ok && first.value).toMatchObject({ running: false, searchedFrom: floor - DEFAULT_SYNC_PERIOD_SECONDS * 1000 });
    expect(names(delivered)).toEqual([...older].reverse());
    expect(sync.history('chat').floor).toBe(floor - DEFAULT_SYNC_PERIOD_SECONDS * 1000);
    const second = await sync.fetchOlder('chat');
    expect(second.ok && second.value.error).toBe(undefined);
    expect(delivered).toHaveLength(2);
  }, 60_000);

  it('a query whose second page fails: the page received is applied, and the rest of the window stays missing up to its oldest second, in both delivery modes', async () => {
    const topic = '/waku/1/0x00000010/rfc26';
    const t0 = Date.now() - 2 * DAY_MS;
    const at = Array.from({ length: 60 }, (_, i) => t0 + i * 1000);
    const sent: string[] = [];
    for (const ms of at) sent.push(await put(topic, ms));
    const window = { from: Math.floor(t0 / 1000) - 60, to: Math.floor(t0 / 1000) + 3600 };
    const store = transport.node.store;
    const real = store.queryGenerator.bind(store);
    // The node's first page (the newest 50) arrives; the second is lost.
    store.queryGenerator = (async function* (decoders, options) {
      for await (const page of real(decoders, options)) {
        yield page;
        throw new Error('page 2 lost');
      }
    }) as typeof store.queryGenerator;
    try {
      const oldestSecond = Math.floor(at[at.length - STORE_PAGE_SIZE]! / 1000);
      for (const perPage of [false, true]) {
        const got: PlainWakuMessage[] = [];
        const outcome = await runStoreQuery(transport, { contentTopics: [topic], window, perPage }, async (m) => void got.push(...m));
        expect(names(got), `perPage ${perPage}`).toEqual(sent.slice(-STORE_PAGE_SIZE));
        // The oldest received second may have more messages on the lost page: it stays missing.
        expect(outcome).toMatchObject({ ok: false, messages: STORE_PAGE_SIZE, received: { from: oldestSecond + 1, to: window.to }, missing: { from: window.from, to: oldestSecond + 1 } });
      }
    } finally {
      store.queryGenerator = real;
    }
  }, 60_000);
});
