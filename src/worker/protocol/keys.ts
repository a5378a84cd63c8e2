/**
 * Injected dependencies of the pure protocol layer and key generation from injected randomness.
 * Owns: the `ProtocolDeps` shape ({ now, random }), key pairs as plain data. Does not own any curve
 * arithmetic (worker/crypto does). Spec: status-protocol.md §0 (secp256k1 conventions).
 */
import { isValidPrivateKey, publicKeyOf } from '../crypto/secp256k1.ts';

/** Returns `length` cryptographically random bytes. Tests inject fixed bytes to reproduce vectors. */
export type RandomSource = (length: number) => Uint8Array;

export interface ProtocolDeps {
  /** Current wall-clock time in milliseconds since the Unix epoch. */
  readonly now: () => number;
  readonly random: RandomSource;
}

/** A secp256k1 key pair as plain serialisable data; `publicKey` is compressed (33 bytes). */
export interface KeyPair {
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

/** Bounded so that a broken RNG fails loudly instead of looping; P(invalid scalar) ≈ 2^-128. */
const MAX_KEYGEN_ATTEMPTS = 8;

export function keyPairFromPrivate(privateKey: Uint8Array): KeyPair {
  return { privateKey: Uint8Array.from(privateKey), publicKey: publicKeyOf(privateKey, true) };
}

/** Draws 32-byte candidates from `random` until one is a valid scalar in [1, n-1]. */
export function generateKeyPair(random: RandomSource): KeyPair {
  for (let i = 0; i < MAX_KEYGEN_ATTEMPTS; i++) {
    const candidate = random(32);
    if (isValidPrivateKey(candidate)) return keyPairFromPrivate(candidate);
  }
  throw new Error('random source produced no valid secp256k1 scalar');
}
