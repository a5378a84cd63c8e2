/**
 * The outbox against a real devnode through the real @waku/sdk light node (no mocks): our
 * messages become "sent" only when a node accepts the envelope. With no node reachable the entry
 * stays queued (with the ids of the messages it carries, in the vault) and nothing is reported;
 * after a reload, the same entry is pushed once a node is there, the ids are reported, and the
 * envelope is in the node's store with its original timestamp.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnode, type Devnode } from '../../../../devnode/node.ts';
import { DEFAULT_SHARD } from '$lib/shared/network.ts';
import { WakuTransport, type PlainWakuMessage } from '../../transport/waku-node.ts';
import { Outbox, OUTBOX_RECORD_ID, type OutboxEntry } from './outbox.ts';
import { runStoreQuery } from './store-query.ts';
import { pair } from './test-harness.ts';

const TOPIC = '/waku/1/0x0000000e/rfc26';

let node: Devnode;
let online: WakuTransport;
let offline: WakuTransport;

async function until(check: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  node = await startDevnode({ wsPort: 0, peers: [], db: ':memory:', logSink: () => undefined });
  online = await WakuTransport.start({ presetId: 'local-devnet', clusterId: 16, shards: [DEFAULT_SHARD], nodes: [node.wsMultiaddr] });
  // A light node with no service node configured: every push fails, as when we are offline.
  offline = await WakuTransport.start({ presetId: 'local-devnet', clusterId: 16, shards: [DEFAULT_SHARD], nodes: [] });
  const lightPush = '/vac/waku/lightpush/3.0.0';
  const hasPush = async () => (await online.node.libp2p.peerStore.all()).some((p) => p.protocols.includes(lightPush));
  for (let i = 0; i < 200 && !(await hasPush()); i++) await new Promise((r) => setTimeout(r, 50));
}, 30_000);

afterAll(async () => {
  await online?.node.stop();
  await offline?.node.stop();
  await node?.stop();
});

describe('outbox against a devnode: "sent" means a node accepted it', () => {
  it('nothing is reported while no node accepts; after a reload the queued entry is pushed, reported and stored', async () => {
    const { alice } = await pair();
    const reported: string[][] = [];
    const published: { contentTopic: string; hash: string; timestamp: number }[] = [];
    const first = new Outbox(alice);
    first.onPublished = (e) => void published.push(e);
    first.onPushed = (ids) => void reported.push([...ids]);
    first.setTransport(offline);
    const payload = crypto.getRandomValues(new Uint8Array(64));
    await first.publish(TOPIC, payload, { messageIds: ['0xm1', '0xm2'] });
    await until(() => first.pending[0]?.tries === 1);
    expect(reported).toEqual([]);
    expect(published).toEqual([]);
    expect(first.pending.map((e) => e.messageIds)).toEqual([['0xm1', '0xm2']]);
    const timestamp = first.pending[0]!.timestamp;
    first.stop();

    // The queue, with the message ids, is in the vault: a reload keeps both.
    const saved = await alice.store.value('sessions', OUTBOX_RECORD_ID, (v): v is { entries: OutboxEntry[] } => typeof v === 'object' && v !== null);
    expect(saved?.entries.map((e) => e.messageIds)).toEqual([['0xm1', '0xm2']]);
    const second = new Outbox(alice);
    second.onPushed = (ids) => void reported.push([...ids]);
    second.onPublished = (e) => void published.push(e);
    await second.load();
    second.setTransport(online);
    await until(() => reported.length > 0);
    expect(reported).toEqual([['0xm1', '0xm2']]);
    expect(second.pending).toEqual([]);
    second.stop();

    const found: PlainWakuMessage[] = [];
    const now = Math.ceil(Date.now() / 1000);
    const outcome = await runStoreQuery(online, { contentTopics: [TOPIC], window: { from: now - 60, to: now + 1 }, perPage: false }, async (m) => void found.push(...m));
    expect(outcome.ok).toBe(true);
    expect(found.map((m) => [m.payload, m.timestamp])).toEqual([[payload, timestamp]]);
    // What we published is reported with the hash the store node has for it (the background check's "seen").
    expect(published).toEqual([{ contentTopic: TOPIC, hash: found[0]!.hash, timestamp }]);
  }, 60_000);

  it('an envelope that carries no message of ours (ACKs, or an already sent one) reports nothing when accepted', async () => {
    const { alice } = await pair();
    const reported: string[][] = [];
    const outbox = new Outbox(alice);
    outbox.onPushed = (ids) => void reported.push([...ids]);
    outbox.setTransport(online);
    await outbox.publish(TOPIC, Uint8Array.of(1, 2, 3), { ephemeral: true });
    await outbox.publish(TOPIC, Uint8Array.of(4, 5, 6), { messageIds: [] });
    await outbox.publish(TOPIC, Uint8Array.of(7, 8, 9), { messageIds: ['0xm3'] });
    await until(() => reported.length > 0 && outbox.pending.length === 0);
    expect(reported).toEqual([['0xm3']]);
    outbox.stop();
  }, 30_000);
});
