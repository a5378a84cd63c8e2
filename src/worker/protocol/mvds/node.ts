/**
 * MVDS (BATCH mode) as a pure state machine over plain data: append own reliable messages, receive
 * payloads (ACK every contained message, stop resending what the peer ACKed), and emit one Payload
 * per peer per epoch with the exponential resend schedule. Time is counted in epochs; the caller
 * ticks every EPOCH_MS and injects randomness. Offers/requests (INTERACTIVE mode) are ignored.
 * Spec: status-protocol.md §7.1–§7.5.
 */
import { bytesEqual, bytesToHex, hexToBytes } from '../../../lib/shared/bytes.ts';
import type { Payload } from '../generated/sync_pb.ts';
import type { RandomSource } from '../keys.ts';
import { mvdsMessageId } from './ids.ts';
import { encodeMvdsPayload } from './payload.ts';
import type { MvdsMessage } from './payload.ts';

/** §7.3: one epoch is 300 ms. */
export const EPOCH_MS = 300;
/** §7.3: base resend interval, 30 s × 3 epochs/s (integer-truncated) = 90 epochs. */
export const RESEND_BASE_EPOCHS = 90;
/** §7.3: random extra delay 0–29 epochs on every resend. */
export const RESEND_JITTER_EPOCHS = 30;
/** §7.3: retry state is dropped once a message has been sent this many times. */
export const MAX_SENDS = 16;
/** §7.3: when a peer comes back online, pending messages are rescheduled within 0–59 epochs. */
export const ONLINE_RESCHEDULE_EPOCHS = 60;

export interface Outgoing {
  readonly id: Uint8Array;
  readonly message: MvdsMessage;
  readonly sendCount: number;
  readonly sendEpoch: number;
}

export interface PeerState {
  /** MVDS ids to ACK in the next payload to this peer. */
  readonly pendingAcks: readonly Uint8Array[];
  readonly outgoing: readonly Outgoing[];
}

export interface MvdsState {
  readonly epoch: number;
  /** Keyed by hex(peer id) = hex(uncomp(identity)). */
  readonly peers: Readonly<Record<string, PeerState>>;
}

export const emptyMvdsState = (): MvdsState => ({ epoch: 0, peers: {} });

const EMPTY_PEER: PeerState = { pendingAcks: [], outgoing: [] };
const peerOf = (s: MvdsState, peer: string): PeerState => s.peers[peer] ?? EMPTY_PEER;
const withPeer = (s: MvdsState, peer: string, p: PeerState): MvdsState => ({ ...s, peers: { ...s.peers, [peer]: p } });

