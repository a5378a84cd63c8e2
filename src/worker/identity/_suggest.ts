/**
 * Private helper of mnemonic.ts: close-word suggestions for a mistyped BIP39 word. Owns only the
 * ranking. BIP39 English words are unique in their first four letters, so a matching 4-letter
 * prefix is the strongest hint; otherwise words within a small edit distance are offered.
 */

/** How many suggestions to offer for one unknown word, and how far a suggestion may be. */
export const MAX_SUGGESTIONS = 3;
const MAX_EDIT_DISTANCE = 2;
/** BIP39 §Wordlist: "the first four letters unambiguously identify the word". */
const UNIQUE_PREFIX = 4;

/** Levenshtein distance, giving up (returning limit + 1) once it must exceed `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      row.push(v);
      best = Math.min(best, v);
    }
    if (best > limit) return limit + 1;
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * Up to MAX_SUGGESTIONS words of `wordlist` close to `word`: first the words sharing its first four
 * letters, then words within MAX_EDIT_DISTANCE edits; each group by distance, ties alphabetical.
 */
export function suggestWords(word: string, wordlist: readonly string[]): string[] {
  const prefix = word.length >= UNIQUE_PREFIX ? word.slice(0, UNIQUE_PREFIX) : undefined;
  const scored: { w: string; d: number; byPrefix: boolean }[] = [];
  for (const w of wordlist) {
    const byPrefix = prefix !== undefined && w.startsWith(prefix);
    const d = editDistance(word, w, byPrefix ? Infinity : MAX_EDIT_DISTANCE);
    if (byPrefix || d <= MAX_EDIT_DISTANCE) scored.push({ w, d, byPrefix });
  }
  scored.sort((x, y) => Number(y.byPrefix) - Number(x.byPrefix) || x.d - y.d || (x.w < y.w ? -1 : 1));
  return scored.slice(0, MAX_SUGGESTIONS).map((s) => s.w);
}
