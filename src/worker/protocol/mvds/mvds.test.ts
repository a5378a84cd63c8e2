import { createHash } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keccak256 } from '../../crypto/hashes.ts';
import { publicKeyOf } from '../../crypto/secp256k1.ts';
import { bytesEqual, concatBytes } from '../../../lib/shared/bytes.ts';
import { AmmType, buildAmm } from '../application/amm.ts';
import { PayloadSchema } from '../generated/sync_pb.ts';
import { hex, toHex } from '../test-support/vectors.ts';
import { mvdsGroupId, mvdsMessageId, mvdsPeerId } from './ids.ts';
import { appendMessage, emptyMvdsState, MAX_SENDS, nextSendEpoch, peerOnline, receivePayload, RESEND_BASE_EPOCHS, sendNew, tick } from './node.ts';
import type { MvdsState } from './node.ts';
import { encodeMvdsPayload, parseMvdsPayload } from './payload.ts';

const zeros = (n: number): Uint8Array => new Uint8Array(n);
const alice = publicKeyOf(hex('11'.repeat(32)));
const bob = publicKeyOf(hex('22'.repeat(32)));
const bobPeer = mvdsPeerId(bob);
const alicePeer = mvdsPeerId(alice);
const groupId = mvdsGroupId(alice, bob);

describe('MVDS identifiers (§7.2)', () => {
  it('computes the message id as sha256("MESSAGE_ID" ‖ group ‖ LE64(ts) ‖ body)', () => {
    const body = new Uint8Array([1, 2, 3]);
    const le = Buffer.alloc(8);
    le.writeBigInt64LE(1_700_000_000n);
    const expected = createHash('sha256').update('MESSAGE_ID').update(groupId).update(le).update(body).digest('hex');
    expect(toHex(mvdsMessageId(groupId, 1_700_000_000n, body))).toBe(expected);
  });

  it('orders the pair by X so both sides derive the same group id', () => {
    expect(mvdsGroupId(bob, alice)).toEqual(groupId);
    const [first, second] = [alice, bob].sort((a, b) => (toHex(a.subarray(1)) < toHex(b.subarray(1)) ? -1 : 1));
    expect(toHex(groupId)).toBe(toHex(keccak256(concatBytes(first!, second!))));
    expect(mvdsGroupId(publicKeyOf(hex('11'.repeat(32)), false), bob)).toEqual(groupId);
  });
});

describe('MVDS payloads (§7.1)', () => {
  it('round-trips acks and messages', () => {
    fc.assert(fc.property(
      fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: 4 }),
      fc.array(fc.record({ groupId: fc.uint8Array({ maxLength: 32 }), timestamp: fc.bigInt({ min: 0n, max: 2n ** 40n }), body: fc.uint8Array({ maxLength: 64 }) }), { maxLength: 4 }),
      (acks, messages) => {
        const p = parseMvdsPayload(encodeMvdsPayload({ acks, messages }));
        if (acks.length + messages.length === 0) {
          expect(p).toBeUndefined();
        } else {
          expect(p?.acks.map(toHex)).toEqual(acks.map(toHex));
          expect(p?.messages.map((m) => toHex(m.body))).toEqual(messages.map((m) => toHex(m.body)));
        }
      }));
  });

  it('never mistakes an AMM for a valid Payload', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (payload) => {
      const amm = buildAmm({ type: AmmType.CHAT_MESSAGE, payload, privateKey: hex('11'.repeat(32)), authorPublicKey: publicKeyOf(hex('11'.repeat(32)), false) });
      expect(parseMvdsPayload(amm.bytes)).toBeUndefined();
    }), { numRuns: 20 });
  });

  it.each([['garbage', new Uint8Array([0xff, 0xff])], ['empty', new Uint8Array(0)], ['truncated', new Uint8Array([0xca, 0xb8, 0x02, 0x05])]])(
    'treats %s bytes as not a Payload', (_n, bytes) => {
      expect(parseMvdsPayload(bytes)).toBeUndefined();
    });
});

function appendOne(state: MvdsState, body = new Uint8Array([7])) {
  return appendMessage(state, { peer: bobPeer, groupId, body, nowMs: 1_700_000_000_123 });
}

