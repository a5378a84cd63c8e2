import type { LightNode } from '@waku/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from './raw-client.ts';
import { contentTopic, Inbox, PUBSUB_TOPIC, SHARD, startLightNode, startTestDevnode, text, utf8, type TestDevnode } from './test-helpers.ts';

describe('light push → filter on one devnode (real @waku/sdk)', () => {
  let devnode: TestDevnode;
  let sender: LightNode;
  let receiver: LightNode;

  beforeAll(async () => {
    devnode = await startTestDevnode();
    [sender, receiver] = await Promise.all([startLightNode(devnode.wsMultiaddr), startLightNode(devnode.wsMultiaddr)]);
  });

  afterAll(async () => {
    await Promise.all([sender?.stop(), receiver?.stop()]);
    await devnode?.stop();
  });

  it('delivers a v3 light push to a filter subscriber with the same hash', async () => {
    const ct = contentTopic('v3');
    const inbox = new Inbox();
    const ok = await receiver.filter.subscribe(receiver.createDecoder({ contentTopic: ct, shardId: SHARD }), inbox.onMessage);
    expect(ok).toBe(true);
    const result = await sender.lightPush.send(sender.createEncoder({ contentTopic: ct, shardId: SHARD }), { payload: utf8('hello v3') });
    expect(result.failures).toEqual([]);
    expect(result.successes).toHaveLength(1);
    const [msg] = await inbox.waitForCount(1);
    expect(text(msg!.payload)).toBe('hello v3');
    expect(msg!.pubsubTopic).toBe(`/waku/2/rs/16/${SHARD}`);
  });

  it('accepts a legacy v2 light push (useLegacy) and delivers it', async () => {
    const ct = contentTopic('v2');
    const inbox = new Inbox();
    await receiver.filter.subscribe(receiver.createDecoder({ contentTopic: ct, shardId: SHARD }), inbox.onMessage);
    const encoder = sender.createEncoder({ contentTopic: ct, shardId: SHARD });
    const result = await sender.lightPush.send(encoder, { payload: utf8('hello v2') }, { useLegacy: true });
    expect(result.failures).toEqual([]);
    const [msg] = await inbox.waitForCount(1);
    expect(text(msg!.payload)).toBe('hello v2');
    expect(devnode.logs.some((l) => l.message.startsWith('/vac/waku/lightpush/2.0.0-beta1 from') && l.message.endsWith(': 200'))).toBe(true);
  });

  it('keeps delivering past 100 pushes on one connection (the SDK caps open inbound push streams at 100)', async () => {
    const ct = contentTopic('many');
    const inbox = new Inbox();
    await receiver.filter.subscribe(receiver.createDecoder({ contentTopic: ct, shardId: SHARD }), inbox.onMessage);
    const pusher = await RawClient.connect(devnode.wsMultiaddr);
    const t0 = BigInt(Date.now()) * 1_000_000n;
    for (let i = 0; i < 130; i++) {
      expect((await pusher.pushV3(PUBSUB_TOPIC, { payload: utf8(`n${i}`), contentTopic: ct, timestamp: t0 + BigInt(i) })).statusCode).toBe(200);
    }
    await pusher.stop();
    const msgs = await inbox.waitForCount(130);
    expect(new Set(msgs.map((m) => text(m.payload))).size).toBe(130);
  });

  it('does not push messages for content topics the subscriber did not ask for', async () => {
    const wanted = contentTopic('wanted');
    const inbox = new Inbox();
    await receiver.filter.subscribe(receiver.createDecoder({ contentTopic: wanted, shardId: SHARD }), inbox.onMessage);
    await sender.lightPush.send(sender.createEncoder({ contentTopic: contentTopic('other'), shardId: SHARD }), { payload: utf8('x') });
    await sender.lightPush.send(sender.createEncoder({ contentTopic: wanted, shardId: SHARD }), { payload: utf8('y') });
    const msgs = await inbox.waitForCount(1);
    expect(msgs.map((m) => text(m.payload))).toEqual(['y']);
  });
});
