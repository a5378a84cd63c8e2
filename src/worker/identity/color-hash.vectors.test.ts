/** status-protocol.md §1.5 vectors: color_hash.from_public_key and color_hash.to_color_hash. */
import { describe, expect, it } from 'vitest';
import { colorHashAlphabet, colorHashOf, toColorHash } from './color-hash.ts';
import { identityValuesOf } from './_values.ts';
import { bigFromHex, keyBytes, vectors } from './_vectors.test-support.ts';

describe('color_hash.from_public_key', () => {
  for (const [i, v] of vectors.color_hash.from_public_key.entries()) {
    it(`vector ${i}: ${v.color_value_hex}`, () => {
      const key = keyBytes(v.public_key);
      expect(identityValuesOf(key).colorValue).toBe(bigFromHex(v.color_value_hex));
      expect(colorHashOf(key)).toEqual(v.color_hash);
    });
  }
});

describe('color_hash.to_color_hash', () => {
  for (const [i, v] of vectors.color_hash.to_color_hash.entries()) {
    it(`vector ${i}: ${v.value} with ${v.units}×${v.colors}`, () => {
      const alphabet = colorHashAlphabet(v.units, v.colors);
      expect(toColorHash(bigFromHex(v.value), alphabet, v.colors)).toEqual(v.expected);
    });
  }
});
