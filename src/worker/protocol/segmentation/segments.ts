/**
 * Segmentation of large payloads (L2): splitting a byte string into SegmentMessages and
 * reassembling received data segments per (entire_message_hash, transport signer), as pure
 * functions over plain state. Reed–Solomon parity segments are neither produced nor used (their
 * byte compatibility with status-go's encoder is UNCONFIRMED, Annex C 2); status-go receivers can
 * always reassemble from the data segments alone. Spec: status-protocol.md §2.3 step 3, §6.5, §7.6.
 */
import { create } from '@bufbuild/protobuf';
import { keccak256 } from '../../crypto/hashes.ts';
import { bytesEqual, bytesToHex, concatBytes } from '../../../lib/shared/bytes.ts';
import { decodeProto, encodeProto } from '../codec.ts';
import { SegmentMessageSchema } from '../generated/segment_message_pb.ts';
import type { SegmentMessage } from '../generated/segment_message_pb.ts';
import { err, ok } from '../result.ts';
import type { Result } from '../result.ts';

export type SegmentError = 'SEGMENT_INVALID' | 'SEGMENT_HASH_MISMATCH' | 'SEGMENT_ALREADY_COMPLETED';

/** §7.6: ¾ of the 1 MiB Waku limit. */
export const SEGMENT_SIZE = 786_432;
/** §7.6: incomplete sets are discarded after about a month. */
export const SEGMENT_TTL_MS = 30 * 24 * 3600 * 1000;
const HASH_BYTES = 32;

/** Splits `payload` into serialised data segments; payloads ≤ SEGMENT_SIZE are returned unchanged. */
export function segmentPayload(payload: Uint8Array): Uint8Array[] {
  if (payload.length <= SEGMENT_SIZE) return [payload];
  const hash = keccak256(payload);
  const count = Math.ceil(payload.length / SEGMENT_SIZE);
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const chunk = payload.subarray(i * SEGMENT_SIZE, Math.min((i + 1) * SEGMENT_SIZE, payload.length));
    const msg = create(SegmentMessageSchema, { entireMessageHash: hash, index: i, segmentsCount: count, payload: chunk });
    out.push(encodeProto(SegmentMessageSchema, msg));
  }
  return out;
}

/** The keccak256 of the whole message each segment names. */
const SEGMENT_HASH_BYTES = 32;

/**
 * §2.3 step 3: a segment iff it parses with segments_count ≥ 2 or parity_segments_count > 0, and
 * also carries a 32-byte hash and an index inside its count. Without those checks some ordinary
 * ProtocolMessages parse as "segments" (seen in the catch-up bench: every message of about 1 in 50
 * senders was dropped); status-go's SegmentMessage validity also requires the 32-byte hash.
 */
export function parseSegment(bytes: Uint8Array): SegmentMessage | undefined {
  const d = decodeProto(SegmentMessageSchema, bytes);
  if (!d.ok) return undefined;
  const m = d.value;
  if (m.entireMessageHash.length !== SEGMENT_HASH_BYTES || m.payload.length === 0) return undefined;
  if (m.segmentsCount >= 2) return m.index < m.segmentsCount ? m : undefined;
  if (m.paritySegmentsCount > 0) return m.paritySegmentIndex < m.paritySegmentsCount ? m : undefined;
  return undefined;
}

interface PendingSet {
  readonly count: number;
  readonly hash: Uint8Array;
  readonly firstSeenMs: number;
  /** Data segment payloads by index. */
  readonly parts: Readonly<Record<number, Uint8Array>>;
}

export interface SegmentState {
  /** Keyed by hex(hash) ‖ ":" ‖ hex(signer). */
  readonly pending: Readonly<Record<string, PendingSet>>;
  /** hex(hash) of completed messages → completion time (ms), for deduplication (§6.5). */
  readonly completed: Readonly<Record<string, number>>;
}

export const emptySegmentState = (): SegmentState => ({ pending: {}, completed: {} });

export interface SegmentOutcome {
  readonly state: SegmentState;
  /** The reassembled payload once all data segments are present. */
  readonly complete?: Uint8Array | undefined;
}

function isWellFormed(s: SegmentMessage): boolean {
  if (s.entireMessageHash.length !== HASH_BYTES) return false;
  if (s.paritySegmentsCount > 0 && s.segmentsCount === 0) return true;
  return s.segmentsCount >= 2 && s.index < s.segmentsCount;
}

function assemble(set: PendingSet): Uint8Array | undefined {
  const parts: Uint8Array[] = [];
  for (let i = 0; i < set.count; i++) {
    const part = set.parts[i];
    if (part === undefined) return undefined;
    parts.push(part);
  }
  return concatBytes(...parts);
}

/** Stores one segment from `signer` (uncomp transport signer); completes and verifies the hash. */
export function addSegment(
  state: SegmentState,
  opts: { readonly segment: SegmentMessage; readonly signer: Uint8Array; readonly nowMs: number },
): Result<SegmentOutcome, SegmentError> {
  const s = opts.segment;
  if (!isWellFormed(s)) return err('SEGMENT_INVALID');
  const hashHex = bytesToHex(s.entireMessageHash);
  if (state.completed[hashHex] !== undefined) return err('SEGMENT_ALREADY_COMPLETED');
  if (s.segmentsCount === 0) return ok({ state }); // parity segment: not used
  const key = `${hashHex}:${bytesToHex(opts.signer)}`;
  const prev = state.pending[key];
  if (prev !== undefined && prev.count !== s.segmentsCount) return err('SEGMENT_INVALID');
  const set: PendingSet = {
    count: s.segmentsCount, hash: s.entireMessageHash, firstSeenMs: prev?.firstSeenMs ?? opts.nowMs,
    parts: { ...prev?.parts, [s.index]: s.payload },
  };
  const whole = assemble(set);
  if (whole === undefined) return ok({ state: { ...state, pending: { ...state.pending, [key]: set } } });
  const { [key]: _done, ...pending } = state.pending;
  if (!bytesEqual(keccak256(whole), set.hash)) return err('SEGMENT_HASH_MISMATCH');
  return ok({ state: { pending, completed: { ...state.completed, [hashHex]: opts.nowMs } }, complete: whole });
}

/** Drops incomplete sets (and completion records) older than SEGMENT_TTL_MS. */
export function pruneSegments(state: SegmentState, nowMs: number): SegmentState {
  const fresh = (t: number): boolean => nowMs - t <= SEGMENT_TTL_MS;
  return {
    pending: Object.fromEntries(Object.entries(state.pending).filter(([, p]) => fresh(p.firstSeenMs))),
    completed: Object.fromEntries(Object.entries(state.completed).filter(([, t]) => fresh(t))),
  };
}
