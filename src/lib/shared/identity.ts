/**
 * Identity and session types shared by the page and the worker. Plain data only: no key ever
 * appears here except public ones.
 */
import type { ErrorInfo } from './result.ts';

/** 'keycard': the vault opens with the Keycard (and with a password too if `passwordCopy`). */
export type LockKind = 'password' | 'device' | 'keycard';

export interface ProfileListEntry {
  readonly id: string;
  readonly createdAt: number;
  readonly lock: LockKind;
  /** Keycard profiles only: the user kept an encrypted copy, so the password also unlocks it. */
  readonly passwordCopy?: boolean;
}

export interface ProfileSummary {
  readonly id: string;
  readonly createdAt: number;
  readonly lock: LockKind;
  /** `zQ3sh…` (status-protocol.md §1.2). */
  readonly chatKey: string;
  /** `0x04…`, the Status contact id. */
  readonly pkHex: string;
  readonly alias: string;
  readonly emojiHash: readonly string[];
  /** CSS conic-gradient of the colour ring (§1.5). */
  readonly ringGradient: string;
  readonly displayName: string;
  readonly phraseBackedUp: boolean;
  readonly shareLink: string;
  readonly idleLockMinutes: number;
}

export type SessionState =
  | { readonly state: 'starting' }
  /** Another tab runs Parley's network and database; this one can take over. */
  | { readonly state: 'elsewhere' }
  | { readonly state: 'locked'; readonly profiles: readonly ProfileListEntry[] }
  | { readonly state: 'unlocked'; readonly profile: ProfileSummary; readonly profiles: readonly ProfileListEntry[] };

export type SessionErrorCode =
  | 'session/locked'
  | 'session/not_active_tab'
  | 'session/unknown_profile'
  | 'session/weak_password'
  | 'session/already_has_password'
  | 'session/phrase_not_backed_up'
  | 'session/wrong_words'
  | 'session/invalid_setting'
  /** A Keycard profile has no recovery phrase here: the card holds it. */
  | 'session/no_phrase'
  | 'vault/wrong_password'
  | 'vault/password_required'
  | 'vault/corrupt_keyring'
  | 'vault/keycard_required'
  | 'vault/tampered'
  | 'vault/locked';

export type SessionError = ErrorInfo<SessionErrorCode>;

/** One answer of the phrase confirmation step; `position` is 1-based. */
export interface PhraseAnswer {
  readonly position: number;
  readonly word: string;
}

/** Idle auto-lock choices offered in settings; 0 means never. */
export const IDLE_LOCK_CHOICES: readonly number[] = [0, 1, 5, 15, 60];
export const DEFAULT_IDLE_LOCK_MINUTES = 15;

/** What the UI shows of another user's identity (public data only). */
export interface ContactCard {
  readonly chatKey: string;
  readonly pkHex: string;
  readonly alias: string;
  readonly emojiHash: readonly string[];
  readonly ringGradient: string;
}

export type ContactErrorCode =
  | 'contact/is_self'
  | 'share_link/empty'
  | 'share_link/unrecognized'
  | 'share_link/unsupported_url'
  | 'share_link/missing_key'
  | 'chat_key/empty'
  | 'chat_key/unsupported_prefix'
  | 'chat_key/bad_encoding'
  | 'chat_key/missing_multicodec'
  | 'chat_key/bad_sec1'
  | 'chat_key/not_on_curve';
export type ContactError = ErrorInfo<ContactErrorCode>;
