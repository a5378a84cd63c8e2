/**
 * Segment reassembly in the receiver (status-protocol.md §2.3 step 3, §7.6): a real ~1 MB MVDS
 * payload of 60 chat messages from Alice, encrypted for Bob, split by our own segmenter into
 * SegmentMessages, each sealed in its own Waku envelope. Bob's Receiver reassembles it in any
 * order; duplicates, tampering and garbage are refused with a reason; memory stays bounded.
 */
import { create } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { keccak256 } from '../../crypto/hashes.ts';
import { encodeMvdsPayload, encodeProto, mvdsGroupId, parseSegment, SEGMENT_SIZE, segmentPayload, sealAsymmetric } from '../../protocol/index.ts';
import { SegmentMessageSchema } from '../../protocol/generated/segment_message_pb.ts';
import type { PlainWakuMessage } from '../../transport/waku-node.ts';
import { randomBytes } from '../../crypto/random.ts';
import { NO_CONTACT } from './contact-state.ts';
import { chatMessageAmm } from './messages-out.ts';
import { Receiver, type TopicKey } from './receiver.ts';
import { MAX_BYTES, MAX_SEGMENTS, MAX_SETS, SegmentBuffer } from './segments-in.ts';
import { authorOf, pair } from './test-harness.ts';
import { Sender } from './sender.ts';
import { Batch } from './store.ts';
import { encryptSegmentsForPeer } from './wire.ts';

const ASYM: TopicKey = { kind: 'asymmetric' };
const COUNT = 60;
let n = 0;
const waku = (contentTopic: string, payload: Uint8Array): PlainWakuMessage => ({ hash: `seg-${n++}`, contentTopic, pubsubTopic: '/waku/2/rs/16/32', payload, timestamp: Date.now() });

/** Alice → Bob: one MVDS payload of COUNT long messages, segmented and sealed as the wire carries it. */
async function segmented() {
  const p = await pair();
  const { alice, bob } = p;
  const now = Date.now();
  const long = '😀'.repeat(4000); // 4000 code points, 16 kB
  const amms = Array.from({ length: COUNT }, (_, i) =>
    chatMessageAmm(authorOf(alice), { clock: BigInt(now + i), timestamp: now, text: `${i} ${long}`, chatId: bob.self, kind: 'text', responseTo: '', displayName: '', contact: NO_CONTACT }));
  const groupId = mvdsGroupId(alice.me.publicKey, bob.profile.keys.chatKey.uncompressedPublicKey);
  const plaintext = encodeMvdsPayload({ acks: [], messages: amms.map((a) => ({ groupId, timestamp: BigInt(Math.floor(now / 1000)), body: a.bytes })) });
  const peer = await alice.peer(bob.self, bob.profile.keys.chatKey.uncompressedPublicKey);
  const out = encryptSegmentsForPeer(alice.me, peer, plaintext, randomBytes, now);
  const wire = out.outbound.map((o) => waku(o.contentTopic, o.payload));
  return { ...p, amms, wire, plaintext, receiver: new Receiver(bob) };
}

describe('segment reassembly in the receiver', () => {
  it('a real ~1 MB message in two segments arrives whole, in either order, once', async () => {
    const s = await segmented();
    expect(s.plaintext.length).toBeGreaterThan(SEGMENT_SIZE);
    expect(s.wire).toHaveLength(2);
    expect(await s.receiver.receive(s.wire[1]!, ASYM)).toBeNull(); // the second segment first
    expect(s.receiver.segmentsHeld).toBe(1);
    expect(s.receiver.segments.pendingSets).toBe(1);
    const got = await s.receiver.receive(s.wire[0]!, ASYM);
    expect(got?.applied).toHaveLength(COUNT);
    expect(got?.peersToAnswer).toEqual([s.alice.self]); // MVDS: ACKs owed for all 60
    const stored = await s.bob.store.messagesOf(s.alice.self);
    expect(stored.map((m) => m.id).sort()).toEqual(s.amms.map((a) => a.messageId).sort());
    expect(s.receiver.reassembled).toBe(1);
    expect(s.receiver.segments.pendingSets).toBe(0);
    // The same segment again under another Waku hash (a store copy): completed already, refused.
    expect(await s.receiver.receive({ ...s.wire[1]!, hash: 'copy' }, ASYM)).toBeNull();
    expect(s.receiver.drops.segment_duplicate).toBe(1);
    expect(await s.bob.store.messagesOf(s.alice.self)).toHaveLength(COUNT);
  });

  it('a tampered segment (valid envelope, wrong bytes) fails the hash check; nothing is applied, and the set is dropped', async () => {
    const s = await segmented();
    const before = s.bobDb.snapshot();
    // Segments of the right shape and size, but naming a hash their bytes do not have.
    const parts = segmentPayload(s.plaintext);
    const seg = parseSegment(parts[0]!)!;
    const bad = create(SegmentMessageSchema, { ...seg, entireMessageHash: keccak256(new Uint8Array([1, 2, 3])) });
    const sealed = sealAsymmetric({ data: encodeProto(SegmentMessageSchema, bad), signingKey: s.alice.me.privateKey, recipientPublicKey: s.bob.profile.keys.chatKey.publicKey, random: randomBytes });
    const other = parseSegment(parts[1]!)!;
    const bad2 = create(SegmentMessageSchema, { ...other, entireMessageHash: bad.entireMessageHash });
    const sealed2 = sealAsymmetric({ data: encodeProto(SegmentMessageSchema, bad2), signingKey: s.alice.me.privateKey, recipientPublicKey: s.bob.profile.keys.chatKey.publicKey, random: randomBytes });
    expect(await s.receiver.receive(waku(s.wire[0]!.contentTopic, sealed), ASYM)).toBeNull();
    expect(await s.receiver.receive(waku(s.wire[0]!.contentTopic, sealed2), ASYM)).toBeNull();
    expect(s.receiver.drops.segment_hash_mismatch).toBe(1);
    expect(s.receiver.segments.pendingSets).toBe(0);
    expect(s.bobDb.snapshot()).toBe(before);
    // The genuine segments still reassemble afterwards.
    await s.receiver.receive(s.wire[0]!, ASYM);
    expect((await s.receiver.receive(s.wire[1]!, ASYM))?.applied).toHaveLength(COUNT);
  });
});

