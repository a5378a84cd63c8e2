/**
 * The 14-emoji hash of an identity (status-protocol.md §1.4) and its general form
 * `toEmojiHash(value, length, alphabet)`. Owns: base conversion, padding and the capacity check.
 * Does not own: the alphabet file (word-lists.ts) nor how the UI lays the emojis out.
 */
import { IdentityArgumentError } from './errors.ts';
import { bitLength, identityValuesOf, toBigBase } from './_values.ts';
import { EMOJI_ALPHABET } from './word-lists.ts';

/** §1.4 step 3: 2757^14 ≥ 2^160, so 14 digits hold the 160-bit emoji value. */
export const EMOJI_HASH_LENGTH = 14;

/**
 * §1.4 general form, as digits: `value` in base `alphabetSize`, left-padded with 0 to `length`.
 * `length` 0 means "the natural number of digits" (no padding). Throws when
 * alphabetSize^length < 2^bitlen(value), as status-go does — which includes any non-zero
 * `length` shorter than the natural number of digits.
 */
export function emojiHashIndices(value: bigint, length: number, alphabetSize: number): number[] {
  if (!Number.isSafeInteger(length) || length < 0) {
    throw new IdentityArgumentError('length', `expected an integer ≥ 0, got ${length}`);
  }
  const digits = toBigBase(value, alphabetSize);
  const hashLength = length === 0 ? digits.length : length;
  if (BigInt(alphabetSize) ** BigInt(hashLength) < 1n << BigInt(bitLength(value))) {
    throw new IdentityArgumentError('length', `${hashLength} digits of base ${alphabetSize} cannot hold ${bitLength(value)} bits`);
  }
  const padding = Math.max(0, hashLength - digits.length);
  return [...new Array<number>(padding).fill(0), ...digits];
}

/** §1.4 general form: the digits of `emojiHashIndices` mapped through `alphabet`. */
export function toEmojiHash(value: bigint, length: number, alphabet: readonly string[]): string[] {
  if (alphabet.length < 2) throw new IdentityArgumentError('alphabet', `expected ≥ 2 entries, got ${alphabet.length}`);
  return emojiHashIndices(value, length, alphabet.length).map((d) => alphabet[d]!);
}

/** §1.4: the 14 emojis of a public key (SEC1, 33 or 65 bytes). Throws if it is not a valid point. */
export function emojiHashOf(publicKey: Uint8Array): string[] {
  return toEmojiHash(identityValuesOf(publicKey).emojiValue, EMOJI_HASH_LENGTH, EMOJI_ALPHABET);
}
