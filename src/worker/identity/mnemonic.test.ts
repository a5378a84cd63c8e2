/** BIP39 phrases (status-protocol.md §1.1): generation, normalisation and typed validation. */
import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdentityArgumentError, type MnemonicError } from './errors.ts';
import {
  ACCEPTED_WORD_COUNTS, BIP39_ENGLISH, GENERATED_WORD_COUNT, generateMnemonic, mnemonicFromEntropy,
  normalizeMnemonicInput, parseMnemonic,
} from './mnemonic.ts';

/** Official BIP39 reference vectors (trezor/python-mnemonic vectors.json), entropy → phrase. */
const BIP39_REFERENCE: [string, string][] = [
  ['00000000000000000000000000000000', 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'],
  ['7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f', 'legal winner thank year wave sausage worth useful legal winner thank yellow'],
  ['ffffffffffffffffffffffffffffffff', 'zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong'],
];
const LEGAL = BIP39_REFERENCE[1]![1];
const words = (s: string): string[] => s.split(' ');
const fill = (byte: number) => (n: number): Uint8Array => new Uint8Array(n).fill(byte);

function errorOf(text: string): MnemonicError {
  const r = parseMnemonic(text);
  if (r.ok) throw new Error('expected a validation error');
  return r.error;
}

describe('generateMnemonic', () => {
  it('turns injected entropy into the BIP39 reference phrases', () => {
    expect(generateMnemonic(fill(0x00)).phrase).toBe(BIP39_REFERENCE[0]![1]);
    expect(generateMnemonic(fill(0x7f)).phrase).toBe(LEGAL);
    expect(generateMnemonic(fill(0xff)).phrase).toBe(BIP39_REFERENCE[2]![1]);
  });

  it('asks for 16 bytes, makes 12 words, and zeroes the entropy afterwards', () => {
    let given: Uint8Array | undefined;
    const m = generateMnemonic((n) => (given = new Uint8Array(n).fill(0x7f)));
    expect(given?.length).toBe(16);
    expect(given?.every((b) => b === 0)).toBe(true);
    expect(m.words.length).toBe(GENERATED_WORD_COUNT);
  });

  it('uses the CSPRNG by default: phrases differ and validate', () => {
    const a = generateMnemonic();
    const b = generateMnemonic();
    expect(a.phrase).not.toBe(b.phrase);
    expect(parseMnemonic(a.phrase).ok).toBe(true);
  });

  it('rejects a random source returning the wrong length, naming the argument', () => {
    expect(() => generateMnemonic(() => new Uint8Array(15))).toThrow(IdentityArgumentError);
    expect(() => generateMnemonic(() => new Uint8Array(15))).toThrow(/^entropy: /);
  });
});

describe('mnemonicFromEntropy', () => {
  for (const [hex, phrase] of BIP39_REFERENCE) {
    it(`${hex} → ${phrase.slice(0, 20)}…`, () => {
      expect(mnemonicFromEntropy(Uint8Array.from(Buffer.from(hex, 'hex'))).phrase).toBe(phrase);
    });
  }
});

describe('parseMnemonic accepts', () => {
  it('the reference phrases', () => {
    for (const [, phrase] of BIP39_REFERENCE) expect(parseMnemonic(phrase).ok).toBe(true);
  });

  const messy: [string, string][] = [
    ['extra spaces, tabs and newlines', `  ${words(LEGAL).join(' \t\n ')}  `],
    ['upper and mixed case', LEGAL.toUpperCase().replace('WINNER', 'WiNnEr')],
    ['full-width letters and ideographic spaces (NFKD)', LEGAL.replace('legal', 'ｌｅｇａｌ').replaceAll(' ', '\u3000')],
    ['no-break spaces', LEGAL.replaceAll(' ', '\u00a0')],
  ];
  for (const [what, text] of messy) {
    it(`${what}, normalised to the canonical phrase`, () => {
      const r = parseMnemonic(text);
      expect(r.ok && r.value.phrase).toBe(LEGAL);
      expect(normalizeMnemonicInput(text)).toBe(LEGAL);
    });
  }

  it('every BIP39 length (round trip from random entropy)', () => {
    const entropy = fc.constantFrom(16, 20, 24, 28, 32).chain((n) => fc.uint8Array({ minLength: n, maxLength: n }));
    fc.assert(
      fc.property(entropy, (e) => {
        const m = mnemonicFromEntropy(e);
        const r = parseMnemonic(` ${m.phrase.toUpperCase()} `);
        return ACCEPTED_WORD_COUNTS.includes(m.words.length) && r.ok && r.value.phrase === m.phrase;
      }),
    );
  });
});

describe('parseMnemonic rejects, naming the mistake', () => {
  const elevenWords = words(LEGAL).slice(0, 11).join(' ');
  const table: [string, string, MnemonicError][] = [
    ['empty input', '', { code: 'mnemonic/word_count', count: 0, allowed: ACCEPTED_WORD_COUNTS }],
    ['only whitespace', ' \n\t ', { code: 'mnemonic/word_count', count: 0, allowed: ACCEPTED_WORD_COUNTS }],
    ['11 words', elevenWords, { code: 'mnemonic/word_count', count: 11, allowed: ACCEPTED_WORD_COUNTS }],
    ['13 words', `${LEGAL} abandon`, { code: 'mnemonic/word_count', count: 13, allowed: ACCEPTED_WORD_COUNTS }],
    ['a bad checksum', 'abandon '.repeat(12).trim(), { code: 'mnemonic/bad_checksum' }],
    ['swapped words', LEGAL.replace('legal winner', 'winner legal'), { code: 'mnemonic/bad_checksum' }],
  ];
  for (const [what, text, expected] of table) {
    it(what, () => expect(errorOf(text)).toEqual(expected));
  }

  /** [what, text, 1-based positions, the expected first suggestion at each position (null: none)]. */
  const unknownTable: [string, string, number[], (string | null)[]][] = [
    ['a typo in word 3', LEGAL.replace('thank', 'thsnk'), [3], ['thank']],
    ['a typo whose first 4 letters spell another word', LEGAL.replace('thank', 'thenk'), [3], ['then']],
    ['a word cut after 4 letters (BIP39 prefixes are unique)', LEGAL.replace('sausage', 'saus'), [6], ['sausage']],
    ['a word with an accent', LEGAL.replace('wave', 'wavé'), [5], ['wave']],
    ['two far-off words, positions 1 and 12', LEGAL.replace('legal', 'xqzv').replace('yellow', 'qqqqqqqqqq'), [1, 12], [null, null]],
    ['garbage unicode (emoji, snowman, fraktur, zero-width space)', '😀 ☃ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u200b', [1, 2, 3, 4], [null, null, null, null]],
  ];
  for (const [what, text, positions, wanted] of unknownTable) {
    it(`${what}: unknown_words at ${positions.join(', ')}`, () => {
      const e = errorOf(text);
      if (e.code !== 'mnemonic/unknown_words') throw new Error(`got ${e.code}`);
      expect(e.unknown.map((u) => u.position)).toEqual(positions);
      e.unknown.forEach((u, i) => {
        if (wanted[i] === null) expect(u.suggestions).toEqual([]);
        else expect(u.suggestions[0]).toBe(wanted[i]);
      });
    });
  }

  it('unknown words come before the word count', () => {
    expect(errorOf(elevenWords.replace('legal', 'legel')).code).toBe('mnemonic/unknown_words');
  });

  it('suggestions are BIP39 words, at most 3', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 9 }).filter((s) => /^[a-z]+$/.test(s)), (w) => {
        const r = parseMnemonic(`${w} ${words(LEGAL).slice(1).join(' ')}`);
        if (r.ok || r.error.code !== 'mnemonic/unknown_words') return BIP39_ENGLISH.includes(w);
        const s = r.error.unknown[0]!.suggestions;
        return s.length <= 3 && s.every((x) => BIP39_ENGLISH.includes(x));
      }),
    );
  });

  it('never puts the typed words into the error', () => {
    const e = errorOf(LEGAL.replace('thank', 'thenk'));
    expect(JSON.stringify(e)).not.toContain('thenk');
    expect(JSON.stringify(e)).not.toContain('legal');
  });
});

describe('Mnemonic redacts itself', () => {
  it('in String(), JSON.stringify and util.inspect', () => {
    const m = mnemonicFromEntropy(new Uint8Array(16).fill(0x7f));
    for (const shown of [String(m), `${m}`, JSON.stringify({ m }), inspect(m), inspect({ nested: [m] })]) {
      for (const w of new Set(m.words)) expect(shown).not.toContain(w);
      expect(shown).toContain('redacted');
    }
  });
});
