import { create } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keccak256 } from '../../crypto/hashes.ts';
import { bytesEqual } from '../../../lib/shared/bytes.ts';
import { SegmentMessageSchema } from '../generated/segment_message_pb.ts';
import { encodeProto } from '../codec.ts';
import { buildProtocolMessage } from '../ratchet/protocol-message.ts';
import { addSegment, emptySegmentState, parseSegment, pruneSegments, SEGMENT_SIZE, SEGMENT_TTL_MS, segmentPayload } from './segments.ts';
import type { SegmentState } from './segments.ts';

const signer = new Uint8Array(65).fill(4);
const big = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 31) & 0xff);

function feed(state: SegmentState, wire: Uint8Array[]) {
  let complete: Uint8Array | undefined;
  for (const bytes of wire) {
    const seg = parseSegment(bytes);
    if (seg === undefined) throw new Error('not a segment');
    const r = addSegment(state, { segment: seg, signer, nowMs: 1 });
    if (!r.ok) throw new Error(r.error);
    state = r.value.state;
    complete = r.value.complete ?? complete;
  }
  return { state, complete };
}

describe('segmentation (§7.6)', () => {
  it('leaves payloads up to 786 432 bytes alone', () => {
    const p = big(SEGMENT_SIZE);
    expect(segmentPayload(p)).toEqual([p]);
  });

  it('splits larger payloads and reassembles them in any order', () => {
    const p = big(2 * SEGMENT_SIZE + 10);
    const wire = segmentPayload(p);
    expect(wire).toHaveLength(3);
    fc.assert(fc.property(fc.shuffledSubarray(wire, { minLength: 3, maxLength: 3 }), (order) => {
      const { complete } = feed(emptySegmentState(), order);
      expect(complete !== undefined && bytesEqual(complete, p)).toBe(true);
    }), { numRuns: 6 });
  });

  it('deduplicates a completed message and rejects a wrong hash', () => {
    const wire = segmentPayload(big(SEGMENT_SIZE + 1));
    const { state } = feed(emptySegmentState(), wire);
    expect(addSegment(state, { segment: parseSegment(wire[0]!)!, signer, nowMs: 2 })).toEqual({ ok: false, error: 'SEGMENT_ALREADY_COMPLETED' });
    const forged = (i: number) => create(SegmentMessageSchema, { entireMessageHash: keccak256(new Uint8Array([1])), index: i, segmentsCount: 2, payload: new Uint8Array([i]) });
    const first = addSegment(emptySegmentState(), { segment: forged(0), signer, nowMs: 1 });
    expect(first.ok && addSegment(first.value.state, { segment: forged(1), signer, nowMs: 1 })).toEqual({ ok: false, error: 'SEGMENT_HASH_MISMATCH' });
  });

  it('does not take a ProtocolMessage or garbage for a segment', () => {
    expect(parseSegment(buildProtocolMessage({ installationId: 'x', bundles: [], publicMessage: new Uint8Array([1]) }))).toBeUndefined();
    fc.assert(fc.property(fc.uint8Array({ maxLength: 80 }), (b) => {
      expect(() => parseSegment(b)).not.toThrow();
    }));
  });

  const BAD: [string, Partial<{ entireMessageHash: Uint8Array; index: number; segmentsCount: number }>][] = [
    ['a short hash', { entireMessageHash: new Uint8Array(3) }],
    ['an index beyond the count', { index: 5, segmentsCount: 2 }],
  ];
  it.each(BAD)('rejects a segment with %s', (_n, over) => {
    const segment = create(SegmentMessageSchema, { entireMessageHash: new Uint8Array(32), index: 0, segmentsCount: 2, ...over });
    expect(addSegment(emptySegmentState(), { segment, signer, nowMs: 1 })).toEqual({ ok: false, error: 'SEGMENT_INVALID' });
  });

  it('prunes incomplete sets after about a month', () => {
    const wire = segmentPayload(big(SEGMENT_SIZE + 1));
    const { state } = feed(emptySegmentState(), wire.slice(0, 1));
    expect(Object.keys(pruneSegments(state, 1 + SEGMENT_TTL_MS).pending)).toHaveLength(1);
    expect(Object.keys(pruneSegments(state, 2 + SEGMENT_TTL_MS).pending)).toHaveLength(0);
  });
});

describe('parseSegment strictness', () => {
  const build = (fields: Partial<{ entireMessageHash: Uint8Array; index: number; segmentsCount: number; payload: Uint8Array; paritySegmentIndex: number; paritySegmentsCount: number }>) =>
    encodeProto(SegmentMessageSchema, create(SegmentMessageSchema, { payload: new Uint8Array([1]), ...fields }));

  it('does not take bytes for a segment without a 32-byte hash (a valid message looked like one)', () => {
    expect(parseSegment(build({ entireMessageHash: new Uint8Array(33), paritySegmentsCount: 97 }))).toBeUndefined();
    expect(parseSegment(build({ entireMessageHash: new Uint8Array(31), segmentsCount: 2 }))).toBeUndefined();
  });

  it('requires the index inside the count', () => {
    expect(parseSegment(build({ entireMessageHash: new Uint8Array(32), index: 2, segmentsCount: 2 }))).toBeUndefined();
    expect(parseSegment(build({ entireMessageHash: new Uint8Array(32), paritySegmentIndex: 3, paritySegmentsCount: 3 }))).toBeUndefined();
    expect(parseSegment(build({ entireMessageHash: new Uint8Array(32), index: 1, segmentsCount: 2 }))?.index).toBe(1);
  });
});
