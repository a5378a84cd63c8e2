/**
 * The raw secp256k1 operations a backend provides, and the reference backend (@noble/curves).
 * secp256k1.ts picks one backend once at start-up and owns the Status conventions on top; every
 * backend must give the same bytes as noble (the crypto unit tests run on each).
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';

export interface Secp256k1Backend {
  readonly name: 'noble' | 'libsecp256k1-wasm';
  isValidSecretKey(priv: Uint8Array): boolean;
  /** Throws on an invalid key. */
  getPublicKey(priv: Uint8Array, compressed: boolean): Uint8Array;
  /** Parses a SEC1 point (33 or 65 bytes), re-encoded; throws when it is not on the curve. */
  normalizePublicKey(pub: Uint8Array, compressed: boolean): Uint8Array;
  /** X coordinate of priv·pub (32 bytes). */
  ecdhX(priv: Uint8Array, pub: Uint8Array): Uint8Array;
  /** ECDSA, RFC 6979 nonce, low s: r ‖ s (64 bytes) and the recovery id. */
  signRecoverable(digest: Uint8Array, priv: Uint8Array): { readonly signature: Uint8Array; readonly recovery: number };
  /** The uncompressed (65-byte) key that made `signature` (r ‖ s) over `digest`; throws when none does. */
  recover(digest: Uint8Array, signature: Uint8Array, recovery: number): Uint8Array;
}

export const nobleSecp256k1: Secp256k1Backend = {
  name: 'noble',
  isValidSecretKey: (priv) => secp256k1.utils.isValidSecretKey(priv),
  getPublicKey: (priv, compressed) => secp256k1.getPublicKey(priv, compressed),
  normalizePublicKey: (pub, compressed) => secp256k1.Point.fromBytes(pub).toBytes(compressed),
  ecdhX: (priv, pub) => secp256k1.getSharedSecret(priv, pub, true).subarray(1),
  signRecoverable(digest, priv) {
    const rec = secp256k1.sign(digest, priv, { prehash: false, lowS: true, format: 'recovered' });
    return { signature: rec.subarray(1), recovery: rec[0]! };
  },
  recover(digest, signature, recovery) {
    const rec = new Uint8Array(65);
    rec[0] = recovery;
    rec.set(signature, 1);
    return secp256k1.Point.fromBytes(secp256k1.recoverPublicKey(rec, digest, { prehash: false })).toBytes(false);
  },
};

/** A random valid private key (noble's rejection sampling over the CSPRNG; backend-independent). */
export const randomSecretKey = (): Uint8Array => secp256k1.utils.randomSecretKey();
