/**
 * Types of the Keycard login as it crosses WorkerApi (page ↔ worker). The page owns the device
 * and hands the worker a `KeycardTransmit` (a Comlink proxy); the worker owns the secure channel,
 * the PIN check and the exported keys, which never come back here. Plain data only.
 * Card error codes (wrong PIN, MAC failure, …) are in keycard.ts.
 */
import type { SessionError } from './identity.ts';
import type { KeycardError } from './keycard.ts';
import type { ErrorInfo } from './result.ts';

/** One command APDU out, the response APDU (data ‖ SW1 SW2) back. Rejects when the device fails. */
export type KeycardTransmit = (apdu: Uint8Array) => Promise<Uint8Array>;

/** Status pairing password that the Status app and keycard-cli use unless the user chose another. */
export const DEFAULT_PAIRING_PASSWORD = 'KeycardDefaultPairing';
export const KEYCARD_PIN_DIGITS = 6;

export interface KeycardCardInfo {
  /** Applet version, "3.1" or "4.0". */
  readonly appletVersion: string;
  readonly secureChannel: 1 | 2;
  /** Free pairing slots as SELECT reported them (secure channel v1); null on v2. */
  readonly freePairingSlots: number | null;
  /** True when this browser holds no pairing for this card yet (v1): ask for the pairing password. */
  readonly needsPairing: boolean;
  /** The Keycard profile in this browser that this card opens, if any. */
  readonly profileId: string | null;
}

export interface KeycardPinStatus {
  readonly pinRetries: number;
  readonly pukRetries: number;
}

export interface KeycardLoginOptions {
  /** Six digits. */
  readonly pin: string;
  /**
   * "Keep an encrypted copy": when creating the profile, also seal its keys under this password,
   * so it unlocks without the card. Absent: unlocking always needs the card.
   */
  readonly copyPassword?: string;
}

export type KeycardLoginErrorCode =
  /** No card session: connect first (or the session ended). */
  | 'keycard/no_session'
  /** This card's keys do not open the profile stored for it (another seed on the same card). */
  | 'keycard/wrong_card';
export type KeycardLoginError = ErrorInfo<KeycardLoginErrorCode>;

/** Everything a Keycard login step can fail with. */
export type KeycardLoginFailure = KeycardError | KeycardLoginError | SessionError;
