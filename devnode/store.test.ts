import { messageHash } from '@waku/core';
import type { LightNode } from '@waku/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeMessageHash, toHex } from './message.ts';
import { RawClient } from './raw-client.ts';
import { contentTopic, PUBSUB_TOPIC, SHARD, startLightNode, startTestDevnode, text, utf8, type TestDevnode } from './test-helpers.ts';

type CoreHashInput = Parameters<typeof messageHash>[1];

const CT_A = contentTopic('store-a');
const CT_B = contentTopic('store-b');
const CT_C = contentTopic('store-c');
const A_COUNT = 25;
const BASE_NS = BigInt(Date.now() - 60_000) * 1_000_000n;
/**
 * Message i of topic A is 1 ms after message i-1, 300 ns past the ms boundary: the SDK
 * converts Date bounds to ns through a float (getTime() * 1e6), which is off by up to
 * ±128 ns at today's magnitudes, so SDK windows must not sit exactly on a message.
 */
const tsA = (i: number): bigint => BASE_NS + BigInt(i) * 1_000_000n + 300n;

describe('store v3', () => {
  let devnode: TestDevnode;
  let raw: RawClient;
  let sdk: LightNode;
  const hashesA: string[] = [];

  beforeAll(async () => {
    devnode = await startTestDevnode();
    raw = await RawClient.connect(devnode.wsMultiaddr);
    for (let i = 0; i < A_COUNT; i++) {
      const msg = { payload: utf8(`a${i}`), contentTopic: CT_A, timestamp: tsA(i) };
      expect((await raw.pushV3(PUBSUB_TOPIC, msg)).statusCode).toBe(200);
      hashesA.push(toHex(computeMessageHash(PUBSUB_TOPIC, msg)));
    }
    for (let i = 0; i < 5; i++) {
      await raw.pushV3(PUBSUB_TOPIC, { payload: utf8(`b${i}`), contentTopic: CT_B, timestamp: tsA(i) + 500n });
    }
    for (let i = 0; i < 110; i++) {
      await raw.pushV3(PUBSUB_TOPIC, { payload: utf8(`c${i}`), contentTopic: CT_C, timestamp: tsA(i) + 700n });
    }
    sdk = await startLightNode(devnode.wsMultiaddr);
  });

  afterAll(async () => {
    await sdk?.stop();
    await raw?.stop();
    await devnode?.stop();
  });

  const hexes = (msgs: { messageHash?: Uint8Array }[]): string[] => msgs.map((m) => toHex(m.messageHash!));

  it('pages forward in chronological order, with a cursor only while more remain', async () => {
    const pages: string[][] = [];
    let cursor: Uint8Array | undefined;
    do {
      const res = await raw.store({ pubsubTopic: PUBSUB_TOPIC, contentTopics: [CT_A], paginationLimit: 10n, paginationCursor: cursor });
      expect(res.statusCode).toBe(200);
      pages.push(hexes(res.messages));
      cursor = res.paginationCursor;
    } while (cursor);
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(pages.flat()).toEqual(hashesA);
  });

  it('pages backward newest-first, each page chronological', async () => {
    const pages: string[][] = [];
    let cursor: Uint8Array | undefined;
    do {
      const res = await raw.store({
        pubsubTopic: PUBSUB_TOPIC, contentTopics: [CT_A], paginationLimit: 10n, paginationForward: false, paginationCursor: cursor,
      });
      pages.push(hexes(res.messages));
      cursor = res.paginationCursor;
      if (cursor) expect(toHex(cursor)).toBe(pages.at(-1)![0]);
    } while (cursor);
    expect(pages).toEqual([hashesA.slice(15, 25), hashesA.slice(5, 15), hashesA.slice(0, 5)]);
  });

  it('answers a cursor at the very end with an empty page and no cursor', async () => {
    const res = await raw.store({
      pubsubTopic: PUBSUB_TOPIC, contentTopics: [CT_A], paginationCursor: Buffer.from(hashesA[A_COUNT - 1]!, 'hex'),
    });
    expect(res.statusCode).toBe(200);
    expect(res.messages).toEqual([]);
    expect(res.paginationCursor).toBeUndefined();
  });

  it('uses a default page size of 20 and caps the page size at 100', async () => {
    const byDefault = await raw.store({ pubsubTopic: PUBSUB_TOPIC, contentTopics: [CT_C] });
    expect(byDefault.messages).toHaveLength(20);
    expect(byDefault.paginationCursor).toBeDefined();
    const capped = await raw.store({ pubsubTopic: PUBSUB_TOPIC, contentTopics: [CT_C], paginationLimit: 1000n });
    expect(capped.messages).toHaveLength(100);
    expect(capped.paginationCursor).toBeDefined();
  });

  it('filters by time range with start inclusive and end exclusive', async () => {
    const res = await raw.store({ pubsubTopic: PUBSUB_TOPIC, contentTopics: [CT_A], timeStart: tsA(5), timeEnd: tsA(10) });
    expect(hexes(res.messages)).toEqual(hashesA.slice(5, 10));
  });

  it('filters by content topics, and rejects more than 10 with 400', async () => {
    const onlyB = await raw.store({ pubsubTopic: PUBSUB_TOPIC, contentTopics: [CT_B], paginationLimit: 100n });
    expect(onlyB.messages.map((m) => m.message!.contentTopic)).toEqual(Array(5).fill(CT_B));
    const both = await raw.store({ pubsubTopic: PUBSUB_TOPIC, contentTopics: [CT_A, CT_B], paginationLimit: 100n });
    expect(both.messages).toHaveLength(A_COUNT + 5);
    const eleven = Array.from({ length: 11 }, (_, i) => contentTopic(`t${i}`));
    const tooMany = await raw.store({ pubsubTopic: PUBSUB_TOPIC, contentTopics: eleven });
    expect(tooMany.statusCode).toBe(400);
  });

  it('looks up by message hash, and refuses hash lookups mixed with content filters', async () => {
    const wanted = [hashesA[7]!, hashesA[3]!, 'ff'.repeat(32)].map((h) => Buffer.from(h, 'hex'));
    const res = await raw.store({ messageHashes: wanted });
    expect(hexes(res.messages)).toEqual([hashesA[3], hashesA[7]]);
    expect(res.messages[0]!.pubsubTopic).toBe(PUBSUB_TOPIC);
    const mixed = await raw.store({ messageHashes: wanted, pubsubTopic: PUBSUB_TOPIC, contentTopics: [CT_A] });
    expect(mixed.statusCode).toBe(400);
  });

  it('returns hashes only when include_data is false', async () => {
    const res = await raw.store({ pubsubTopic: PUBSUB_TOPIC, contentTopics: [CT_A], includeData: false, paginationLimit: 3n });
    expect(hexes(res.messages)).toEqual(hashesA.slice(0, 3));
    expect(res.messages.every((m) => m.message === undefined && m.pubsubTopic === undefined)).toBe(true);
  });

  it('does not store ephemeral messages', async () => {
    const msg = { payload: utf8('gone'), contentTopic: CT_A, timestamp: tsA(100), ephemeral: true };
    expect((await raw.pushV3(PUBSUB_TOPIC, msg)).statusCode).toBe(200);
    const res = await raw.store({ messageHashes: [computeMessageHash(PUBSUB_TOPIC, msg)] });
    expect(res.statusCode).toBe(200);
    expect(res.messages).toEqual([]);
  });

  it('computes the same message hash as @waku/core', async () => {
    const res = await raw.store({ pubsubTopic: PUBSUB_TOPIC, contentTopics: [CT_A], paginationLimit: 5n });
    for (const entry of res.messages) {
      expect(toHex(messageHash(PUBSUB_TOPIC, entry.message as CoreHashInput))).toBe(toHex(entry.messageHash!));
    }
    const withMeta = { payload: utf8('m'), contentTopic: CT_A, meta: utf8('meta'), timestamp: 123n };
    expect(toHex(computeMessageHash(PUBSUB_TOPIC, withMeta))).toBe(toHex(messageHash(PUBSUB_TOPIC, withMeta as CoreHashInput)));
  });

  it('serves the SDK: backward pages of 10 and a time window', async () => {
    const decoder = sdk.createDecoder({ contentTopic: CT_A, shardId: SHARD });
    const pages: string[][] = [];
    for await (const page of sdk.store.queryGenerator([decoder], { paginationForward: false, paginationLimit: 10 })) {
      pages.push((await Promise.all(page)).map((m) => text(m!.payload)));
    }
    const names = (from: number, to: number): string[] => Array.from({ length: to - from }, (_, i) => `a${from + i}`);
    expect(pages).toEqual([names(15, 25), names(5, 15), names(0, 5)]);
    const windowed: string[] = [];
    await sdk.store.queryWithOrderedCallback([decoder], (m) => { windowed.push(text(m.payload)); }, {
      timeStart: new Date(Number(tsA(2) / 1_000_000n)),
      timeEnd: new Date(Number(tsA(6) / 1_000_000n)),
    });
    expect(windowed).toEqual(names(2, 6));
  });
});
