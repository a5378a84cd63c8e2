/**
 * MVDS identifiers: message id, the 1:1 group id of a pair of identities, the peer id.
 * Spec: status-protocol.md §7.2.
 */
import { keccak256, sha256 } from '../../crypto/hashes.ts';
import { normalizePublicKey } from '../../crypto/secp256k1.ts';
import { bytesToHex, concatBytes, utf8ToBytes } from '../../../lib/shared/bytes.ts';

const MESSAGE_ID_PREFIX = utf8ToBytes('MESSAGE_ID');

/** LE64 of a signed 64-bit value. */
function int64LittleEndian(n: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigInt64(0, BigInt.asIntN(64, n), true);
  return out;
}

/** sha256(utf8("MESSAGE_ID") ‖ group_id ‖ LE64(timestamp) ‖ body): what `acks` carry. */
export function mvdsMessageId(groupId: Uint8Array, timestamp: bigint, body: Uint8Array): Uint8Array {
  return sha256(concatBytes(MESSAGE_ID_PREFIX, groupId, int64LittleEndian(timestamp), body));
}

/**
 * keccak256(first ‖ second) over comp() of the two identities, the one with the smaller X
 * (as an unsigned integer) first. Throws on invalid keys (callers hold validated keys).
 */
export function mvdsGroupId(identityA: Uint8Array, identityB: Uint8Array): Uint8Array {
  const a = normalizePublicKey(identityA, true);
  const b = normalizePublicKey(identityB, true);
  // Same-length big-endian X coordinates: lexicographic byte order equals numeric order.
  const ax = bytesToHex(a.subarray(1));
  const bx = bytesToHex(b.subarray(1));
  return ax <= bx ? keccak256(concatBytes(a, b)) : keccak256(concatBytes(b, a));
}

/** Peer id = uncomp(identity), 65 bytes; its hex is the key of per-peer MVDS state. */
export function mvdsPeerId(identity: Uint8Array): Uint8Array {
  return normalizePublicKey(identity, false);
}
