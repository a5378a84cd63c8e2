/**
 * Deterministic Waku message hash (14/WAKU2-MESSAGE), used for deduplication and store look-ups.
 * Owns only the hash; not the message codec (transport/). Spec: status-protocol.md §2.5.
 */
import { sha256 } from '../../crypto/hashes.ts';
import { concatBytes, utf8ToBytes } from '../../../lib/shared/bytes.ts';

export interface WakuMessageHashInput {
  readonly pubsubTopic: string;
  readonly contentTopic: string;
  readonly payload: Uint8Array;
  /** Absent meta contributes nothing (same as empty). */
  readonly meta?: Uint8Array | undefined;
  /** Nanoseconds, signed 64-bit. */
  readonly timestamp: bigint;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** BE64(n) of §0: 8 bytes big-endian, two's complement for negative values. */
export function int64BigEndian(n: bigint): Uint8Array {
  if (n < INT64_MIN || n > INT64_MAX) throw new RangeError('timestamp: outside signed 64-bit range');
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigInt64(0, n, false);
  return out;
}

/** sha256(utf8(pubsub_topic) ‖ payload ‖ utf8(content_topic) ‖ meta ‖ BE64(timestamp)). */
export function wakuMessageHash(msg: WakuMessageHashInput): Uint8Array {
  return sha256(
    concatBytes(
      utf8ToBytes(msg.pubsubTopic),
      msg.payload,
      utf8ToBytes(msg.contentTopic),
      msg.meta ?? new Uint8Array(0),
      int64BigEndian(msg.timestamp),
    ),
  );
}
