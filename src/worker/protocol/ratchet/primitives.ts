/**
 * Double-ratchet primitives, status-go variant ("EthereumCrypto"): KDF_RK, KDF_CK, the
 * header-as-associated-data encoding and the AEAD-like ENCRYPT/DECRYPT (AES-256-CTR + HMAC-SHA256,
 * IV derived from the message key). Owns no state. Spec: status-protocol.md §4.1.
 */
import { aesCtr } from '../../crypto/aes.ts';
import { constantTimeEqual, hkdfSha256, hmacSha256 } from '../../crypto/hashes.ts';
import { concatBytes, utf8ToBytes } from '../../../lib/shared/bytes.ts';
import { err, ok } from '../result.ts';
import type { Result } from '../result.ts';

export type CipherError = 'RATCHET_CIPHERTEXT_TOO_SHORT' | 'RATCHET_MAC_INVALID';

/** §4.1 HKDF info strings (status-go constants). */
export const KDF_RK_INFO = utf8ToBytes('rsZUpEuXUqqwXBvSy3EcievAh4cMj6QL');
export const MESSAGE_KEY_INFO = utf8ToBytes('pcwSByyx2CRdryCffXJwy7xgVZWtW5Sh');
const CHAIN_INPUT = new Uint8Array([0x0f]);
const MESSAGE_INPUT = new Uint8Array([0x10]);
const KEY_BYTES = 32;
const IV_BYTES = 16;
const MAC_BYTES = 32;
/** Shortest valid ciphertext: IV + empty body + MAC. */
export const MIN_CIPHERTEXT_BYTES = IV_BYTES + MAC_BYTES;

export interface RootStep {
  readonly rootKey: Uint8Array;
  readonly chainKey: Uint8Array;
}

/** KDF_RK: HKDF(ikm = dhOut, salt = rk, info, 96); the third 32 bytes (header key) are unused. */
export function kdfRk(rootKey: Uint8Array, dhOut: Uint8Array): RootStep {
  const okm = hkdfSha256(dhOut, rootKey, KDF_RK_INFO, 3 * KEY_BYTES);
  const out = { rootKey: okm.slice(0, KEY_BYTES), chainKey: okm.slice(KEY_BYTES, 2 * KEY_BYTES) };
  okm.fill(0);
  return out;
}

export interface ChainStep {
  readonly chainKey: Uint8Array;
  readonly messageKey: Uint8Array;
}

/** KDF_CK: next chain key HMAC(ck, 0x0F), message key HMAC(ck, 0x10). */
export function kdfCk(chainKey: Uint8Array): ChainStep {
  return { chainKey: hmacSha256(chainKey, CHAIN_INPUT), messageKey: hmacSha256(chainKey, MESSAGE_INPUT) };
}

export interface RatchetHeader {
  /** comp(DHs.pub) of the sender, 33 bytes. */
  readonly dh: Uint8Array;
  readonly n: number;
  readonly pn: number;
}

/** Associated data = LE32(N) ‖ LE32(PN) ‖ DH (41 bytes for a compressed key). */
export function encodeHeader(h: RatchetHeader): Uint8Array {
  const out = new Uint8Array(8 + h.dh.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, h.n >>> 0, true);
  view.setUint32(4, h.pn >>> 0, true);
  out.set(h.dh, 8);
  return out;
}

interface MessageKeys {
  readonly encKey: Uint8Array;
  readonly authKey: Uint8Array;
  readonly iv: Uint8Array;
}

function deriveMessageKeys(messageKey: Uint8Array): MessageKeys {
  const okm = hkdfSha256(messageKey, new Uint8Array(KEY_BYTES), MESSAGE_KEY_INFO, 2 * KEY_BYTES + IV_BYTES);
  const keys = { encKey: okm.slice(0, 32), authKey: okm.slice(32, 64), iv: okm.slice(64, 80) };
  okm.fill(0);
  return keys;
}

function wipe(k: MessageKeys): void {
  k.encKey.fill(0);
  k.authKey.fill(0);
}

/** ENCRYPT(mk, plaintext, ad) → iv ‖ AES-256-CTR(encKey, iv, pt) ‖ HMAC(authKey, ad ‖ iv ‖ ct). */
export function ratchetSeal(messageKey: Uint8Array, plaintext: Uint8Array, ad: Uint8Array): Uint8Array {
  const k = deriveMessageKeys(messageKey);
  const body = concatBytes(k.iv, aesCtr(k.encKey, k.iv, plaintext));
  const tag = hmacSha256(k.authKey, concatBytes(ad, body));
  wipe(k);
  return concatBytes(body, tag);
}

/** DECRYPT(mk, ct, ad): MAC checked in constant time before decrypting; IV read from ct[0:16]. */
export function ratchetOpen(messageKey: Uint8Array, sealed: Uint8Array, ad: Uint8Array): Result<Uint8Array, CipherError> {
  if (sealed.length < MIN_CIPHERTEXT_BYTES) return err('RATCHET_CIPHERTEXT_TOO_SHORT');
  const body = sealed.subarray(0, sealed.length - MAC_BYTES);
  const tag = sealed.subarray(sealed.length - MAC_BYTES);
  const k = deriveMessageKeys(messageKey);
  const expected = hmacSha256(k.authKey, concatBytes(ad, body));
  if (!constantTimeEqual(expected, tag)) {
    wipe(k);
    return err('RATCHET_MAC_INVALID');
  }
  const plaintext = aesCtr(k.encKey, body.subarray(0, IV_BYTES), body.subarray(IV_BYTES));
  wipe(k);
  return ok(plaintext);
}
