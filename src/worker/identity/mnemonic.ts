/**
 * BIP39 recovery phrases (status-protocol.md §1.1: English word list, 12 words for accounts
 * created by the app). Owns: generating a phrase from injected randomness, normalising and
 * validating a typed phrase with a precise reason. Does not own: seeds and keys (derive.ts).
 * A validated phrase is a `Mnemonic`, which redacts itself; only derive.ts reads `.phrase`.
 */
import { entropyToMnemonic, validateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { ok, type Result } from '../../lib/shared/result.ts';
import { randomBytes } from '../crypto/random.ts';
import { suggestWords } from './_suggest.ts';
import { Redacted } from './_redact.ts';
import { IdentityArgumentError, type MnemonicError, type UnknownWord } from './errors.ts';

/** §1.1: the app creates 12-word phrases, i.e. 128 bits of entropy (BIP39: words = bits / 32 · 3). */
export const GENERATED_WORD_COUNT = 12;
const GENERATED_ENTROPY_BYTES = 16;
/** Every length BIP39 defines (128…256 bits); phrases from other wallets may be longer than 12. */
export const ACCEPTED_WORD_COUNTS: readonly number[] = Object.freeze([12, 15, 18, 21, 24]);

export const BIP39_ENGLISH: readonly string[] = wordlist;
const ENGLISH_SET: ReadonlySet<string> = new Set(wordlist);

/** Module-private factory for words already checked against the list and the checksum. */
let fromCheckedWords: (words: readonly string[]) => Mnemonic;

/** A checksum-valid, normalised BIP39 English phrase. Redacts itself when printed or serialised. */
export class Mnemonic extends Redacted {
  readonly #words: readonly string[];

  static {
    fromCheckedWords = (words) => new Mnemonic(words);
  }

  /** Only this module constructs: use parseMnemonic / generateMnemonic / mnemonicFromEntropy. */
  private constructor(words: readonly string[]) {
    super();
    this.#words = Object.freeze([...words]);
  }

  /** The secret phrase, words separated by single spaces. Show it only to its owner. */
  get phrase(): string {
    return this.#words.join(' ');
  }

  get words(): readonly string[] {
    return this.#words;
  }

  protected redactedLabel(): string {
    return `Mnemonic(${this.#words.length} words, redacted)`;
  }
}

/** Normalises typed input: NFKD (as BIP39 seeds use), lowercase, trimmed, one space between words. */
export function normalizeMnemonicInput(text: string): string {
  return text.normalize('NFKD').toLowerCase().trim().split(/\s+/u).filter(Boolean).join(' ');
}

function unknownWords(words: readonly string[]): UnknownWord[] {
  const unknown: UnknownWord[] = [];
  words.forEach((w, i) => {
    if (!ENGLISH_SET.has(w)) unknown.push({ position: i + 1, suggestions: suggestWords(w, wordlist) });
  });
  return unknown;
}

/**
 * Validates a typed phrase. Reasons, in the order checked: unknown words (with 1-based positions
 * and suggestions; checked first because they are what a user can fix in place), then the word
 * count, then the BIP39 checksum.
 */
export function parseMnemonic(text: string): Result<Mnemonic, MnemonicError> {
  const normalized = normalizeMnemonicInput(text);
  const words = normalized === '' ? [] : normalized.split(' ');
  const unknown = unknownWords(words);
  if (unknown.length > 0) return { ok: false, error: { code: 'mnemonic/unknown_words', unknown } };
  if (!ACCEPTED_WORD_COUNTS.includes(words.length)) {
    const error = { code: 'mnemonic/word_count', count: words.length, allowed: ACCEPTED_WORD_COUNTS } as const;
    return { ok: false, error };
  }
  if (!validateMnemonic(normalized, wordlist)) return { ok: false, error: { code: 'mnemonic/bad_checksum' } };
  return ok(fromCheckedWords(words));
}

/** Deterministic: the phrase encoding `entropy` (16, 20, 24, 28 or 32 bytes). */
export function mnemonicFromEntropy(entropy: Uint8Array): Mnemonic {
  if (!(entropy instanceof Uint8Array) || ![16, 20, 24, 28, 32].includes(entropy.length)) {
    const got = entropy instanceof Uint8Array ? `${entropy.length} bytes` : typeof entropy;
    throw new IdentityArgumentError('entropy', `expected 16, 20, 24, 28 or 32 bytes, got ${got}`);
  }
  return fromCheckedWords(entropyToMnemonic(entropy, wordlist).split(' '));
}

/**
 * A new 12-word phrase. The only impure entry point of this module: `random` defaults to the
 * worker's CSPRNG and is injected by tests. The entropy buffer is zeroed after use.
 */
export function generateMnemonic(random: (length: number) => Uint8Array = randomBytes): Mnemonic {
  const entropy = random(GENERATED_ENTROPY_BYTES);
  try {
    return mnemonicFromEntropy(entropy);
  } finally {
    entropy.fill(0);
  }
}
