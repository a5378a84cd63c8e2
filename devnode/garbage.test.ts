import { randomBytes } from 'node:crypto';
import * as lp from 'it-length-prefixed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODEC, MAX_PAYLOAD_BYTES, MAX_REQUEST_FRAME_BYTES } from './config.ts';
import {
  FilterSubscribeRequest, FilterSubscribeResponse, LightPushRequestV3, LightPushResponseV3, PushRpc,
  StoreQueryResponse, WakuMetadataRequest, WakuMetadataResponse,
} from './proto.ts';
import { RawClient } from './raw-client.ts';
import { contentTopic, Inbox, PUBSUB_TOPIC, SHARD, startLightNode, startTestDevnode, text, utf8, type TestDevnode } from './test-helpers.ts';

const TYPE = FilterSubscribeRequest.FilterSubscribeType;
const frame = (bytes: Uint8Array): Uint8Array => lp.encode.single(bytes).subarray();
const now = (): bigint => BigInt(Date.now()) * 1_000_000n;
const okMessage = (payload = utf8('ok')) => ({ payload, contentTopic: contentTopic('garbage'), timestamp: now() });
const REQUEST_PROTOCOLS = [CODEC.lightPushV3, CODEC.lightPushV2, CODEC.filterSubscribe, CODEC.store, CODEC.metadata];

