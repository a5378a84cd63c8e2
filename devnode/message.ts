/**
 * WakuMessage rules: deterministic hashing (14/WAKU2-MESSAGE), static-shard pubsub
 * topics (/waku/2/rs/<cluster>/<shard>, 51/WAKU2-RELAY-SHARDING), content-topic
 * syntax (23/WAKU2-TOPICS) and size validation (nwaku MaxWakuMessageSize).
 * Owns pure functions only: no I/O, no protocol framing.
 */
import { createHash } from 'node:crypto';
import type { WakuMessage } from './proto.ts';
import { MAX_META_BYTES, MAX_PAYLOAD_BYTES, MAX_TOPIC_LENGTH } from './config.ts';

const PUBSUB_TOPIC_RE = /^\/waku\/2\/rs\/(\d{1,5})\/(\d{1,5})$/;
const UTF8 = new TextEncoder();
/** Enough of a bad topic to recognise it in a status text or log line. */
const MAX_QUOTED_TOPIC_CHARS = 80;

/**
 * sha256(pubsubTopic ‖ payload ‖ contentTopic ‖ meta ‖ int64BE(timestampNs)).
 * Like nwaku, the timestamp is always hashed (0 when absent).
 */
export function computeMessageHash(pubsubTopic: string, msg: WakuMessage): Uint8Array {
  const ts = Buffer.alloc(8);
  ts.writeBigInt64BE(BigInt.asIntN(64, msg.timestamp ?? 0n));
  const h = createHash('sha256');
  h.update(UTF8.encode(pubsubTopic));
  h.update(msg.payload ?? new Uint8Array());
  h.update(UTF8.encode(msg.contentTopic ?? ''));
  if (msg.meta) h.update(msg.meta);
  h.update(ts);
  return new Uint8Array(h.digest());
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** A user-supplied topic, quoted and shortened for status texts and logs. */
export function quoteTopic(topic: string): string {
  return JSON.stringify(topic.slice(0, MAX_QUOTED_TOPIC_CHARS));
}

export function shardTopic(clusterId: number, shard: number): string {
  return `/waku/2/rs/${clusterId}/${shard}`;
}

export interface ShardConfig {
  clusterId: number;
  shards: readonly number[];
}

/** True when the topic is one of this node's static shards. */
export function isServedTopic(config: ShardConfig, pubsubTopic: string): boolean {
  const m = PUBSUB_TOPIC_RE.exec(pubsubTopic);
  if (!m) return false;
  return Number(m[1]) === config.clusterId && config.shards.includes(Number(m[2]));
}

/** `/{app}/{version}/{topic}/{encoding}`, optionally prefixed by a generation segment. */
export function isValidContentTopic(topic: string): boolean {
  if (!topic || topic.length > MAX_TOPIC_LENGTH || !topic.startsWith('/')) return false;
  const parts = topic.slice(1).split('/');
  return (parts.length === 4 || parts.length === 5) && parts.every((p) => p.length > 0);
}

export type MessageVerdict =
  | { ok: true }
  | { ok: false; reason: 'too-large' | 'invalid'; detail: string };

/** Checks a message the node is asked to relay, store or push. */
export function validateMessage(msg: WakuMessage | undefined): MessageVerdict {
  if (!msg) return { ok: false, reason: 'invalid', detail: 'message missing' };
  if ((msg.payload?.byteLength ?? 0) > MAX_PAYLOAD_BYTES) {
    return { ok: false, reason: 'too-large', detail: `payload exceeds ${MAX_PAYLOAD_BYTES} bytes` };
  }
  if ((msg.meta?.byteLength ?? 0) > MAX_META_BYTES) {
    return { ok: false, reason: 'invalid', detail: `meta exceeds ${MAX_META_BYTES} bytes` };
  }
  if (!isValidContentTopic(msg.contentTopic)) {
    return { ok: false, reason: 'invalid', detail: 'invalid content topic' };
  }
  if (msg.timestamp !== undefined && msg.timestamp < 0n) {
    return { ok: false, reason: 'invalid', detail: 'negative timestamp' };
  }
  return { ok: true };
}