/** Uniform-enough integer in [0, n) from 4 injected random bytes (scheduling jitter only). */
function randomBelow(random: RandomSource, n: number): number {
  const b = random(4);
  return (((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0) % n;
}

/** §7.2/§7.3: append a reliable message (body = AMM bytes); it goes out in the next epoch. */
export function appendMessage(
  state: MvdsState,
  opts: { readonly peer: Uint8Array; readonly groupId: Uint8Array; readonly body: Uint8Array; readonly nowMs: number },
): { state: MvdsState; id: Uint8Array } {
  const message: MvdsMessage = { groupId: opts.groupId, timestamp: BigInt(Math.floor(opts.nowMs / 1000)), body: opts.body };
  const id = mvdsMessageId(message.groupId, message.timestamp, message.body);
  const key = bytesToHex(opts.peer);
  const p = peerOf(state, key);
  const record: Outgoing = { id, message, sendCount: 0, sendEpoch: state.epoch + 1 };
  return { state: withPeer(state, key, { ...p, outgoing: [...p.outgoing, record] }), id };
}

export interface Received {
  readonly state: MvdsState;
  /** Contained messages with their MVDS ids; each `body` is processed as an AMM. */
  readonly messages: readonly (MvdsMessage & { readonly id: Uint8Array })[];
  /** Own messages the peer ACKed (now delivered). */
  readonly delivered: readonly Uint8Array[];
}

/** §7.4: schedule an ACK for every message (duplicates too) and stop resending ACKed ones. */
export function receivePayload(state: MvdsState, opts: { readonly peer: Uint8Array; readonly payload: Payload }): Received {
  const key = bytesToHex(opts.peer);
  const p = peerOf(state, key);
  const messages = opts.payload.messages.map((m) => ({
    groupId: m.groupId, timestamp: m.timestamp, body: m.body, id: mvdsMessageId(m.groupId, m.timestamp, m.body),
  }));
  const pendingAcks = [...p.pendingAcks];
  for (const m of messages) if (!pendingAcks.some((a) => bytesEqual(a, m.id))) pendingAcks.push(m.id);
  const acks = opts.payload.acks;
  const isAcked = (o: Outgoing): boolean => acks.some((a) => bytesEqual(a, o.id));
  const delivered = p.outgoing.filter(isAcked).map((o) => o.id);
  const outgoing = p.outgoing.filter((o) => !isAcked(o));
  return { state: withPeer(state, key, { pendingAcks, outgoing }), messages, delivered };
}

/** §7.3: after the k-th send, the next is 2^(k−1) × 90 epochs later plus 0–29 random epochs. */
export function nextSendEpoch(epoch: number, sendCount: number, random: RandomSource): number {
  return epoch + 2 ** (sendCount - 1) * RESEND_BASE_EPOCHS + randomBelow(random, RESEND_JITTER_EPOCHS);
}

export interface OutgoingPayload {
  /** Peer id (uncomp identity) to encrypt the payload for. */
  readonly peer: Uint8Array;
  readonly payload: Uint8Array;
  /** MVDS ids of the messages carried (for "sent" bookkeeping). */
  readonly messageIds: readonly Uint8Array[];
}

/** Takes the `isDue` messages out for sending at `epoch` and schedules their next send; the peer's ACKs go along. */
function flushPeer(p: PeerState, epoch: number, random: RandomSource, isDue: (o: Outgoing) => boolean): { peer: PeerState; due: Outgoing[] } {
  const due = p.outgoing.filter(isDue);
  const outgoing: Outgoing[] = [];
  for (const o of p.outgoing) {
    if (!isDue(o)) outgoing.push(o);
    else if (o.sendCount + 1 < MAX_SENDS) {
      outgoing.push({ ...o, sendCount: o.sendCount + 1, sendEpoch: nextSendEpoch(epoch, o.sendCount + 1, random) });
    }
  }
  return { peer: { pendingAcks: [], outgoing }, due };
}

/** One Payload for a peer: its pending ACKs and the due messages. */
function payloadFor(key: string, p: PeerState, due: readonly Outgoing[]): OutgoingPayload {
  const payload = encodeMvdsPayload({ acks: p.pendingAcks, messages: due.map((o) => o.message) });
  return { peer: hexToBytes(key), payload, messageIds: due.map((o) => o.id) };
}

/** Advances one epoch and batches, per peer, all due messages and pending ACKs into one Payload. */
export function tick(state: MvdsState, random: RandomSource): { state: MvdsState; outbox: OutgoingPayload[] } {
  const epoch = state.epoch + 1;
  const peers: Record<string, PeerState> = {};
  const outbox: OutgoingPayload[] = [];
  for (const [key, p] of Object.entries(state.peers)) {
    const { peer, due } = flushPeer(p, epoch, random, (o) => o.sendEpoch <= epoch);
    if (peer.outgoing.length > 0) peers[key] = peer;
    if (due.length === 0 && p.pendingAcks.length === 0) continue;
    outbox.push(payloadFor(key, p, due));
  }
  return { state: { epoch, peers }, outbox };
}

/**
 * Sends what was just appended without waiting for the next epoch (a message the user just wrote):
 * for each peer with messages never sent yet, one Payload with them and that peer's pending ACKs.
 * They are scheduled exactly as the next tick would have scheduled them, and the epoch counter does
 * not move, so the §7.3 resend pace is unchanged; nothing already sent goes out early.
 */
export function sendNew(state: MvdsState, random: RandomSource): { state: MvdsState; outbox: OutgoingPayload[] } {
  const epoch = state.epoch + 1;
  const isNew = (o: Outgoing): boolean => o.sendCount === 0 && o.sendEpoch <= epoch;
  const peers: Record<string, PeerState> = { ...state.peers };
  const outbox: OutgoingPayload[] = [];
  for (const [key, p] of Object.entries(state.peers)) {
    if (!p.outgoing.some(isNew)) continue;
    const { peer, due } = flushPeer(p, epoch, random, isNew);
    peers[key] = peer;
    outbox.push(payloadFor(key, p, due));
  }
  return { state: { epoch: state.epoch, peers }, outbox };
}

/** §7.3: the peer was seen online again; reschedule its pending messages within 0–59 epochs. */
export function peerOnline(state: MvdsState, peer: Uint8Array, random: RandomSource): MvdsState {
  const key = bytesToHex(peer);
  const p = state.peers[key];
  if (p === undefined) return state;
  const outgoing = p.outgoing.map((o) => ({ ...o, sendEpoch: state.epoch + randomBelow(random, ONLINE_RESCHEDULE_EPOCHS) }));
  return withPeer(state, key, { ...p, outgoing });
}
