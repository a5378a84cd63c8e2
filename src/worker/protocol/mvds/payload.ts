/**
 * MVDS Payload codec and the "is this a valid Payload" rule used when unwrapping received bytes.
 * Spec: status-protocol.md §2.3 step 5, §7.1.
 */
import { create } from '@bufbuild/protobuf';
import { decodeProto, encodeProto } from '../codec.ts';
import { PayloadSchema } from '../generated/sync_pb.ts';
import type { Payload } from '../generated/sync_pb.ts';

export interface MvdsMessage {
  readonly groupId: Uint8Array;
  /** Unix seconds when the message was appended. */
  readonly timestamp: bigint;
  readonly body: Uint8Array;
}

/** Valid iff at least one repeated field is non-empty (so an AMM never parses as one). */
export function isValidPayload(p: Payload): boolean {
  return p.acks.length + p.offers.length + p.requests.length + p.messages.length + p.groupOffers.length > 0;
}

/** Returns the Payload if `bytes` is a valid one, else undefined (continue with the bytes as an AMM). */
export function parseMvdsPayload(bytes: Uint8Array): Payload | undefined {
  const d = decodeProto(PayloadSchema, bytes);
  return d.ok && isValidPayload(d.value) ? d.value : undefined;
}

export function encodeMvdsPayload(opts: { readonly acks: readonly Uint8Array[]; readonly messages: readonly MvdsMessage[] }): Uint8Array {
  const payload = create(PayloadSchema, {
    acks: [...opts.acks],
    messages: opts.messages.map((m) => ({ groupId: m.groupId, timestamp: m.timestamp, body: m.body })),
  });
  return encodeProto(PayloadSchema, payload);
}