describe('segmentation on send', () => {
  it("Alice's Sender publishes a ~1 MB payload as two segments on one topic, which Bob's Receiver reassembles", async () => {
    const s = await segmented();
    const published: PlainWakuMessage[] = [];
    const sender = new Sender(s.alice, (topic, payload) => (published.push(waku(topic, payload)), Promise.resolve()));
    await s.alice.serial(() => sender.sendNow(s.bob.self, s.plaintext, new Batch()));
    expect(published).toHaveLength(2);
    expect(new Set(published.map((m) => m.contentTopic)).size).toBe(1);
    expect(published.every((m) => m.payload.length < 1024 * 1024)).toBe(true);
    const rx = new Receiver(s.bob);
    expect(await rx.receive(published[0]!, ASYM)).toBeNull();
    expect((await rx.receive(published[1]!, ASYM))?.applied).toHaveLength(COUNT);
  });
});

describe('SegmentBuffer bounds (pure)', () => {
  const signer = new Uint8Array(65).fill(4);
  const seg = (hashByte: number, index: number, count: number, size = 10) =>
    create(SegmentMessageSchema, { entireMessageHash: new Uint8Array(32).fill(hashByte), index, segmentsCount: count, payload: new Uint8Array(size) });

  it('keeps at most MAX_SETS incomplete sets, evicting the oldest, and reports each', () => {
    const b = new SegmentBuffer();
    const dropped: string[] = [];
    b.onDrop = (r) => void dropped.push(r);
    for (let i = 0; i < MAX_SETS + 2; i++) expect(b.add(seg(i, 0, 2), signer, 1_000 + i).kind).toBe('pending');
    expect(b.pendingSets).toBe(MAX_SETS);
    expect(dropped).toEqual(['segment_evicted', 'segment_evicted']);
    // The oldest (hash 0) is gone: its second half no longer completes anything.
    expect(b.add(seg(0, 1, 2), signer, 2_000).kind).toBe('pending');
  });

  it('bounds the bytes held and refuses sets above MAX_SEGMENTS or oversize segments', () => {
    const b = new SegmentBuffer();
    const dropped: string[] = [];
    b.onDrop = (r) => void dropped.push(r);
    const per = SEGMENT_SIZE;
    const fits = Math.floor(MAX_BYTES / per);
    for (let i = 0; i < fits + 1; i++) b.add(seg(1, i, MAX_SEGMENTS, per), signer, 1);
    expect(b.pendingBytes).toBeLessThanOrEqual(MAX_BYTES);
    expect(dropped).toContain('segment_evicted');
    expect(b.add(seg(2, 0, MAX_SEGMENTS + 1), signer, 1)).toEqual({ kind: 'dropped', reason: 'segment_too_large' });
    expect(b.add(seg(3, 0, 2, SEGMENT_SIZE + 1), signer, 1)).toEqual({ kind: 'dropped', reason: 'segment_too_large' });
  });

  it('expires incomplete sets after the TTL (§7.6: about a month)', () => {
    const b = new SegmentBuffer();
    const dropped: string[] = [];
    b.onDrop = (r) => void dropped.push(r);
    b.add(seg(5, 0, 2), signer, 0);
    b.add(seg(6, 0, 2), signer, 31 * 24 * 3600 * 1000);
    expect(dropped).toEqual(['segment_expired']);
    expect(b.pendingSets).toBe(1);
  });

  it('completes from data segments, ignores parity segments, refuses a count that changes', () => {
    const b = new SegmentBuffer();
    const data = new Uint8Array(SEGMENT_SIZE + 5).map((_, i) => i & 0xff);
    const parts = segmentPayload(data).map((x) => parseSegment(x)!);
    const parity = create(SegmentMessageSchema, { entireMessageHash: parts[0]!.entireMessageHash, segmentsCount: 0, paritySegmentIndex: 0, paritySegmentsCount: 1, payload: new Uint8Array(8) });
    expect(b.add(parity, signer, 1).kind).toBe('pending');
    expect(b.add(parts[0]!, signer, 1).kind).toBe('pending');
    expect(b.add({ ...parts[1]!, segmentsCount: 3 }, signer, 1)).toEqual({ kind: 'dropped', reason: 'segment_invalid' });
    const done = b.add(parts[1]!, signer, 1);
    expect(done.kind === 'complete' && done.bytes).toEqual(data);
  });
});
