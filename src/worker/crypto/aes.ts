/**
 * AES for Parley, as used by status-protocol.md: AES-CTR with the whole 16-byte block as a
 * big-endian counter (§2.4 ECIES uses AES-128, §4.1 the double ratchet AES-256) and AES-256-GCM
 * with a 12-byte nonce and no additional data (§2.4 symmetric envelopes, §4.7 DH-only messages).
 * Owns only the block-cipher modes; framing (where the nonce/tag go) belongs to protocol/.
 * Backend: @noble/ciphers.
 */
import { ctr, gcm } from '@noble/ciphers/aes.js';

export const AES_BLOCK_BYTES = 16;
export const GCM_NONCE_BYTES = 12;
export const GCM_TAG_BYTES = 16;

function expectLength(name: string, b: Uint8Array, ...lens: number[]): void {
  if (!(b instanceof Uint8Array) || !lens.includes(b.length)) {
    const got = b instanceof Uint8Array ? `${b.length}` : typeof b;
    throw new RangeError(`${name}: expected ${lens.join(' or ')} bytes, got ${got}`);
  }
}

/**
 * AES-CTR (key 16 or 32 bytes) starting at counter block `iv`; the full 128-bit block is
 * incremented big-endian. Encryption and decryption are the same operation.
 */
export function aesCtr(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  expectLength('AES-CTR key', key, 16, 32);
  expectLength('AES-CTR iv', iv, AES_BLOCK_BYTES);
  return ctr(key, iv).encrypt(data);
}

/** AES-256-GCM encrypt without additional data: returns ciphertext ‖ tag(16). */
export function aesGcmEncrypt(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Uint8Array {
  expectLength('AES-GCM key', key, 32);
  expectLength('AES-GCM nonce', nonce, GCM_NONCE_BYTES);
  return gcm(key, nonce).encrypt(plaintext);
}

/** AES-256-GCM decrypt of ciphertext ‖ tag(16); returns undefined when authentication fails. */
export function aesGcmDecrypt(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Uint8Array | undefined {
  expectLength('AES-GCM key', key, 32);
  expectLength('AES-GCM nonce', nonce, GCM_NONCE_BYTES);
  if (sealed.length < GCM_TAG_BYTES) return undefined;
  try {
    return gcm(key, nonce).decrypt(sealed);
  } catch {
    return undefined;
  }
}
