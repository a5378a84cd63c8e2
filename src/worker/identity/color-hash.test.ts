/** §1.5 colour ring: alphabet layout, de-duplication, palette, CSS stops, bad arguments. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COLOR_PALETTE, colorHashAlphabet, colorHashOf, ringToConicGradient, ringToConicStops, toColorHash,
  type ColorSegment,
} from './color-hash.ts';
import { publicKeyArb } from './_keys.test-support.ts';

const ALPHABET = colorHashAlphabet(5, 32);

describe('colorHashAlphabet (§1.5 step 1)', () => {
  it('has 160 entries ordered by units then colour', () => {
    expect(ALPHABET.length).toBe(160);
    expect([ALPHABET[0], ALPHABET[1], ALPHABET[31], ALPHABET[32], ALPHABET[159]]).toEqual([[1, 0], [1, 1], [1, 31], [2, 0], [5, 31]]);
  });

  for (const [u, c] of [[0, 4], [4, 0], [1.5, 4], [-1, 4]] as const) {
    it(`rejects units ${u}, colours ${c}`, () => expect(() => colorHashAlphabet(u, c)).toThrow(/^(units|colors): /));
  }
});

describe('toColorHash / colorHashOf', () => {
  it('bumps a colour equal to the adjusted previous one, wrapping at the colour count', () => {
    // 31·160 + 31 = two segments [1, 31] [1, 31] → the second becomes (31 + 1) mod 32 = 0.
    expect(toColorHash(31n * 160n + 31n, ALPHABET, 32)).toEqual([[1, 31], [1, 0]]);
  });

  it('rings of any 80-bit value: ≤ 11 segments, units 1…5, colours 0…31, no equal neighbours', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 80n) - 1n }), (v) => {
      const ring = toColorHash(v, ALPHABET, 32);
      return ring.length <= 11 && ring.every(([u, c], i) =>
        u >= 1 && u <= 5 && c >= 0 && c < 32 && (i === 0 || ring[i - 1]![1] !== c));
    }));
  });

  it('segments are the base-160 digits of the value; de-duplication only moves a colour by one', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 80n) - 1n }), (v) => {
      const digits: number[] = [];
      for (let x = v; digits.length === 0 || x > 0n; x /= 160n) digits.unshift(Number(x % 160n));
      const ring = toColorHash(v, ALPHABET, 32);
      return ring.length === digits.length && ring.every(([u, c], i) => {
        const d = digits[i]!;
        return u === Math.floor(d / 32) + 1 && (c === d % 32 || c === ((d % 32) + 1) % 32);
      });
    }));
  });

  it('rejects an alphabet of fewer than 2 entries and a bad colour count, naming them', () => {
    expect(() => toColorHash(1n, [[1, 0]], 32)).toThrow(/^alphabet: /);
    expect(() => toColorHash(1n, ALPHABET, 0)).toThrow(/^colors: /);
    expect(() => toColorHash(-1n, ALPHABET, 32)).toThrow(/^value: /);
  });

  it('colorHashOf gives a well-formed ring for any key', () => {
    fc.assert(fc.property(publicKeyArb, (pub) => colorHashOf(pub).length >= 1));
  });

  it('rejects an invalid key, naming it', () => expect(() => colorHashOf(new Uint8Array(33))).toThrow(/^publicKey: /));
});

describe('palette', () => {
  it('has 32 #RRGGBB colours, black first and #00F0B6 last (§1.5)', () => {
    expect(COLOR_PALETTE.length).toBe(32);
    for (const c of COLOR_PALETTE) expect(c).toMatch(/^#[0-9A-F]{6}$/);
    expect([COLOR_PALETTE[0], COLOR_PALETTE[14], COLOR_PALETTE[31]]).toEqual(['#000000', '#FF0000', '#00F0B6']);
  });
});

describe('ringToConicStops / ringToConicGradient', () => {
  it('gives each segment an angle proportional to its units', () => {
    expect(ringToConicStops([[1, 0], [3, 14]])).toBe('#000000 0deg 90deg, #FF0000 90deg 360deg');
    expect(ringToConicGradient([[2, 5]])).toBe('conic-gradient(#00FF00 0deg 360deg)');
    expect(ringToConicStops([[1, 0], [2, 4]])).toBe('#000000 0deg 120deg, #FFFFFF 120deg 360deg');
    expect(ringToConicStops([[1, 0], [1, 1], [1, 2], [4, 3]], ['a', 'b', 'c', 'd'])).toBe(
      'a 0deg 51.429deg, b 51.429deg 102.857deg, c 102.857deg 154.286deg, d 154.286deg 360deg');
  });

  it('stops are contiguous from 0deg to 360deg, one per segment', () => {
    fc.assert(fc.property(publicKeyArb, (pub) => {
      const ring = colorHashOf(pub);
      const stops = ringToConicStops(ring).split(', ').map((s) => s.split(' '));
      return stops.length === ring.length && stops[0]![1] === '0deg' && stops.at(-1)![2] === '360deg' &&
        stops.every((s, i) => s[0] === COLOR_PALETTE[ring[i]![1]] && (i === 0 || s[1] === stops[i - 1]![2]));
    }));
  });

  const bad: [string, ColorSegment[]][] = [
    ['an empty ring', []],
    ['a ring of zero units', [[0, 1]]],
    ['a colour outside the palette', [[1, 32]]],
  ];
  for (const [what, ring] of bad) it(`rejects ${what}`, () => expect(() => ringToConicStops(ring)).toThrow(/^ring: /));
});
