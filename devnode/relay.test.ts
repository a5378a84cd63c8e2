import type { LightNode } from '@waku/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeMessageHash } from './message.ts';
import { RawClient } from './raw-client.ts';
import {
  contentTopic, Inbox, PUBSUB_TOPIC, SHARD, startLightNode, startTestDevnode, text, utf8, waitFor, type TestDevnode,
} from './test-helpers.ts';

describe('relay between two devnodes meshed with --peer', () => {
  let a: TestDevnode;
  let b: TestDevnode;
  let sender: LightNode;
  let receiver: LightNode;

  beforeAll(async () => {
    a = await startTestDevnode();
    b = await startTestDevnode({ peers: [a.tcpMultiaddr] }); // TCP, as Go peers dial
    await waitFor(() => a.relayMeshPeers().includes(b.peerId) && b.relayMeshPeers().includes(a.peerId), 15_000, 'gossipsub mesh');
    [sender, receiver] = await Promise.all([startLightNode(a.wsMultiaddr), startLightNode(b.wsMultiaddr)]);
  });

  afterAll(async () => {
    await Promise.all([sender?.stop(), receiver?.stop()]);
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('meshes on every served shard', () => {
    for (const shard of [32, 64, 128, 256]) {
      expect(a.relayMeshPeers(`/waku/2/rs/16/${shard}`)).toEqual([b.peerId]);
    }
  });

  it('delivers a light push on node A to a filter subscriber on node B', async () => {
    const ct = contentTopic('cross');
    const inbox = new Inbox();
    await receiver.filter.subscribe(receiver.createDecoder({ contentTopic: ct, shardId: SHARD }), inbox.onMessage);
    const res = await sender.lightPush.send(sender.createEncoder({ contentTopic: ct, shardId: SHARD }), { payload: utf8('across') });
    expect(res.failures).toEqual([]);
    const [msg] = await inbox.waitForCount(1);
    expect(text(msg!.payload)).toBe('across');
  });

  it('reports the relay peer count and stores relayed messages on both nodes', async () => {
    const raw = await RawClient.connect(a.wsMultiaddr);
    const msg = { payload: utf8('stored twice'), contentTopic: contentTopic('count'), timestamp: BigInt(Date.now()) * 1_000_000n };
    const res = await raw.pushV3(PUBSUB_TOPIC, msg);
    expect(res).toMatchObject({ statusCode: 200, relayPeerCount: 1 });
    const hash = computeMessageHash(PUBSUB_TOPIC, msg);
    const rawB = await RawClient.connect(b.wsMultiaddr);
    const onB = await waitFor(async () => (await rawB.store({ messageHashes: [hash] })).messages.length === 1, 5000, 'message in B store');
    expect(onB).toBe(true);
    expect((await raw.store({ messageHashes: [hash] })).messages).toHaveLength(1);
    await Promise.all([raw.stop(), rawB.stop()]);
  });

  it('pushes a message once even when it reaches B by light push and by relay', async () => {
    const subscriber = await RawClient.connect(b.wsMultiaddr);
    await subscriber.acceptPushes();
    const ct = contentTopic('dedupe');
    expect((await subscriber.subscribe(PUBSUB_TOPIC, [ct])).statusCode).toBe(200);
    const pusherA = await RawClient.connect(a.wsMultiaddr);
    const pusherB = await RawClient.connect(b.wsMultiaddr);
    const dup = { payload: utf8('dup'), contentTopic: ct, timestamp: BigInt(Date.now()) * 1_000_000n };
    expect((await pusherB.pushV3(PUBSUB_TOPIC, dup)).statusCode).toBe(200);
    expect((await pusherA.pushV3(PUBSUB_TOPIC, dup)).statusCode).toBe(200);
    // A relays dup then the sentinel over one gossipsub stream, so B sees them in that order.
    await pusherA.pushV3(PUBSUB_TOPIC, { payload: utf8('sentinel'), contentTopic: ct, timestamp: dup.timestamp + 1n });
    await waitFor(() => subscriber.pushes.some((p) => text(p.message!.payload) === 'sentinel'), 5000, 'sentinel push');
    expect(subscriber.pushes.map((p) => text(p.message!.payload))).toEqual(['dup', 'sentinel']);
    expect(subscriber.pushes.every((p) => p.pubsubTopic === PUBSUB_TOPIC)).toBe(true);
    await Promise.all([subscriber.stop(), pusherA.stop(), pusherB.stop()]);
  });

  it('serves an SDK client using both nodes at once (numPeersToUse: 2), storing the message once per node', async () => {
    const both = [a.wsMultiaddr, b.wsMultiaddr];
    const [twoSender, twoReceiver] = await Promise.all([startLightNode(both, 2), startLightNode(both, 2)]);
    try {
      await waitFor(async () => (await twoSender.getConnectedPeers()).length === 2, 10_000, 'sender on both nodes');
      await waitFor(async () => (await twoReceiver.getConnectedPeers()).length === 2, 10_000, 'receiver on both nodes');
      const ct = contentTopic('two-peers');
      const inbox = new Inbox();
      await twoReceiver.filter.subscribe(twoReceiver.createDecoder({ contentTopic: ct, shardId: SHARD }), inbox.onMessage);
      const res = await twoSender.lightPush.send(twoSender.createEncoder({ contentTopic: ct, shardId: SHARD }), { payload: utf8('twice sent') });
      expect(res.failures).toEqual([]);
      expect(res.successes).toHaveLength(2);
      // Both nodes push it to the receiver; the SDK's own hash dedupe is racy across two
      // peers (notes §4.5), so the app must dedupe too. Here: it arrives, intact.
      expect(text((await inbox.waitForCount(1))[0]!.payload)).toBe('twice sent');
      for (const node of [a, b]) {
        const raw = await RawClient.connect(node.wsMultiaddr);
        const stored = await raw.store({ pubsubTopic: PUBSUB_TOPIC, contentTopics: [ct] });
        expect(stored.messages.map((m) => text(m.message!.payload))).toEqual(['twice sent']);
        await raw.stop();
      }
    } finally {
      await Promise.all([twoSender.stop(), twoReceiver.stop()]);
    }
  });

  it('pushes a burst of relayed messages to a subscriber completely and in order', async () => {
    const subscriber = await RawClient.connect(b.wsMultiaddr);
    await subscriber.acceptPushes();
    const ct = contentTopic('burst');
    expect((await subscriber.subscribe(PUBSUB_TOPIC, [ct])).statusCode).toBe(200);
    const pusher = await RawClient.connect(a.wsMultiaddr);
    const t0 = BigInt(Date.now()) * 1_000_000n;
    const BURST = 150;
    for (let i = 0; i < BURST; i++) {
      await pusher.pushV3(PUBSUB_TOPIC, { payload: utf8(`m${i}`), contentTopic: ct, timestamp: t0 + BigInt(i) });
    }
    await waitFor(() => subscriber.pushes.length >= BURST, 10_000, `${BURST} pushes`);
    expect(subscriber.pushes.map((p) => text(p.message!.payload))).toEqual(Array.from({ length: BURST }, (_, i) => `m${i}`));
    await Promise.all([subscriber.stop(), pusher.stop()]);
  });

  it('also meshes with a --peer given as a websocket multiaddr (as scripts/devnet.ts passes)', async () => {
    const c = await startTestDevnode({ peers: [a.wsMultiaddr] });
    try {
      await waitFor(() => c.relayMeshPeers().includes(a.peerId), 15_000, 'mesh over websockets');
    } finally {
      await c.stop();
    }
  });
});

describe('relay peer redial', () => {
  it('re-meshes when a --peer node restarts on the same address and node key', async () => {
    const nodeKey = '5c'.repeat(32);
    const portOf = (ma: string): number => Number(/\/tcp\/(\d+)/.exec(ma)![1]);
    let a = await startTestDevnode({ nodeKey });
    const wsPort = portOf(a.wsMultiaddr);
    const tcpPort = portOf(a.tcpMultiaddr);
    const b = await startTestDevnode({ peers: [a.tcpMultiaddr] });
    try {
      await waitFor(() => b.relayMeshPeers().includes(a.peerId), 15_000, 'first mesh');
      await a.stop();
      await waitFor(() => !b.relayMeshPeers().includes(a.peerId), 10_000, 'mesh to drop');
      a = await startTestDevnode({ nodeKey, wsPort, tcpPort });
      await waitFor(() => b.relayMeshPeers().includes(a.peerId) && a.relayMeshPeers().includes(b.peerId), 15_000, 'mesh after restart');
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
