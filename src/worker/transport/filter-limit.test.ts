/**
 * Filter subscriptions past the service node's 100-topics-per-request limit, against a real
 * devnode and the real @waku/sdk: the SDK re-sends every topic of its one subscription when a
 * filter peer (re)connects, so without splitting a light node with > 100 topics goes deaf after a
 * node restart. The first test shows that failure with the unpatched SDK; the second shows the
 * split renewal delivering a message on topic #125; the third the explicit renewal.
 */
import type { IDecodedMessage, IDecoder, LightNode } from '@waku/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { RawClient } from '../../../devnode/raw-client.ts';
import { Inbox, PUBSUB_TOPIC, SHARD, startLightNode, startTestDevnode, utf8, waitFor, type TestDevnode } from '../../../devnode/test-helpers.ts';
import { FILTER_MAX_TOPICS_PER_REQUEST, chunk, limitFilterRequests, renewFilterSubscriptions, splitRequests } from './filter-limit.ts';

const TOPICS = 130;
const topics = Array.from({ length: TOPICS }, (_, i) => `/waku/1/0x${i.toString(16).padStart(8, '0')}/rfc26`);
const portOf = (ma: string): number => Number(/\/tcp\/(\d+)/.exec(ma)![1]);

describe('request splitting (pure)', () => {
  it('chunks into parts of at most n, keeping order', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 3)).toEqual([]);
    expect(() => chunk([1], 0)).toThrow(RangeError);
  });

  it('sends ≤ max topics per request, stops at the first failure and reports it', async () => {
    const sizes: number[] = [];
    const ok = splitRequests((_p, _peer, t) => (sizes.push(t.length), Promise.resolve({ failure: null, success: 'peer' })), 100);
    expect((await ok('/p', {} as never, topics)).failure).toBeNull();
    expect(sizes).toEqual([100, 30]);
    let calls = 0;
    const failing = splitRequests(() => Promise.resolve(++calls === 1 ? { failure: { error: 'REMOTE_PEER_REJECTED' }, success: null } : { failure: null, success: 'peer' }), 50);
    expect((await failing('/p', {} as never, topics)).failure).toEqual({ error: 'REMOTE_PEER_REJECTED' });
    expect(calls).toBe(1);
  });
});

describe('more than 100 filter topics on a real devnode (real @waku/sdk)', () => {
  const nodeKey = '7d'.repeat(32);
  let devnode: TestDevnode | undefined;
  const lights: LightNode[] = [];
  let pusher: RawClient | undefined;

  afterEach(async () => {
    await pusher?.stop();
    await Promise.all(lights.splice(0).map((l) => l.stop()));
    await devnode?.stop();
    pusher = devnode = undefined;
  });

  /** Subscribes `topics` the way the chat engine does (20 per call), all into one inbox. */
  async function subscribeAll(light: LightNode): Promise<{ inbox: Inbox; decoders: IDecoder<IDecodedMessage>[] }> {
    const inbox = new Inbox();
    const decoders = topics.map((contentTopic) => light.createDecoder({ contentTopic, shardId: SHARD }));
    for (const part of chunk(decoders, 20)) expect(await light.filter.subscribe(part, inbox.onMessage)).toBe(true);
    return { inbox, decoders };
  }

  /** Restarts the devnode (same key and port, subscriptions forgotten) and lets the light node redial. */
  async function restart(light: LightNode): Promise<void> {
    const wsPort = portOf(devnode!.wsMultiaddr);
    await devnode!.stop();
    await waitFor(() => light.libp2p.getConnections().length === 0, 10_000, 'light node to notice');
    devnode = await startTestDevnode({ nodeKey, wsPort });
    await light.dial(devnode.wsMultiaddr);
    await waitFor(() => light.libp2p.getConnections().length > 0, 10_000, 'redial');
  }

  async function pushTo(index: number, text: string): Promise<void> {
    pusher ??= await RawClient.connect(devnode!.wsMultiaddr);
    const r = await pusher.pushV3(PUBSUB_TOPIC, { payload: utf8(text), contentTopic: topics[index]!, timestamp: BigInt(Date.now()) * 1_000_000n });
    expect(r.statusCode).toBe(200);
  }

  const texts = (inbox: Inbox): string[] => inbox.messages.map((m) => new TextDecoder().decode(m.payload));

  it('unpatched SDK: after a node restart its renewal of all 130 topics is refused, and nothing arrives', async () => {
    devnode = await startTestDevnode({ nodeKey });
    const light = await startLightNode(devnode.wsMultiaddr);
    lights.push(light);
    const { inbox } = await subscribeAll(light);
    await pushTo(124, 'before restart');
    await inbox.waitForCount(1);
    await restart(light);
    await new Promise((r) => setTimeout(r, 1_500)); // the SDK's renewal runs on the connect event
    await pushTo(124, 'after restart');
    await new Promise((r) => setTimeout(r, 1_500));
    expect(texts(inbox)).toEqual(['before restart']);
  });

  it('with limitFilterRequests: the SDK renewal is split, and topic #125 still receives after a restart', async () => {
    devnode = await startTestDevnode({ nodeKey });
    const light = await startLightNode(devnode.wsMultiaddr);
    lights.push(light);
    expect(limitFilterRequests(light)).toBe(true);
    expect(limitFilterRequests(light)).toBe(true); // idempotent: not wrapped twice
    const { inbox } = await subscribeAll(light);
    await restart(light);
    await waitFor(async () => {
      await pushTo(124, `after restart ${inbox.messages.length}`);
      return inbox.messages.length > 0;
    }, 10_000, 'a message on topic #125 after the restart');
    await pushTo(0, 'first topic');
    await pushTo(129, 'last topic');
    await waitFor(() => texts(inbox).includes('first topic') && texts(inbox).includes('last topic'), 5_000, 'first and last topic');
    expect(topics.length).toBeGreaterThan(FILTER_MAX_TOPICS_PER_REQUEST);
  });

  it('renewFilterSubscriptions re-subscribes all topics on a live connection, ≤ 100 per request', async () => {
    devnode = await startTestDevnode({ nodeKey });
    const light = await startLightNode(devnode.wsMultiaddr);
    lights.push(light);
    const { inbox } = await subscribeAll(light);
    // The service node forgets us while the connection stays up (as after an expiry between pings).
    const core = (light.filter as unknown as { protocol: { unsubscribeAll(p: string, peer: unknown): Promise<{ failure: unknown }> } }).protocol;
    const peer = light.libp2p.getConnections()[0]!.remotePeer;
    expect((await core.unsubscribeAll(PUBSUB_TOPIC, peer)).failure).toBeNull();
    await pushTo(127, 'lost');
    await new Promise((r) => setTimeout(r, 500));
    expect(inbox.messages).toHaveLength(0);
    // No limitFilterRequests on this node: the renewal splits by itself.
    expect(await renewFilterSubscriptions(light, PUBSUB_TOPIC, topics)).toBe(1);
    await pushTo(127, 'renewed');
    await inbox.waitForCount(1);
    expect(texts(inbox)).toEqual(['renewed']);
  });
});
