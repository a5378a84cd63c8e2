/**
 * Keycard error codes (status-protocol.md §12), shared by the worker's Keycard client and the UI
 * that shows them. Owns: the stable code union and the error shape. Does not own: the text shown to
 * users (the UI maps codes), nor any protocol logic (src/worker/keycard/).
 * Codes are stable identifiers, never English; extra fields are plain data so they survive Comlink.
 */
import type { ErrorInfo } from './result.ts';

export type KeycardErrorCode =
  /** The transmit function threw or rejected (reader gone, card removed, user cancelled). */
  | 'keycard/transport'
  /** A response that is too short, has bad TLV lengths/nesting, or misses a required field. detail says what. */
  | 'keycard/malformed_response'
  /** SELECT answered `6A82`: no Keycard applet on this card. */
  | 'keycard/applet_not_found'
  /** SELECT answered with a bare public key: the card has not been initialised (no PIN/PUK yet). */
  | 'keycard/not_initialised'
  /** Applet version this client does not speak (below 3.0). detail: "major.minor". */
  | 'keycard/unsupported_version'
  /** Wrong PIN; `triesLeft` ≥ 1 more attempts remain (`63Cx`). */
  | 'keycard/wrong_pin'
  /** PIN blocked (`63C0`, or GET STATUS reports 0 tries): only the PUK can unblock it. */
  | 'keycard/pin_blocked'
  /** The pairing password is wrong (the card's cryptogram did not match, or the card refused ours). */
  | 'keycard/wrong_pairing_password'
  /** All pairing slots are used (`6A84`); unpair another client first. */
  | 'keycard/no_free_pairing_slot'
  /** A stored pairing the card no longer accepts (slot freed or card reset): pair again. */
  | 'keycard/pairing_invalid'
  /**
   * Secure-channel MAC/tag failure, detected by us on a response or reported by the card (`6982`
   * in clear). The session has been dropped; the next command needs a new OPEN SECURE CHANNEL.
   */
  | 'keycard/mac_failure'
  /** The card did not prove it derived the same session keys, or its v2 identity did not verify. */
  | 'keycard/card_authentication_failed'
  /** `6982` outside a secure channel, or wrapped inside one (the applet sends it in clear on MAC failure). */
  | 'keycard/security_status'
  /**
   * `6985`: conditions of use not satisfied — on applet 3.x most often "PIN not verified" (EXPORT
   * KEY, SIGN, UNPAIR, CHANGE PIN), also a private export outside EIP-1581 or a closed channel.
   */
  | 'keycard/conditions_not_satisfied'
  /** `6A80`: the card rejected the data. */
  | 'keycard/wrong_data'
  /** `6A86`: the card rejected P1/P2 (e.g. an unused pairing index). */
  | 'keycard/wrong_p1p2'
  /** `6A88`: referenced data not found (e.g. no key loaded). */
  | 'keycard/data_not_found'
  /** Any other status word. detail: the four hex digits. */
  | 'keycard/unexpected_status'
  /** The call needs another step first (SELECT, OPEN SECURE CHANNEL). detail names the missing step. */
  | 'keycard/wrong_state'
  /** The operation does not exist for this applet version (e.g. PAIR on secure channel v2). */
  | 'keycard/not_supported'
  /** A caller argument is invalid (PIN not 6 digits, path outside limits, hash not 32 bytes). detail names it. */
  | 'keycard/invalid_argument';

/** A Keycard failure. `triesLeft` is set for `keycard/wrong_pin` and `keycard/pin_blocked` (0). */
export interface KeycardError extends ErrorInfo<KeycardErrorCode> {
  readonly triesLeft?: number;
}
