/**
 * Reassembly of segmented payloads on receive (status-protocol.md §2.3 step 3, §6.5, §7.6), over
 * the pure segmentation of protocol/segmentation: segments are collected per (entire message
 * hash, transport signer) until all data segments are there and the keccak256 matches.
 *
 * Bounded and expiring, in memory only: at most MAX_SETS incomplete sets and MAX_BYTES of segment
 * payload (the oldest set goes first), no set of more than MAX_SEGMENTS, incomplete sets and
 * completion records expire after SEGMENT_TTL_MS, and at most MAX_COMPLETED completion records are
 * kept. Every refusal and eviction is reported with a reason. Parity segments are accepted and
 * ignored (Reed–Solomon byte compatibility with status-go is UNCONFIRMED, §7.6): a set completes
 * from its data segments, which status-go always sends. Partial sets do not survive a reload; the
 * store catch-up fetches the window since the last sync again.
 */
import { bytesToHex } from '$lib/shared/bytes.ts';
import { addSegment, emptySegmentState, pruneSegments, SEGMENT_SIZE, type SegmentState } from '../../protocol/index.ts';
import type { SegmentMessage } from '../../protocol/generated/segment_message_pb.ts';

export const MAX_SETS = 16;
export const MAX_BYTES = 32 * 1024 * 1024;
/** 64 × 786 432 B = 48 MiB: far above any message Status segments today (images, descriptions). */
export const MAX_SEGMENTS = 64;
export const MAX_COMPLETED = 2_000;

export type SegmentDrop = 'segment_invalid' | 'segment_hash_mismatch' | 'segment_duplicate' | 'segment_too_large' | 'segment_evicted' | 'segment_expired';

export type SegmentResult =
  | { readonly kind: 'complete'; readonly bytes: Uint8Array }
  | { readonly kind: 'pending' }
  | { readonly kind: 'dropped'; readonly reason: SegmentDrop };

export class SegmentBuffer {
  #state: SegmentState = emptySegmentState();
  /** Sets pushed out by the bounds or expired, counted by the caller through `onDrop`. */
  onDrop: (reason: SegmentDrop) => void = () => undefined;

  get pendingSets(): number {
    return Object.keys(this.#state.pending).length;
  }

  get pendingBytes(): number {
    let n = 0;
    for (const set of Object.values(this.#state.pending)) for (const p of Object.values(set.parts)) n += p.length;
    return n;
  }

  add(segment: SegmentMessage, signer: Uint8Array, nowMs: number): SegmentResult {
    this.#expire(nowMs);
    if (segment.segmentsCount > MAX_SEGMENTS || segment.paritySegmentsCount > MAX_SEGMENTS) return { kind: 'dropped', reason: 'segment_too_large' };
    if (segment.payload.length > SEGMENT_SIZE) return { kind: 'dropped', reason: 'segment_too_large' };
    const r = addSegment(this.#state, { segment, signer, nowMs });
    if (!r.ok) {
      if (r.error === 'SEGMENT_HASH_MISMATCH') this.#forget(segment, signer);
      return { kind: 'dropped', reason: r.error === 'SEGMENT_ALREADY_COMPLETED' ? 'segment_duplicate' : r.error === 'SEGMENT_HASH_MISMATCH' ? 'segment_hash_mismatch' : 'segment_invalid' };
    }
    this.#state = r.value.state;
    if (r.value.complete) {
      this.#trimCompleted();
      return { kind: 'complete', bytes: r.value.complete };
    }
    this.#bound(`${bytesToHex(segment.entireMessageHash)}:${bytesToHex(signer)}`);
    return { kind: 'pending' };
  }

  /** A set whose reassembly did not match its hash is thrown away whole. */
  #forget(segment: SegmentMessage, signer: Uint8Array): void {
    const key = `${bytesToHex(segment.entireMessageHash)}:${bytesToHex(signer)}`;
    const { [key]: _gone, ...pending } = this.#state.pending;
    this.#state = { ...this.#state, pending };
  }

  #expire(nowMs: number): void {
    const before = this.pendingSets;
    this.#state = pruneSegments(this.#state, nowMs);
    for (let i = this.pendingSets; i < before; i++) this.onDrop('segment_expired');
  }

  /** Evicts the oldest sets (never `keep`, the one just added to) until within the bounds. */
  #bound(keep: string): void {
    for (;;) {
      const sets = Object.entries(this.#state.pending);
      if (sets.length <= MAX_SETS && this.pendingBytes <= MAX_BYTES) return;
      const oldest = sets.filter(([k]) => k !== keep).sort(([, a], [, b]) => a.firstSeenMs - b.firstSeenMs)[0];
      const victim = oldest?.[0] ?? keep;
      const { [victim]: _gone, ...pending } = this.#state.pending;
      this.#state = { ...this.#state, pending };
      this.onDrop('segment_evicted');
      if (victim === keep) return;
    }
  }

  #trimCompleted(): void {
    const done = Object.entries(this.#state.completed);
    if (done.length <= MAX_COMPLETED) return;
    const kept = done.sort(([, a], [, b]) => b - a).slice(0, MAX_COMPLETED);
    this.#state = { ...this.#state, completed: Object.fromEntries(kept) };
  }
}
