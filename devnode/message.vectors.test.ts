import { describe, expect, it } from 'vitest';
import { computeMessageHash, toHex } from './message.ts';

// 14/WAKU2-MESSAGE "Test vectors" (rfc.vac.dev, CC0): deterministic message hashing.
const PUBSUB_TOPIC = '/waku/2/default-waku/proto';
const CONTENT_TOPIC = '/waku/2/default-content/proto';
const PAYLOAD = '010203045445535405060708';
const TIMESTAMP = 0x175789bfa23f8400n;
const META_12 = '73757065722d736563726574';
const META_64 = Array.from({ length: 64 }, (_, i) => i.toString(16).padStart(2, '0')).join('');

const hex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'));

describe('14/WAKU2-MESSAGE hash vectors', () => {
  it('meta size of 12 bytes', () => {
    const msg = { payload: hex(PAYLOAD), contentTopic: CONTENT_TOPIC, meta: hex(META_12), timestamp: TIMESTAMP };
    expect(toHex(computeMessageHash(PUBSUB_TOPIC, msg))).toBe('64cce733fed134e83da02b02c6f689814872b1a0ac97ea56b76095c3c72bfe05');
  });

  it('meta size of 64 bytes', () => {
    const msg = { payload: hex(PAYLOAD), contentTopic: CONTENT_TOPIC, meta: hex(META_64), timestamp: TIMESTAMP };
    expect(toHex(computeMessageHash(PUBSUB_TOPIC, msg))).toBe('7158b6498753313368b9af8f6e0a0a05104f68f972981da42a43bc53fb0c1b27');
  });

  it('meta attribute not present', () => {
    const msg = { payload: hex(PAYLOAD), contentTopic: CONTENT_TOPIC, timestamp: TIMESTAMP };
    expect(toHex(computeMessageHash(PUBSUB_TOPIC, msg))).toBe('a2554498b31f5bcdfcbf7fa58ad1c2d45f0254f3f8110a85588ec3cf10720fd8');
  });

  it('payload length 0', () => {
    const msg = { payload: new Uint8Array(), contentTopic: CONTENT_TOPIC, meta: hex(META_12), timestamp: TIMESTAMP };
    expect(toHex(computeMessageHash(PUBSUB_TOPIC, msg))).toBe('483ea950cb63f9b9d6926b262bb36194d3f40a0463ce8446228350bd44e96de4');
  });
});
