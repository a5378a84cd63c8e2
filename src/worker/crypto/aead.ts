/**
 * The vault's record cipher: XChaCha20-Poly1305 with a random 24-byte nonce per record (random
 * nonces are safe at this size), and associated data that binds each record to where it lives.
 * Sealed form: nonce(24) ‖ ciphertext ‖ tag(16). Backend: @noble/ciphers.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { randomBytes } from './random.ts';

export const AEAD_KEY_BYTES = 32;
export const AEAD_NONCE_BYTES = 24;
export const AEAD_TAG_BYTES = 16;

function expectKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.length !== AEAD_KEY_BYTES) {
    throw new RangeError(`AEAD key: expected ${AEAD_KEY_BYTES} bytes, got ${key instanceof Uint8Array ? key.length : typeof key}`);
  }
}

export function aeadSeal(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array, nonce = randomBytes(AEAD_NONCE_BYTES)): Uint8Array {
  expectKey(key);
  const ct = xchacha20poly1305(key, nonce, aad).encrypt(plaintext);
  const out = new Uint8Array(AEAD_NONCE_BYTES + ct.length);
  out.set(nonce, 0);
  out.set(ct, AEAD_NONCE_BYTES);
  return out;
}

/** Returns the plaintext, or null when the record was tampered with, moved, or sealed under another key. */
export function aeadOpen(key: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array | null {
  expectKey(key);
  if (!(sealed instanceof Uint8Array) || sealed.length < AEAD_NONCE_BYTES + AEAD_TAG_BYTES) return null;
  try {
    return xchacha20poly1305(key, sealed.subarray(0, AEAD_NONCE_BYTES), aad).decrypt(sealed.subarray(AEAD_NONCE_BYTES));
  } catch {
    return null;
  }
}
