/**
 * secp256k1 for Parley, in the Status conventions of status-protocol.md §0:
 * DH returns the X coordinate only; signatures are 65 bytes r ‖ s ‖ v with v ∈ {0,1} and low s;
 * verification is "recover and compare". Owns key validation at the edge.
 * Backend: @noble/curves (the reference). A faster backend may be added here later, chosen once.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';

export const PRIVATE_KEY_BYTES = 32;
export const SIGNATURE_BYTES = 65;

function expectLength(name: string, b: Uint8Array, ...lens: number[]): void {
  if (!(b instanceof Uint8Array) || !lens.includes(b.length)) {
    const got = b instanceof Uint8Array ? `${b.length}` : typeof b;
    throw new RangeError(`${name}: expected ${lens.join(' or ')} bytes, got ${got}`);
  }
}

export function isValidPrivateKey(priv: Uint8Array): boolean {
  return priv.length === PRIVATE_KEY_BYTES && secp256k1.utils.isValidSecretKey(priv);
}

export function randomPrivateKey(): Uint8Array {
  return secp256k1.utils.randomSecretKey();
}

/** Public key of `priv`: 33 bytes compressed by default, 65 uncompressed when `compressed` is false. */
export function publicKeyOf(priv: Uint8Array, compressed = true): Uint8Array {
  expectLength('private key', priv, PRIVATE_KEY_BYTES);
  return secp256k1.getPublicKey(priv, compressed);
}

/** Parses and validates a SEC1 point (33 or 65 bytes); returns it re-encoded as requested. */
export function normalizePublicKey(pub: Uint8Array, compressed: boolean): Uint8Array {
  expectLength('public key', pub, 33, 65);
  return secp256k1.Point.fromBytes(pub).toBytes(compressed);
}

export function isValidPublicKey(pub: Uint8Array): boolean {
  try {
    normalizePublicKey(pub, true);
    return true;
  } catch {
    return false;
  }
}

/** DH(a, B) of §0: the 32-byte X coordinate of a·B. */
export function ecdh(priv: Uint8Array, pub: Uint8Array): Uint8Array {
  expectLength('private key', priv, PRIVATE_KEY_BYTES);
  expectLength('public key', pub, 33, 65);
  return secp256k1.getSharedSecret(priv, pub, true).subarray(1);
}

/** Sign(h, k) of §0: ECDSA on a 32-byte digest, 65 bytes r ‖ s ‖ v, low s, RFC 6979 nonce. */
export function signDigest(digest: Uint8Array, priv: Uint8Array): Uint8Array {
  expectLength('digest', digest, 32);
  expectLength('private key', priv, PRIVATE_KEY_BYTES);
  const rec = secp256k1.sign(digest, priv, { prehash: false, lowS: true, format: 'recovered' });
  const out = new Uint8Array(SIGNATURE_BYTES);
  out.set(rec.subarray(1), 0);
  out[64] = rec[0]!;
  return out;
}

/** Recover(h, sig) of §0. Accepts v ∈ {0,1} or the legacy {27,28}; returns the 65-byte uncompressed key. */
export function recoverPublicKey(digest: Uint8Array, sig: Uint8Array): Uint8Array {
  expectLength('digest', digest, 32);
  expectLength('signature', sig, SIGNATURE_BYTES);
  let v = sig[64]!;
  if (v === 27 || v === 28) v -= 27;
  if (v !== 0 && v !== 1) throw new RangeError(`signature: recovery id must be 0 or 1, got ${sig[64]}`);
  const rec = new Uint8Array(SIGNATURE_BYTES);
  rec[0] = v;
  rec.set(sig.subarray(0, 64), 1);
  const compressed = secp256k1.recoverPublicKey(rec, digest, { prehash: false });
  return normalizePublicKey(compressed, false);
}