describe('MVDS node (§7.3, §7.4)', () => {
  it('sends an appended message in the next epoch with second timestamps', () => {
    const { state, id } = appendOne(emptyMvdsState());
    const t = tick(state, zeros);
    expect(t.outbox).toHaveLength(1);
    const p = parseMvdsPayload(t.outbox[0]!.payload)!;
    expect(p.messages[0]!.timestamp).toBe(1_700_000_000n);
    expect(t.outbox[0]!.peer).toEqual(bobPeer);
    expect(toHex(mvdsMessageId(p.messages[0]!.groupId, p.messages[0]!.timestamp, p.messages[0]!.body))).toBe(toHex(id));
  });

  it('resends on the 2^(k-1) × 90 epoch schedule until ACKed', () => {
    const appended = appendOne(emptyMvdsState());
    const id = appended.id;
    let state = appended.state;
    const sendEpochs: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const t = tick(state, zeros);
      state = t.state;
      if (t.outbox.length > 0) sendEpochs.push(state.epoch);
    }
    expect(sendEpochs).toEqual([1, 91, 271, 631]);
    const ack = create(PayloadSchema, { acks: [id] });
    const r = receivePayload(state, { peer: bobPeer, payload: ack });
    expect(r.delivered.map(toHex)).toEqual([toHex(id)]);
    state = r.state;
    for (let i = 0; i < 2000; i++) {
      const t = tick(state, zeros);
      expect(t.outbox).toHaveLength(0);
      state = t.state;
    }
  });

  it('sendNew sends a just-appended message at once, as the next tick would, without moving the epoch or the resend schedule', () => {
    const appended = appendOne(emptyMvdsState());
    const early = sendNew(appended.state, zeros);
    const regular = tick(appended.state, zeros);
    expect(early.outbox.map((o) => [toHex(o.peer), toHex(o.payload), o.messageIds.map(toHex)])).toEqual(
      regular.outbox.map((o) => [toHex(o.peer), toHex(o.payload), o.messageIds.map(toHex)]),
    );
    expect(early.state.epoch).toBe(0);
    // It is not sent again by the next ticks: the resends keep the 1, 91, 271, 631 pace of the tick-only test.
    let state = early.state;
    const sendEpochs: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const t = tick(state, zeros);
      state = t.state;
      if (t.outbox.length > 0) sendEpochs.push(state.epoch);
    }
    expect(sendEpochs).toEqual([91, 271, 631]);
  });

  it('sendNew leaves already-sent messages and ACK-only peers to the epoch, and takes the peer\'s pending ACKs along', () => {
    const first = appendOne(emptyMvdsState());
    const afterTick = tick(first.state, zeros).state;
    expect(sendNew(afterTick, zeros).outbox).toEqual([]);
    // Bob's message arrives: an ACK is pending for him, but nothing new of ours → not sent early.
    const fromBob = parseMvdsPayload(tick(appendMessage(emptyMvdsState(), { peer: alicePeer, groupId, body: new Uint8Array([9]), nowMs: 1 }).state, zeros).outbox[0]!.payload)!;
    const received = receivePayload(afterTick, { peer: bobPeer, payload: fromBob });
    expect(sendNew(received.state, zeros).outbox).toEqual([]);
    // A new message of ours goes at once, with that ACK.
    const second = appendOne(received.state, new Uint8Array([8]));
    const early = sendNew(second.state, zeros);
    expect(early.outbox).toHaveLength(1);
    const p = parseMvdsPayload(early.outbox[0]!.payload)!;
    expect(p.messages.map((m) => toHex(m.body))).toEqual(['08']);
    expect(p.acks.map(toHex)).toEqual(received.messages.map((m) => toHex(m.id)));
    expect(early.outbox[0]!.messageIds.map(toHex)).toEqual([toHex(second.id)]);
    // The ACK is no longer pending: the next tick sends nothing for Bob.
    expect(tick(early.state, zeros).outbox).toEqual([]);
  });

  it(`drops a message after ${MAX_SENDS} sends`, () => {
    let { state } = appendOne(emptyMvdsState());
    let sends = 0;
    while (Object.keys(state.peers).length > 0) {
      const next = Math.min(...Object.values(state.peers).flatMap((p) => p.outgoing.map((o) => o.sendEpoch)));
      state = { ...state, epoch: next - 1 };
      const t = tick(state, zeros);
      sends += t.outbox.length;
      state = t.state;
    }
    expect(sends).toBe(MAX_SENDS);
  });

  it('adds up to 29 epochs of jitter', () => {
    expect(nextSendEpoch(10, 1, () => new Uint8Array([0, 0, 0, 29]))).toBe(10 + RESEND_BASE_EPOCHS + 29);
    expect(nextSendEpoch(10, 2, () => new Uint8Array([0, 0, 0, 30]))).toBe(10 + 2 * RESEND_BASE_EPOCHS);
  });

  it('ACKs every received message, duplicates included, in one batched payload', () => {
    const { state: sender } = appendOne(emptyMvdsState());
    const wire = parseMvdsPayload(tick(sender, zeros).outbox[0]!.payload)!;
    let bobState = emptyMvdsState();
    const r1 = receivePayload(bobState, { peer: alicePeer, payload: wire });
    expect(r1.messages).toHaveLength(1);
    const r2 = receivePayload(r1.state, { peer: alicePeer, payload: wire });
    bobState = r2.state;
    expect(r2.messages).toHaveLength(1);
    const t = tick(bobState, zeros);
    expect(t.outbox).toHaveLength(1);
    const ackPayload = parseMvdsPayload(t.outbox[0]!.payload)!;
    expect(ackPayload.acks.map(toHex)).toEqual([toHex(r1.messages[0]!.id)]);
    expect(ackPayload.messages).toHaveLength(0);
    expect(tick(t.state, zeros).outbox).toHaveLength(0);
  });

  it('batches pending ACKs with due messages for the same peer', () => {
    let { state } = appendOne(emptyMvdsState());
    const incoming = create(PayloadSchema, { messages: [{ groupId, timestamp: 5n, body: new Uint8Array([9]) }] });
    state = receivePayload(state, { peer: bobPeer, payload: incoming }).state;
    const t = tick(state, zeros);
    expect(t.outbox).toHaveLength(1);
    const p = parseMvdsPayload(t.outbox[0]!.payload)!;
    expect(p.acks).toHaveLength(1);
    expect(p.messages).toHaveLength(1);
  });

  it('reschedules pending messages within 60 epochs when the peer comes online', () => {
    let { state } = appendOne(emptyMvdsState());
    state = tick(state, zeros).state; // first send; next due at epoch 91
    state = peerOnline(state, bobPeer, () => new Uint8Array([0, 0, 0, 5]));
    const due = Object.values(state.peers)[0]!.outgoing[0]!.sendEpoch;
    expect(due).toBe(state.epoch + 5);
    expect(bytesEqual(peerOnline(state, alicePeer, zeros).peers[toHex(alicePeer)]?.outgoing[0]?.id ?? new Uint8Array(), new Uint8Array())).toBe(true);
  });

  it('keeps state as structured-cloneable plain data', () => {
    const { state } = appendOne(emptyMvdsState());
    expect(structuredClone(state)).toEqual(state);
  });
});
