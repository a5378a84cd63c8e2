/** Suggestions for mistyped BIP39 words (helper of mnemonic.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDistance, suggestWords } from './_suggest.ts';
import { BIP39_ENGLISH } from './mnemonic.ts';

describe('editDistance', () => {
  const table: [string, string, number][] = [
    ['kitten', 'sitting', 3], ['', 'abc', 3], ['abc', 'abc', 0], ['flaw', 'lawn', 2], ['ab', 'ba', 2],
  ];
  for (const [a, b, d] of table) it(`${a} ↔ ${b} = ${d}`, () => expect(editDistance(a, b, 10)).toBe(d));

  it('stops at limit + 1', () => expect(editDistance('kitten', 'sitting', 1)).toBe(2));

  it('is symmetric and zero only for equal strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), (a, b) =>
      editDistance(a, b, 20) === editDistance(b, a, 20) && (editDistance(a, b, 20) === 0) === (a === b)));
  });
});

describe('suggestWords', () => {
  it('offers the word with the same first four letters first', () => {
    expect(suggestWords('abando', BIP39_ENGLISH)[0]).toBe('abandon');
    expect(suggestWords('zebr', BIP39_ENGLISH)[0]).toBe('zebra');
  });

  it('offers words one edit away', () => {
    expect(suggestWords('wrld', BIP39_ENGLISH)).toContain('world');
    expect(suggestWords('tha', BIP39_ENGLISH)).toContain('that');
  });

  it('offers nothing for far-off input', () => {
    expect(suggestWords('qqqqqqqq', BIP39_ENGLISH)).toEqual([]);
    expect(suggestWords('😀', BIP39_ENGLISH)).toEqual([]);
  });

  it('a listed word is its own first suggestion', () => {
    fc.assert(fc.property(fc.constantFrom(...BIP39_ENGLISH), (w) => suggestWords(w, BIP39_ENGLISH)[0] === w));
  });
});
