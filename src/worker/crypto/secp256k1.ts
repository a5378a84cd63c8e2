/**
 * secp256k1 for Parley, in the Status conventions of status-protocol.md §0:
 * DH returns the X coordinate only; signatures are 65 bytes r ‖ s ‖ v with v ∈ {0,1} and low s;
 * verification is "recover and compare". Owns key validation at the edge.
 * Backend: @noble/curves (the reference and the fallback), or libsecp256k1 in WebAssembly
 * (secp256k1-wasm.ts, ~10× faster), chosen once at start-up with `useSecp256k1Backend`.
 */
import { nobleSecp256k1, randomSecretKey, type Secp256k1Backend } from './secp256k1-backend.ts';

export type { Secp256k1Backend } from './secp256k1-backend.ts';
export { nobleSecp256k1 } from './secp256k1-backend.ts';

let backend: Secp256k1Backend = nobleSecp256k1;

/** Chooses the backend for the life of the worker (or of a test file / bench run). */
export function useSecp256k1Backend(b: Secp256k1Backend): void {
  backend = b;
}

export const secp256k1BackendName = (): Secp256k1Backend['name'] => backend.name;

export const PRIVATE_KEY_BYTES = 32;
export const SIGNATURE_BYTES = 65;

function expectLength(name: string, b: Uint8Array, ...lens: number[]): void {
  if (!(b instanceof Uint8Array) || !lens.includes(b.length)) {
    const got = b instanceof Uint8Array ? `${b.length}` : typeof b;
    throw new RangeError(`${name}: expected ${lens.join(' or ')} bytes, got ${got}`);
  }
}

export function isValidPrivateKey(priv: Uint8Array): boolean {
  return priv.length === PRIVATE_KEY_BYTES && backend.isValidSecretKey(priv);
}

export function randomPrivateKey(): Uint8Array {
  return randomSecretKey();
}

/** Public key of `priv`: 33 bytes compressed by default, 65 uncompressed when `compressed` is false. */
export function publicKeyOf(priv: Uint8Array, compressed = true): Uint8Array {
  expectLength('private key', priv, PRIVATE_KEY_BYTES);
  return backend.getPublicKey(priv, compressed);
}

/** Parses and validates a SEC1 point (33 or 65 bytes); returns it re-encoded as requested. */
export function normalizePublicKey(pub: Uint8Array, compressed: boolean): Uint8Array {
  expectLength('public key', pub, 33, 65);
  return backend.normalizePublicKey(pub, compressed);
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
  return backend.ecdhX(priv, pub);
}

/** Sign(h, k) of §0: ECDSA on a 32-byte digest, 65 bytes r ‖ s ‖ v, low s, RFC 6979 nonce. */
export function signDigest(digest: Uint8Array, priv: Uint8Array): Uint8Array {
  expectLength('digest', digest, 32);
  expectLength('private key', priv, PRIVATE_KEY_BYTES);
  const { signature, recovery } = backend.signRecoverable(digest, priv);
  const out = new Uint8Array(SIGNATURE_BYTES);
  out.set(signature, 0);
  out[64] = recovery;
  return out;
}

/** Recover(h, sig) of §0. Accepts v ∈ {0,1} or the legacy {27,28}; returns the 65-byte uncompressed key. */
export function recoverPublicKey(digest: Uint8Array, sig: Uint8Array): Uint8Array {
  expectLength('digest', digest, 32);
  expectLength('signature', sig, SIGNATURE_BYTES);
  let v = sig[64]!;
  if (v === 27 || v === 28) v -= 27;
  if (v !== 0 && v !== 1) throw new RangeError(`signature: recovery id must be 0 or 1, got ${sig[64]}`);
  return backend.recover(digest, sig.subarray(0, 64), v);
}
