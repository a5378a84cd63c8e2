/**
 * Error codes of the identity layer (status-protocol.md §1, §6.4). Owns: the code unions and the
 * shapes of expected failures on user-input paths, plus the one error class thrown for bugs
 * (wrong arguments from our own code). Does not own: text shown to users (the UI maps codes).
 * Codes are stable identifiers, never English. Extra fields are plain data so they survive Comlink.
 */
import type { ErrorInfo } from '../../lib/shared/result.ts';

/** A mnemonic word that is not in the BIP39 English list; `position` is 1-based. */
export interface UnknownWord {
  readonly position: number;
  /** Close words from the BIP39 list, best first (may be empty). */
  readonly suggestions: readonly string[];
}

/**
 * Mnemonic errors never carry the typed words themselves: the phrase is a secret and an error
 * may end up in a log. The UI still has the input and can highlight by position.
 */
export type MnemonicError =
  | (ErrorInfo<'mnemonic/word_count'> & { readonly count: number; readonly allowed: readonly number[] })
  | (ErrorInfo<'mnemonic/unknown_words'> & { readonly unknown: readonly UnknownWord[] })
  | ErrorInfo<'mnemonic/bad_checksum'>;

export type ChatKeyErrorCode =
  /** Input is the empty string. */
  | 'chat_key/empty'
  /** Not `z` (base58btc), `0x` or `f` (hex); detail is the rejected prefix character. */
  | 'chat_key/unsupported_prefix'
  /** Characters outside the base58btc or hex alphabet, or odd-length hex. */
  | 'chat_key/bad_encoding'
  /** A `z…`/`f…` form without the secp256k1-pub multicodec varint `e7 01`. */
  | 'chat_key/missing_multicodec'
  /** Not 33 bytes starting 02/03 nor 65 bytes starting 04. detail: "<length>:<first byte hex>". */
  | 'chat_key/bad_sec1'
  /** Well-formed SEC1 bytes that are not a point on secp256k1. */
  | 'chat_key/not_on_curve';

export type ChatKeyError = ErrorInfo<ChatKeyErrorCode>;

export type ShareLinkErrorCode =
  | 'share_link/empty'
  /** Neither a URL nor something that looks like a chat key. */
  | 'share_link/unrecognized'
  /** A URL, but not a Parley `/add#…` link nor a Status `status.app/u…#…` link. */
  | 'share_link/unsupported_url'
  /** A link whose fragment is missing. */
  | 'share_link/missing_key';

/** A share-link failure, or the chat-key failure of the key it carried. */
export type ShareLinkError = ErrorInfo<ShareLinkErrorCode> | ChatKeyError;

export type DisplayNameError =
  | (ErrorInfo<'display_name/too_short'> & { readonly length: number; readonly min: number })
  | (ErrorInfo<'display_name/too_long'> & { readonly length: number; readonly max: number })
  /** `position` is 1-based, in code points, in the trimmed name. */
  | (ErrorInfo<'display_name/bad_character'> & { readonly position: number })
  | (ErrorInfo<'display_name/eth_suffix'> & { readonly suffix: string })
  | ErrorInfo<'display_name/is_alias'>;

/**
 * Thrown (never returned) when our own code passes a wrong argument: a bug, not user input.
 * Names the argument, in the noble style: "publicKey: expected 33 or 65 bytes, got 31".
 */
export class IdentityArgumentError extends RangeError {
  readonly code = 'identity/bad_argument';
  readonly argument: string;

  constructor(argument: string, problem: string) {
    super(`${argument}: ${problem}`);
    this.name = 'IdentityArgumentError';
    this.argument = argument;
  }
}
