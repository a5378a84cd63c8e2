/** §1.3 three-word names: the LFSR step by hand-checked cases, generation properties, isAlias. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aliasFromPublicKey, aliasFromSeed, isAlias, lfsrNext } from './alias.ts';
import { normalizePublicKey } from '../crypto/secp256k1.ts';
import { IdentityArgumentError } from './errors.ts';
import { ALIAS_ADJECTIVES, ALIAS_ANIMALS } from './word-lists.ts';
import { publicKeyArb } from './_keys.test-support.ts';

const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });

describe('lfsrNext (§1.3 step 2: taps 3, 4, 5, 7)', () => {
  // Each case: one state and the new state worked out by hand from the spec's two formulas.
  const cases: [string, bigint, bigint][] = [
    ['zero stays zero', 0n, 0n],
    ['bit 0 only: shift, feedback 0', 1n, 2n],
    ['tap 3 set: feedback 1', 1n << 3n, (1n << 4n) | 1n],
    ['tap 7 set: feedback 1', 1n << 7n, (1n << 8n) | 1n],
    ['bit 6 is not a tap', 1n << 6n, 1n << 7n],
    ['taps 3 and 4 cancel', (1n << 3n) | (1n << 4n), (1n << 4n) | (1n << 5n)],
    ['taps 3, 4, 5 give 1', 0b111000n, (0b111000n << 1n) | 1n],
    ['0xB8 (all four taps) cancels', 0xb8n, 0x170n],
    ['bit 63 falls off', 1n << 63n, 0n],
    ['all ones: 1 xor 1 xor 1 xor 1 = 0', (1n << 64n) - 1n, (1n << 64n) - 2n],
  ];
  for (const [what, state, next] of cases) it(what, () => expect(lfsrNext(state)).toBe(next));

  it('shifts left by one within 64 bits and appends one bit', () => {
    fc.assert(fc.property(u64, (s) => {
      const n = lfsrNext(s);
      return n >> 1n === (s & ((1n << 63n) - 1n)) && n < 1n << 64n;
    }));
  });
});

describe('aliasFromSeed / aliasFromPublicKey', () => {
  it('gives adjective adjective animal for any 64-bit seed, and it is an alias', () => {
    fc.assert(fc.property(u64, (seed) => {
      const [a, b, c, ...rest] = aliasFromSeed(seed).split(' ');
      return rest.length === 0 && ALIAS_ADJECTIVES.includes(a!) && ALIAS_ADJECTIVES.includes(b!) &&
        ALIAS_ANIMALS.includes(c!) && isAlias(`${a} ${b} ${c}`);
    }));
  });

  it('uses the indices o mod 1389 and o mod 1704 of successive LFSR outputs', () => {
    fc.assert(fc.property(u64, (seed) => {
      const o1 = lfsrNext(seed);
      const o2 = lfsrNext(o1);
      const o3 = lfsrNext(o2);
      const expected = [ALIAS_ADJECTIVES[Number(o1 % 1389n)], ALIAS_ADJECTIVES[Number(o2 % 1389n)], ALIAS_ANIMALS[Number(o3 % 1704n)]];
      return aliasFromSeed(seed) === expected.join(' ');
    }));
  });

  it('is the same for the compressed and uncompressed forms of a key', () => {
    fc.assert(fc.property(publicKeyArb, (pub) => {
      const other = normalizePublicKey(pub, pub.length === 65);
      return isAlias(aliasFromPublicKey(pub)) && aliasFromPublicKey(other) === aliasFromPublicKey(pub);
    }));
  });

  for (const bad of [-1n, 1n << 64n]) {
    it(`rejects seed ${bad}`, () => expect(() => aliasFromSeed(bad)).toThrow(IdentityArgumentError));
  }

  it('rejects an invalid public key, naming it', () => {
    expect(() => aliasFromPublicKey(new Uint8Array(33))).toThrow(/^publicKey: /);
  });
});

describe('isAlias (§1.3)', () => {
  const table: [string, boolean][] = [
    ['Hard Tame Brownbutterfly', true],
    ['hard tame brownbutterfly', true],
    ['  Hard \t Tame\nBrownbutterfly  ', true],
    ['Able Able Aardvark', true],
    ['Yellowgreen Able Zorilla', true],
    ['HARD TAME BROWNBUTTERFLY', false],
    ['hard tame brownButterfly', false],
    ['Hard Tame', false],
    ['Hard Tame Brownbutterfly Zorilla', false],
    ['Brownbutterfly Hard Tame', false],
    ['Hard Aardvark Brownbutterfly', false],
    ['', false],
    ['Hard-Tame-Brownbutterfly', false],
  ];
  for (const [text, expected] of table) it(`${JSON.stringify(text)} → ${expected}`, () => expect(isAlias(text)).toBe(expected));
});
