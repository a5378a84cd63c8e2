/**
 * Status content topics and symmetric topic keys. Owns the chat-id strings of a user and of a pair
 * of users (partitioned, personal, contact-code, negotiated) and the maps T(s) and K(s).
 * Does not own subscriptions or when to switch topics (services decide, §5.3/§5.4).
 * Spec: status-protocol.md §0 (T, K, pkhex), §5.1, §5.2.
 */
import { keccak256, pbkdf2Sha256, pbkdf2Sha256Native } from '../../crypto/hashes.ts';
import { ecdh, normalizePublicKey } from '../../crypto/secp256k1.ts';
import { bytesToHex, utf8ToBytes } from '../../../lib/shared/bytes.ts';
import { err, ok } from '../result.ts';
import type { Result } from '../result.ts';

export type TopicError = 'INVALID_PUBLIC_KEY' | 'INVALID_PRIVATE_KEY';

/** §5.2: partitions of the "contact-discovery-" topic space. */
export const PARTITIONS_COUNT = 5000n;
/** §0: K(s) iteration count — 65356, not 65536 (as status-go has it). */
export const SYMMETRIC_KEY_PBKDF2_ITERATIONS = 65356;
export const SYMMETRIC_KEY_BYTES = 32;
const TOPIC_BYTES = 4;
const PARTITIONED_PREFIX = 'contact-discovery-';
const CONTACT_CODE_SUFFIX = '-contact-code';

/** T(s) of §0: "/waku/1/0x" ‖ hex(keccak256(utf8(s))[0:4]) ‖ "/rfc26". */
export function contentTopic(chatId: string): string {
  const topic = keccak256(utf8ToBytes(chatId)).subarray(0, TOPIC_BYTES);
  return `/waku/1/0x${bytesToHex(topic)}/rfc26`;
}

/** K(s) of §0: PBKDF2-HMAC-SHA256(utf8(s), empty salt, 65356 iterations, 32 bytes). */
export function symmetricKey(chatId: string): Uint8Array {
  return pbkdf2Sha256(utf8ToBytes(chatId), new Uint8Array(0), SYMMETRIC_KEY_PBKDF2_ITERATIONS, SYMMETRIC_KEY_BYTES);
}

/** K(s) through WebCrypto's native PBKDF2: the same bytes, several times faster; use it wherever the caller can wait. */
export function symmetricKeyAsync(chatId: string): Promise<Uint8Array> {
  return pbkdf2Sha256Native(utf8ToBytes(chatId), new Uint8Array(0), SYMMETRIC_KEY_PBKDF2_ITERATIONS, SYMMETRIC_KEY_BYTES);
}

function uncompressed(publicKey: Uint8Array): Result<Uint8Array, TopicError> {
  try {
    return ok(normalizePublicKey(publicKey, false));
  } catch {
    return err('INVALID_PUBLIC_KEY');
  }
}

/** pkhex(P) of §0: "0x" ‖ hex(uncomp(P)), lowercase. */
export function publicKeyHex(publicKey: Uint8Array): Result<string, TopicError> {
  const u = uncompressed(publicKey);
  return u.ok ? ok(`0x${bytesToHex(u.value)}`) : u;
}

/** §5.2 partitioned: "contact-discovery-" ‖ decimal(X mod 5000). */
export function partitionedChatId(publicKey: Uint8Array): Result<string, TopicError> {
  const u = uncompressed(publicKey);
  if (!u.ok) return u;
  const x = BigInt(`0x${bytesToHex(u.value.subarray(1, 33))}`);
  return ok(`${PARTITIONED_PREFIX}${(x % PARTITIONS_COUNT).toString(10)}`);
}

/** §5.2 personal: "contact-discovery-" ‖ hex(uncomp(P)) (no 0x). */
export function personalChatId(publicKey: Uint8Array): Result<string, TopicError> {
  const u = uncompressed(publicKey);
  return u.ok ? ok(`${PARTITIONED_PREFIX}${bytesToHex(u.value)}`) : u;
}

/** §5.2 contact code: "0x" ‖ hex(uncomp(P)) ‖ "-contact-code". */
export function contactCodeChatId(publicKey: Uint8Array): Result<string, TopicError> {
  const pk = publicKeyHex(publicKey);
  return pk.ok ? ok(`${pk.value}${CONTACT_CODE_SUFFIX}`) : pk;
}

/** §5.2 negotiated: hex(DH(IK_own.priv, IK_peer)) — the same string on both sides. */
export function negotiatedChatId(ownPrivateKey: Uint8Array, peerPublicKey: Uint8Array): Result<string, TopicError> {
  const u = uncompressed(peerPublicKey);
  if (!u.ok) return u;
  try {
    return ok(bytesToHex(ecdh(ownPrivateKey, u.value)));
  } catch {
    return err('INVALID_PRIVATE_KEY');
  }
}
