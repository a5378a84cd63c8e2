/**
 * The data files of status-protocol.md §1.3/§1.4 are byte-exact copies: checksums and counts are
 * the ones published in the spec (§1.4) and in data/NOTICE.md, not values computed here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesToHex, utf8ToBytes } from '../../lib/shared/bytes.ts';
import { sha256 } from '../crypto/hashes.ts';
import { ALIAS_ADJECTIVES, ALIAS_ANIMALS, EMOJI_ALPHABET, parseLines } from './word-lists.ts';

const DATA_DIR = new URL('./data/', import.meta.url);
const SHARED_DATA_DIR = new URL('../../../../shared/spec/data/', import.meta.url);
const HAS_SHARED = existsSync(SHARED_DATA_DIR);

/** From ../shared/spec/data/NOTICE.md (and §1.4 for the emojis). */
const PUBLISHED = [
  { file: 'alias-adjectives.txt', list: ALIAS_ADJECTIVES, count: 1389, distinct: 1372,
    sha256: '073e0881b0c90485c437ca00ac1d77afb14c1b575a6d1901c259c1546cceda4b' },
  { file: 'alias-animals.txt', list: ALIAS_ANIMALS, count: 1704, distinct: 1673,
    sha256: 'd53074a2d18d91ce44aab57a2e99e43fff44430ebf2c51ab78889c3538997949' },
  { file: 'emojis.txt', list: EMOJI_ALPHABET, count: 2757, distinct: undefined,
    sha256: '6ca35492b358ddd626ad666cdb7911c80a5237761a932546630592648f159adc' },
] as const;

describe('data files', () => {
  for (const d of PUBLISHED) {
    it(`${d.file}: file bytes have the published sha256`, () => {
      expect(bytesToHex(sha256(readFileSync(new URL(d.file, DATA_DIR))))).toBe(d.sha256);
    });

    it(`${d.file}: the bundled list has ${d.count} entries whose lines hash to the published sha256`, () => {
      expect(d.list.length).toBe(d.count);
      expect(bytesToHex(sha256(utf8ToBytes(d.list.map((l) => `${l}\n`).join(''))))).toBe(d.sha256);
      if (d.distinct !== undefined) expect(new Set(d.list).size).toBe(d.distinct);
    });

    const title = HAS_SHARED
      ? `${d.file}: identical to ../shared/spec/data`
      : `SKIPPED: ../shared/spec/data is absent, ${d.file} cannot be compared`;
    it.skipIf(!HAS_SHARED)(title, () => {
      expect(readFileSync(new URL(d.file, DATA_DIR)).equals(readFileSync(new URL(d.file, SHARED_DATA_DIR)))).toBe(true);
    });
  }

  it('has the first and last entries named in §1.3 and §1.4', () => {
    expect([ALIAS_ADJECTIVES[0], ALIAS_ADJECTIVES.at(-1)]).toEqual(['Able', 'Yellowgreen']);
    expect([ALIAS_ANIMALS[0], ALIAS_ANIMALS.at(-1)]).toEqual(['Aardvark', 'Zorilla']);
    expect(EMOJI_ALPHABET.slice(0, 3)).toEqual(['😀', '😃', '😄']);
  });

  it('word entries are capitalised and contain no spaces (§1.3)', () => {
    for (const w of [...ALIAS_ADJECTIVES, ...ALIAS_ANIMALS]) expect(w).toMatch(/^[A-Z]\S*$/);
  });
});

describe('parseLines rejects corrupted files', () => {
  const bad: [string, string, number][] = [
    ['no final newline', 'a\nb', 2],
    ['carriage returns', 'a\r\nb\r\n', 2],
    ['too few lines', 'a\n', 2],
    ['too many lines', 'a\nb\nc\n', 2],
    ['empty file', '', 1],
  ];
  for (const [what, text, count] of bad) {
    it(what, () => expect(() => parseLines(text, 'x.txt', count)).toThrow(/^x\.txt: /));
  }

  it('keeps empty and multi-code-point entries as they are', () => {
    expect(parseLines('\n👩🏽‍🔧\n', 'x.txt', 2)).toEqual(['', '👩🏽‍🔧']);
  });
});
