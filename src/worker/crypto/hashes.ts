/**
 * Hashes, MACs and KDFs, named as in status-protocol.md §0. Thin wrappers over @noble/hashes so
 * that nothing outside worker/crypto imports @noble/*. PBKDF2 also has a WebCrypto form
 * (native in the worker and in Node ≥ 19, ~10× faster than noble for the 65 356-round topic keys)
 * with noble as the reference and the fallback when `crypto.subtle` is absent.
 */
import { hkdf as nobleHkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { pbkdf2 as noblePbkdf2 } from '@noble/hashes/pbkdf2.js';
import { sha256 as nobleSha256, sha512 as nobleSha512 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';

/** Ethereum Keccak-256 (padding 0x01), not NIST SHA3-256. */
export const keccak256 = (data: Uint8Array): Uint8Array => keccak_256(data);
export const sha256 = (data: Uint8Array): Uint8Array => nobleSha256(data);
export const sha512 = (data: Uint8Array): Uint8Array => nobleSha512(data);
export const hmacSha256 = (key: Uint8Array, msg: Uint8Array): Uint8Array => hmac(nobleSha256, key, msg);
export const hmacSha512 = (key: Uint8Array, msg: Uint8Array): Uint8Array => hmac(nobleSha512, key, msg);

/** HKDF-SHA256 (RFC 5869). */
export function hkdfSha256(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  return nobleHkdf(nobleSha256, ikm, salt, info, length);
}

/** PBKDF2-HMAC-SHA256. */
export function pbkdf2Sha256(password: Uint8Array, salt: Uint8Array, iterations: number, length: number): Uint8Array {
  return noblePbkdf2(nobleSha256, password, salt, { c: iterations, dkLen: length });
}

/**
 * PBKDF2-HMAC-SHA256 through WebCrypto (same bytes as `pbkdf2Sha256`, checked against it and the
 * spec vectors). Falls back to noble when `crypto.subtle` is unavailable (insecure context).
 */
export async function pbkdf2Sha256Native(password: Uint8Array, salt: Uint8Array, iterations: number, length: number): Promise<Uint8Array> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return pbkdf2Sha256(password, salt, iterations, length);
  if (!Number.isInteger(iterations) || iterations < 1) throw new RangeError(`pbkdf2: iterations must be a positive integer, got ${iterations}`);
  if (!Number.isInteger(length) || length < 1) throw new RangeError(`pbkdf2: length must be a positive integer, got ${length}`);
  // WebCrypto wants ArrayBuffer-backed views; copies are cheap next to the rounds.
  const key = await subtle.importKey('raw', new Uint8Array(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(salt), iterations }, key, length * 8);
  return new Uint8Array(bits);
}

/** Constant-time equality for MACs and tags: time depends only on the lengths. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
