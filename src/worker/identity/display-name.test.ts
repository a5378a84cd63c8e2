/** §1.6 / §6.4 item 6 display-name rules: accepted names, a table of rejections, properties. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateDisplayName, isValidDisplayName } from './display-name.ts';
import type { DisplayNameError } from './errors.ts';
import { aliasFromSeed } from './alias.ts';

describe('validateDisplayName accepts', () => {
  const good: [string, string][] = [
    ['', ''],
    ['   \t ', ''],
    ['Alice', 'Alice'],
    ['  Alice  ', 'Alice'],
    ['alice_bob-99', 'alice_bob-99'],
    ['a b c', 'a b c'],
    ['x'.repeat(24), 'x'.repeat(24)],
    ['eth_alice', 'eth_alice'],
    ['alice_ETH', 'alice_ETH'],
    ['Hard Tame', 'Hard Tame'],
    ['Able Able Able Aardvark', 'Able Able Able Aardvark'],
  ];
  for (const [input, value] of good) {
    it(JSON.stringify(input), () => expect(validateDisplayName(input)).toEqual({ ok: true, value }));
  }
});

describe('validateDisplayName rejects, with the reason', () => {
  const table: [string, string, DisplayNameError][] = [
    ['4 characters', 'Alic', { code: 'display_name/too_short', length: 4, min: 5 }],
    ['4 characters after trimming', '  Alic  ', { code: 'display_name/too_short', length: 4, min: 5 }],
    ['25 characters', 'x'.repeat(25), { code: 'display_name/too_long', length: 25, max: 24 }],
    ['ends in _eth', 'alice_eth', { code: 'display_name/eth_suffix', suffix: '_eth' }],
    ['ends in .eth', 'alice.eth', { code: 'display_name/eth_suffix', suffix: '.eth' }],
    ['ends in -eth', 'alice-eth', { code: 'display_name/eth_suffix', suffix: '-eth' }],
    ['a dot', 'Alice.Bob', { code: 'display_name/bad_character', position: 6 }],
    ['an accented letter', 'Alicé', { code: 'display_name/bad_character', position: 5 }],
    ['an emoji, counted as one position', 'Al😀ice', { code: 'display_name/bad_character', position: 3 }],
    ['garbage unicode', '🙂🙂🙂🙂🙂', { code: 'display_name/bad_character', position: 1 }],
    ['a no-break space inside', 'Alice\u00a0Bob', { code: 'display_name/bad_character', position: 6 }],
    ['a zero-width space', 'Alice\u200bBob', { code: 'display_name/bad_character', position: 6 }],
    ['a NUL', 'Alice\u0000', { code: 'display_name/bad_character', position: 6 }],
    ['full-width letters', 'Ａｌｉｃｅ', { code: 'display_name/bad_character', position: 1 }],
    ['an alias (§1.3 vector)', 'Hard Tame Brownbutterfly', { code: 'display_name/is_alias' }],
    ['an alias in lower case', 'hard tame brownbutterfly', { code: 'display_name/is_alias' }],
  ];
  for (const [what, input, error] of table) {
    it(what, () => {
      expect(validateDisplayName(input)).toEqual({ ok: false, error });
      expect(isValidDisplayName(input)).toBe(false);
    });
  }

  it('any generated alias short enough to pass the other rules is rejected as an alias', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (seed) => {
      const alias = aliasFromSeed(seed);
      const r = validateDisplayName(alias);
      return alias.length > 24 ? !r.ok && r.error.code === 'display_name/too_long' : !r.ok && r.error.code === 'display_name/is_alias';
    }));
  });
});

describe('properties', () => {
  const allowed = fc.constantFrom(...'abcXYZ019_- \t'.split(''));

  it('a name of 5–24 allowed characters, trimmed, with no reserved suffix is accepted as is', () => {
    fc.assert(fc.property(fc.array(allowed, { minLength: 5, maxLength: 24 }).map((a) => a.join('')), (raw) => {
      const name = raw.trim();
      const r = validateDisplayName(raw);
      if (name.length < 5 || /[_-]eth$/.test(name)) return !r.ok;
      return r.ok && r.value === name;
    }));
  });

  it('whatever the input, an accepted name is empty or matches ^[A-Za-z0-9_\\-\\s]{5,24}$', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (s) => {
      const r = validateDisplayName(s);
      return !r.ok || r.value === '' || /^[A-Za-z0-9_\-\t\n\f\r ]{5,24}$/.test(r.value);
    }));
  });
});
