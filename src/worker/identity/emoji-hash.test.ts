/** §1.4 emoji hash: the general form's padding and capacity rule, round trips, bad arguments. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizePublicKey } from '../crypto/secp256k1.ts';
import { IdentityArgumentError } from './errors.ts';
import { EMOJI_HASH_LENGTH, emojiHashIndices, emojiHashOf, toEmojiHash } from './emoji-hash.ts';
import { EMOJI_ALPHABET } from './word-lists.ts';
import { publicKeyArb } from './_keys.test-support.ts';

const FIVE = ['😇', '🤐', '🥵', '🙊', '🤌'];

describe('emojiHashIndices / toEmojiHash', () => {
  it('writes the value in base |alphabet|, most significant first: 7 in base 5 is 1 2', () => {
    expect(emojiHashIndices(7n, 2, 5)).toEqual([1, 2]);
    expect(emojiHashIndices(7n, 4, 5)).toEqual([0, 0, 1, 2]);
  });

  it('length 0 means no padding (the natural number of digits)', () => {
    expect(toEmojiHash(777n, 0, FIVE)).toEqual(toEmojiHash(777n, 5, FIVE));
    expect(toEmojiHash(0n, 0, FIVE)).toEqual(['😇']);
  });

  it('fails when |alphabet|^length < 2^bitlen(value)', () => {
    expect(() => toEmojiHash(777n, 4, FIVE)).toThrow(/^length: /); // 625 < 1024
    expect(() => toEmojiHash(4n, 1, FIVE)).toThrow(IdentityArgumentError); // 5 < 8 although 4 is one digit
    expect(() => toEmojiHash(1n << 160n, EMOJI_HASH_LENGTH, EMOJI_ALPHABET)).toThrow(IdentityArgumentError);
    expect(toEmojiHash(3n, 1, FIVE)).toEqual(['🙊']); // 5 ≥ 4
  });

  const bad: [string, () => unknown, RegExp][] = [
    ['negative value', () => toEmojiHash(-1n, 3, FIVE), /^value: /],
    ['negative length', () => toEmojiHash(1n, -1, FIVE), /^length: /],
    ['fractional length', () => toEmojiHash(1n, 1.5, FIVE), /^length: /],
    ['alphabet of one', () => toEmojiHash(1n, 3, ['😀']), /^alphabet: /],
    ['empty alphabet', () => toEmojiHash(0n, 3, []), /^alphabet: /],
    ['indices with alphabet size 1', () => emojiHashIndices(1n, 3, 1), /^base: /],
  ];
  for (const [what, call, message] of bad) it(`rejects ${what}`, () => expect(call).toThrow(message));

  it('round trip: 14 base-2757 digits of any 160-bit value give the value back', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 160n) - 1n }), (v) => {
      const digits = emojiHashIndices(v, EMOJI_HASH_LENGTH, EMOJI_ALPHABET.length);
      const back = digits.reduce((acc, d) => acc * 2757n + BigInt(d), 0n);
      return digits.length === 14 && digits.every((d) => d >= 0 && d < 2757) && back === v;
    }));
  });
});

describe('emojiHashOf', () => {
  it('gives 14 alphabet entries for any key, the same for both SEC1 forms', () => {
    fc.assert(fc.property(publicKeyArb, (pub) => {
      const h = emojiHashOf(pub);
      const other = normalizePublicKey(pub, pub.length === 65);
      return h.length === 14 && h.every((e) => EMOJI_ALPHABET.includes(e)) && emojiHashOf(other).join() === h.join();
    }));
  });

  it('rejects an invalid key, naming it', () => {
    expect(() => emojiHashOf(new Uint8Array(65))).toThrow(/^publicKey: /);
  });
});
