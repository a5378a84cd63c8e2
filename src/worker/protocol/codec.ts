/**
 * Safe protobuf codec edge for protocol/: decoding untrusted bytes never throws, it returns a typed
 * error. Owns the bridge between generated schemas (generated/, never hand-edited) and Result.
 * Spec: status-protocol.md §0 (proto3 rules; signatures and hashes are over the exact wire bytes,
 * so callers keep the received bytes instead of re-serialising).
 */
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { err, ok } from './result.ts';
import type { Result } from './result.ts';

export type DecodeError = 'PROTO_DECODE_FAILED';

/** Decodes `bytes` as `schema`; malformed input gives PROTO_DECODE_FAILED instead of a throw. */
export function decodeProto<Desc extends DescMessage>(
  schema: Desc,
  bytes: Uint8Array,
): Result<MessageShape<Desc>, DecodeError> {
  if (!(bytes instanceof Uint8Array)) return err('PROTO_DECODE_FAILED');
  try {
    return ok(fromBinary(schema, bytes));
  } catch {
    return err('PROTO_DECODE_FAILED');
  }
}

/** Encodes a message built with `create(schema, …)`. Encoding a well-formed message cannot fail. */
export function encodeProto<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): Uint8Array {
  return toBinary(schema, message);
}
