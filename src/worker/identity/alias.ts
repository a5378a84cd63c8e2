/**
 * The three-word random name ("alias", status-protocol.md §1.3), e.g. "Hard Tame Brownbutterfly".
 * Owns: the 64-bit LFSR, name generation from a seed or a public key, and `isAlias`. Does not own:
 * the word lists (word-lists.ts). ~31 bits of entropy: a fallback label, never an identifier.
 */
import { bytesToHex } from '../../lib/shared/bytes.ts';
import { normalizePublicKey } from '../crypto/secp256k1.ts';
import { IdentityArgumentError } from './errors.ts';
import { ALIAS_ADJECTIVES, ALIAS_ANIMALS } from './word-lists.ts';

const MASK64 = (1n << 64n) - 1n;
/** §1.3 step 2: feedback taps 3, 4, 5, 7 (polynomial mask 0xB8). */
const LFSR_TAPS: readonly bigint[] = [3n, 4n, 5n, 7n];

const ADJECTIVE_SET: ReadonlySet<string> = new Set(ALIAS_ADJECTIVES);
const ANIMAL_SET: ReadonlySet<string> = new Set(ALIAS_ANIMALS);

/** One step of the §1.3 Fibonacci LFSR on a 64-bit unsigned state; returns the new state. */
export function lfsrNext(state: bigint): bigint {
  let bit = 0n;
  for (const tap of LFSR_TAPS) bit ^= state >> tap;
  return ((state << 1n) | (bit & 1n)) & MASK64;
}

/** §1.3 steps 2–4 from a 64-bit seed. */
export function aliasFromSeed(seed: bigint): string {
  if (typeof seed !== 'bigint' || seed < 0n || seed > MASK64) {
    throw new IdentityArgumentError('seed', 'expected a bigint in [0, 2^64)');
  }
  const o1 = lfsrNext(seed);
  const o2 = lfsrNext(o1);
  const o3 = lfsrNext(o2);
  const adj = (o: bigint): string => ALIAS_ADJECTIVES[Number(o % BigInt(ALIAS_ADJECTIVES.length))]!;
  const animal = ALIAS_ANIMALS[Number(o3 % BigInt(ALIAS_ANIMALS.length))]!;
  return `${adj(o1)} ${adj(o2)} ${animal}`;
}

/** §1.3 step 1: the last 8 bytes of X, big-endian. `publicKey` is SEC1 (33 or 65 bytes). */
export function aliasSeedOf(publicKey: Uint8Array): bigint {
  let compressed: Uint8Array;
  try {
    compressed = normalizePublicKey(publicKey, true);
  } catch (e) {
    throw new IdentityArgumentError('publicKey', `not a SEC1 secp256k1 point (${(e as Error).message})`);
  }
  return BigInt('0x' + bytesToHex(compressed.subarray(25, 33)));
}

/** §1.3: the three-word name of a public key. */
export function aliasFromPublicKey(publicKey: Uint8Array): string {
  return aliasFromSeed(aliasSeedOf(publicKey));
}

function capitalizeFirst(word: string): string {
  const first = String.fromCodePoint(word.codePointAt(0)!);
  return first.toUpperCase() + word.slice(first.length);
}

/**
 * §1.3: "is an alias" when, split on whitespace, there are exactly three words and, with the first
 * letter of each upper-cased (the rest unchanged), two adjectives then an animal.
 */
export function isAlias(text: string): boolean {
  const words = text.split(/\s+/u).filter(Boolean).map(capitalizeFirst);
  if (words.length !== 3) return false;
  const [a, b, c] = words as [string, string, string];
  return ADJECTIVE_SET.has(a) && ADJECTIVE_SET.has(b) && ANIMAL_SET.has(c);
}