describe('devnode under garbage input', () => {
  let devnode: TestDevnode;
  let raw: RawClient;

  beforeAll(async () => {
    devnode = await startTestDevnode();
    raw = await RawClient.connect(devnode.wsMultiaddr);
  });

  afterAll(async () => {
    await raw?.stop();
    await devnode?.stop();
  });

  const warned = (fragment: string): boolean => devnode.logs.some((l) => l.level === 'warn' && l.message.includes(fragment));

  it('answers light push v3 with nwaku status codes', async () => {
    const big = new Uint8Array(MAX_PAYLOAD_BYTES + 1);
    expect((await raw.pushV3(PUBSUB_TOPIC, okMessage(big))).statusCode).toBe(413);
    // a standalone node (no relay peers) still accepts, and says it relayed to nobody
    expect(await raw.pushV3(PUBSUB_TOPIC, okMessage(new Uint8Array(MAX_PAYLOAD_BYTES)))).toMatchObject({ statusCode: 200, relayPeerCount: 0 });
    expect((await raw.pushV3('/waku/2/rs/16/999', okMessage())).statusCode).toBe(421);
    expect((await raw.pushV3('/waku/2/rs/1/32', okMessage())).statusCode).toBe(421);
    expect((await raw.pushV3('not a topic', okMessage())).statusCode).toBe(421);
    expect((await raw.pushV3(PUBSUB_TOPIC, { ...okMessage(), contentTopic: 'nope' })).statusCode).toBe(420);
    expect((await raw.pushV3(PUBSUB_TOPIC, { ...okMessage(), meta: new Uint8Array(65) })).statusCode).toBe(420);
    expect((await raw.pushV3(PUBSUB_TOPIC, undefined)).statusCode).toBe(400);
    expect((await raw.pushV3(undefined, okMessage())).statusCode).toBe(400);
    expect(warned('/vac/waku/lightpush/3.0.0 from')).toBe(true);
  });

  it('answers light push v2 failures with isSuccess=false and a reason', async () => {
    const send = async (pubsubTopic: string, payload: Uint8Array) => {
      const req = PushRpc.encode({ requestId: 'r1', request: { pubsubTopic, message: { ...okMessage(payload) } } });
      return PushRpc.decode(await raw.exchange(CODEC.lightPushV2, req)).response!;
    };
    expect(await send(PUBSUB_TOPIC, utf8('fine'))).toMatchObject({ isSuccess: true });
    const tooBig = await send(PUBSUB_TOPIC, new Uint8Array(MAX_PAYLOAD_BYTES + 1));
    expect(tooBig.isSuccess).toBe(false);
    expect(tooBig.info).toMatch(/payload exceeds/);
    const badTopic = await send('/waku/2/rs/16/7', utf8('x'));
    expect(badTopic).toMatchObject({ isSuccess: false, info: expect.stringMatching(/unsupported pubsub topic/) });
  });

  it('rejects truncated protobufs with 400', async () => {
    const valid = LightPushRequestV3.encode({ requestId: 'abc', pubsubTopic: PUBSUB_TOPIC, message: okMessage() });
    const cut = valid.subarray(0, Math.floor(valid.length / 2));
    expect(LightPushResponseV3.decode(await raw.exchange(CODEC.lightPushV3, cut)).statusCode).toBe(400);
    const filterCut = FilterSubscribeRequest.encode({
      requestId: 'abc', filterSubscribeType: TYPE.SUBSCRIBE, pubsubTopic: PUBSUB_TOPIC, contentTopics: [contentTopic('x')],
    }).subarray(0, 9);
    expect(FilterSubscribeResponse.decode(await raw.exchange(CODEC.filterSubscribe, filterCut)).statusCode).toBe(400);
    const storeCut = Uint8Array.from([0x0a, 0x7f, 0x61]); // field 1, length 127, one byte present
    expect(StoreQueryResponse.decode(await raw.exchange(CODEC.store, storeCut)).statusCode).toBe(400);
    expect(warned('malformed')).toBe(true);
  });

  it('answers a frame cut short by the end of the stream with 400', async () => {
    const whole = frame(LightPushRequestV3.encode({ requestId: 'abc', pubsubTopic: PUBSUB_TOPIC, message: okMessage() }));
    const frames = await raw.exchangeRaw(CODEC.lightPushV3, whole.subarray(0, whole.length - 5));
    expect(LightPushResponseV3.decode(frames[0]!).statusCode).toBe(400);
  });

  it('answers an oversized frame with 413 without reading it', async () => {
    const huge = new Uint8Array(MAX_REQUEST_FRAME_BYTES + 10);
    const frames = await raw.exchangeRaw(CODEC.lightPushV3, frame(huge));
    expect(LightPushResponseV3.decode(frames[0]!).statusCode).toBe(413);
  });

  it('answers random bytes on every protocol with an error status or a reset, then keeps serving', async () => {
    const isRejected: Record<string, (frame: Uint8Array) => boolean> = {
      [CODEC.lightPushV3]: (f) => LightPushResponseV3.decode(f).statusCode >= 400,
      [CODEC.lightPushV2]: (f) => PushRpc.decode(f).response?.isSuccess === false,
      [CODEC.filterSubscribe]: (f) => FilterSubscribeResponse.decode(f).statusCode >= 400,
      // random bytes may decode as a valid (empty) store query, so 200 is a fair answer too
      [CODEC.store]: (f) => [200, 400].includes(StoreQueryResponse.decode(f).statusCode ?? 0),
      [CODEC.metadata]: (f) => WakuMetadataResponse.decode(f).clusterId === 16,
    };
    let answered = 0;
    for (const codec of REQUEST_PROTOCOLS) {
      for (let i = 0; i < 10; i++) {
        const junk = randomBytes(1 + (i * 37) % 200);
        const frames = await raw.exchangeRaw(codec, i % 2 ? frame(junk) : junk).catch(() => []);
        expect(frames.length).toBeLessThanOrEqual(1);
        if (frames[0]) {
          answered++;
          expect(isRejected[codec]!(frames[0])).toBe(true);
        }
      }
    }
    expect(answered).toBeGreaterThan(0);
    expect((await raw.pushV3(PUBSUB_TOPIC, okMessage())).statusCode).toBe(200);
  });

  it('tolerates streams opened and closed without a request (SDK pre-opened streams)', async () => {
    for (const codec of REQUEST_PROTOCOLS) {
      expect(await raw.exchangeRaw(codec, new Uint8Array(0))).toEqual([]);
    }
  });

  it('answers metadata with its cluster and shards, and logs a wrong cluster', async () => {
    const req = WakuMetadataRequest.encode({ clusterId: 1, shards: [0] });
    const res = WakuMetadataResponse.decode(await raw.exchange(CODEC.metadata, req));
    expect(res).toEqual({ clusterId: 16, shards: [32, 64, 128, 256] });
    expect(warned('is on cluster 1')).toBe(true);
  });

  it('enforces filter semantics and limits (404 ping, 400 bad criteria, 503 beyond 1000 criteria)', async () => {
    const sub = await RawClient.connect(devnode.wsMultiaddr);
    const ping = () => sub.filter({ filterSubscribeType: TYPE.SUBSCRIBER_PING });
    expect((await ping()).statusCode).toBe(404);
    expect((await sub.filter({ filterSubscribeType: TYPE.UNSUBSCRIBE_ALL })).statusCode).toBe(404);
    expect((await sub.subscribe('/waku/2/rs/16/3', [contentTopic('a')])).statusCode).toBe(400);
    expect((await sub.subscribe(PUBSUB_TOPIC, [])).statusCode).toBe(400);
    expect((await sub.subscribe(PUBSUB_TOPIC, ['bad topic'])).statusCode).toBe(400);
    const topics = (from: number, n: number) => Array.from({ length: n }, (_, i) => contentTopic(`flood${from + i}`));
    expect((await sub.subscribe(PUBSUB_TOPIC, topics(0, 101))).statusCode).toBe(400);
    for (let batch = 0; batch < 10; batch++) {
      expect((await sub.subscribe(PUBSUB_TOPIC, topics(batch * 100, 100))).statusCode).toBe(200);
    }
    expect((await sub.subscribe(PUBSUB_TOPIC, topics(1000, 1))).statusCode).toBe(503);
    expect((await ping()).statusCode).toBe(200);
    expect((await sub.filter({ filterSubscribeType: TYPE.UNSUBSCRIBE, pubsubTopic: PUBSUB_TOPIC, contentTopics: topics(0, 1) })).statusCode).toBe(200);
    expect((await sub.filter({ filterSubscribeType: TYPE.UNSUBSCRIBE_ALL })).statusCode).toBe(200);
    expect((await ping()).statusCode).toBe(404);
    await sub.stop();
  });

  it('answers store queries with bad cursors or hashes with 400', async () => {
    expect((await raw.store({ paginationCursor: new Uint8Array(32).fill(9) })).statusCode).toBe(400);
    expect((await raw.store({ messageHashes: [new Uint8Array(5)] })).statusCode).toBe(400);
    expect((await raw.store({ contentTopics: [contentTopic('a')] })).statusCode).toBe(400);
  });

  it('is still serving the SDK after all of the above', async () => {
    const sdk = await startLightNode(devnode.wsMultiaddr);
    try {
      const ct = contentTopic('after-garbage');
      const inbox = new Inbox();
      await sdk.filter.subscribe(sdk.createDecoder({ contentTopic: ct, shardId: SHARD }), inbox.onMessage);
      const res = await sdk.lightPush.send(sdk.createEncoder({ contentTopic: ct, shardId: SHARD }), { payload: utf8('still here') });
      expect(res.failures).toEqual([]);
      expect(text((await inbox.waitForCount(1))[0]!.payload)).toBe('still here');
    } finally {
      await sdk.stop();
    }
  });
});

describe('per-peer rate limit', () => {
  it('answers 429 once a peer exceeds its request budget', async () => {
    const devnode = await startTestDevnode({ rateLimit: { maxRequests: 3, windowMs: 60_000 } });
    const raw = await RawClient.connect(devnode.wsMultiaddr);
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await raw.pushV3(PUBSUB_TOPIC, okMessage(utf8(`m${i}`)))).statusCode);
      expect(codes).toEqual([200, 200, 200, 429, 429]);
    } finally {
      await raw.stop();
      await devnode.stop();
    }
  });
});
