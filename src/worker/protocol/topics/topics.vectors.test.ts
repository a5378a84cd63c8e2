import { describe, expect, it } from 'vitest';
import { hex, loadVectors, toHex } from '../test-support/vectors.ts';
import { contentTopic, partitionedChatId, personalChatId, symmetricKey, symmetricKeyAsync } from './topics.ts';
import { wakuMessageHash } from './waku-message-hash.ts';

const v = loadVectors();

describe('topics vectors', () => {
  const pub = hex(v.topics.public_key);

  it('topics.partitioned', () => {
    const p = v.topics.partitioned;
    expect(partitionedChatId(pub)).toEqual({ ok: true, value: p.chat_id });
    expect(p.chat_id).toBe(`contact-discovery-${p.x_mod_5000}`);
    expect(contentTopic(p.chat_id)).toBe(p.content_topic);
    expect(p.content_topic).toBe(`/waku/1/0x${p.topic_bytes}/rfc26`);
  });

  it('topics.personal', () => {
    const p = v.topics.personal;
    expect(personalChatId(pub)).toEqual({ ok: true, value: p.chat_id });
    expect(contentTopic(p.chat_id)).toBe(p.content_topic);
  });
});

describe('symmetric_key vectors', () => {
  for (const [i, vec] of (v.symmetric_key.vectors as { password: string; key: string }[]).entries()) {
    it(`symmetric_key.vectors[${i}]`, () => {
      expect(toHex(symmetricKey(vec.password))).toBe(vec.key);
    });
    it(`symmetric_key.vectors[${i}] (WebCrypto PBKDF2)`, async () => {
      expect(toHex(await symmetricKeyAsync(vec.password))).toBe(vec.key);
    });
  }
});

describe('waku_message_hash vectors', () => {
  type Vec = { pubsub_topic: string; content_topic: string; payload: string; meta: string | null; timestamp: number | bigint; timestamp_hex: string; message_hash: string };
  for (const [i, vec] of (v.waku_message_hash.vectors as Vec[]).entries()) {
    it(`waku_message_hash.vectors[${i}]`, () => {
      const timestamp = BigInt(`0x${vec.timestamp_hex}`);
      expect(timestamp).toBe(BigInt(vec.timestamp));
      const hash = wakuMessageHash({
        pubsubTopic: vec.pubsub_topic,
        contentTopic: vec.content_topic,
        payload: hex(vec.payload),
        meta: vec.meta === null ? undefined : hex(vec.meta),
        timestamp,
      });
      expect(toHex(hash)).toBe(vec.message_hash);
    });
  }
});
