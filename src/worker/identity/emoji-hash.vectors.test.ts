/** status-protocol.md §1.4 vectors: emoji_hash.from_public_key and emoji_hash.to_emoji_hash. */
import { describe, expect, it } from 'vitest';
import { emojiHashIndices, emojiHashOf, toEmojiHash, EMOJI_HASH_LENGTH } from './emoji-hash.ts';
import { identityValuesOf } from './_values.ts';
import { EMOJI_ALPHABET } from './word-lists.ts';
import { keyBytes, vectors } from './_vectors.test-support.ts';

describe('emoji_hash.alphabet', () => {
  it(`vector: ${vectors.emoji_hash.alphabet}`, () => {
    expect(vectors.emoji_hash.alphabet).toContain('data/emojis.txt');
    const lines = Number(/first (\d+) lines/.exec(vectors.emoji_hash.alphabet)?.[1]);
    expect(EMOJI_ALPHABET.length).toBe(lines);
  });
});

describe('emoji_hash.from_public_key', () => {
  for (const [i, v] of vectors.emoji_hash.from_public_key.entries()) {
    it(`vector ${i}: ${v.compressed}`, () => {
      const key = keyBytes(v.public_key);
      const value = identityValuesOf(key).emojiValue;
      expect(value).toBe(BigInt(`0x${v.emoji_value_hex}`));
      expect(identityValuesOf(keyBytes(v.compressed)).emojiValue).toBe(value);
      expect(emojiHashIndices(value, EMOJI_HASH_LENGTH, EMOJI_ALPHABET.length)).toEqual(v.indices);
      expect(emojiHashOf(key)).toEqual(v.emojis);
      expect(emojiHashOf(key).join('')).toBe(v.joined);
    });
  }
});

describe('emoji_hash.to_emoji_hash', () => {
  for (const [i, v] of vectors.emoji_hash.to_emoji_hash.entries()) {
    it(`vector ${i}: ${v.value} in ${v.hash_len} of ${v.alphabet.length}`, () => {
      expect(toEmojiHash(BigInt(v.value), v.hash_len, v.alphabet)).toEqual(v.expected);
    });
  }
});
