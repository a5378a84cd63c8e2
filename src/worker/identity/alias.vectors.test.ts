/** status-protocol.md §1.3 vectors: alias.from_seed and alias.from_public_key. */
import { describe, expect, it } from 'vitest';
import { aliasFromPublicKey, aliasFromSeed, aliasSeedOf, isAlias } from './alias.ts';
import { keyBytes, vectors } from './_vectors.test-support.ts';

describe('alias.from_seed', () => {
  for (const [i, v] of vectors.alias.from_seed.entries()) {
    it(`vector ${i}: seed ${v.seed}`, () => {
      expect(aliasFromSeed(BigInt(v.seed))).toBe(v.alias);
      expect(isAlias(v.alias)).toBe(true);
    });
  }
});

describe('alias.from_public_key', () => {
  for (const [i, v] of vectors.alias.from_public_key.entries()) {
    it(`vector ${i}: ${v.alias}`, () => {
      const key = keyBytes(v.public_key);
      expect(aliasSeedOf(key)).toBe(BigInt(`0x${v.seed_hex}`));
      expect(aliasFromPublicKey(key)).toBe(v.alias);
      expect(isAlias(v.alias)).toBe(true);
    });
  }
});
