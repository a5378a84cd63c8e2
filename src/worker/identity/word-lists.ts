/**
 * The byte-exact data lists of status-protocol.md §1.3 and §1.4, copied from status-go (MPL-2.0,
 * see ./data/NOTICE.md, copied with them) into ./data and bundled as strings with Vite's `?raw`.
 * Owns: turning the files into arrays, index for index. Does not own: what the indices mean
 * (alias.ts, emoji-hash.ts). Never sort, de-duplicate or trim entries: indices are the protocol.
 */
import adjectivesText from './data/alias-adjectives.txt?raw';
import animalsText from './data/alias-animals.txt?raw';
import emojisText from './data/emojis.txt?raw';

/** Entry counts fixed by §1.3 and §1.4; a mismatch means a corrupted data file. */
export const ADJECTIVE_COUNT = 1389;
export const ANIMAL_COUNT = 1704;
export const EMOJI_ALPHABET_SIZE = 2757;

/**
 * Splits a data file into its entries: one per line, every line (the last included) ends in a
 * single `\n`. Each entry is kept as an opaque string (emoji lines may be ZWJ sequences).
 */
export function parseLines(text: string, name: string, expectedCount: number): readonly string[] {
  if (!text.endsWith('\n')) throw new RangeError(`${name}: last line must end with \\n`);
  if (text.includes('\r')) throw new RangeError(`${name}: carriage returns are not allowed`);
  const lines = text.slice(0, -1).split('\n');
  if (lines.length !== expectedCount) {
    throw new RangeError(`${name}: expected ${expectedCount} lines, got ${lines.length}`);
  }
  return Object.freeze(lines);
}

/** §1.3: adjectives, in status-go order (1389 entries, 1372 distinct). */
export const ALIAS_ADJECTIVES = parseLines(adjectivesText, 'alias-adjectives.txt', ADJECTIVE_COUNT);
/** §1.3: animals, in status-go order (1704 entries, 1673 distinct). */
export const ALIAS_ANIMALS = parseLines(animalsText, 'alias-animals.txt', ANIMAL_COUNT);
/** §1.4: the emoji-hash alphabet, line d is digit d. */
export const EMOJI_ALPHABET = parseLines(emojisText, 'emojis.txt', EMOJI_ALPHABET_SIZE);
