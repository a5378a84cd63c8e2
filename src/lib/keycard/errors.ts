/**
 * Typed errors of the page-side Keycard transports (CCID over WebUSB, Web Smart Card, WebHID to
 * Keycard Shell, the test emulator hook). Codes are stable identifiers; the UI maps them to text
 * in keycard-text.ts. Owns no I/O. The secure channel and card status words are the worker's
 * business, not these transports'.
 */
import type { ErrorInfo } from '$lib/shared/result.ts';

export type TransportErrorCode =
  // CCID framing (USB CCID 1.1 §6).
  | 'ccid/truncated'
  | 'ccid/unexpected_message'
  | 'ccid/sequence_mismatch'
  | 'ccid/trailing_bytes'
  | 'ccid/too_long'
  | 'ccid/no_card'
  | 'ccid/card_mute'
  | 'ccid/command_failed'
  | 'ccid/too_many_time_extensions'
  /** The reader offers only TPDU or character level exchange; Parley speaks APDU level. */
  | 'ccid/unsupported_reader'
  // Keycard Shell HID framing (status-protocol.md §12.5).
  | 'hid/bad_report'
  | 'hid/wrong_channel'
  | 'hid/wrong_type'
  | 'hid/sequence_mismatch'
  | 'hid/truncated'
  | 'hid/too_long'
  // Device access.
  | 'usb/security_error'
  | 'usb/no_interface'
  | 'device/not_chosen'
  | 'device/disconnected'
  | 'device/io_failed'
  | 'smartcard/no_reader'
  | 'smartcard/no_card'
  | 'shell/refused'
  | 'shell/bad_response'
  | 'emulator/bad_response';

export type TransportErrorInfo = ErrorInfo<TransportErrorCode>;

/** Thrown by a transport's transmit(): the transmit contract is a promise of bytes. */
export class TransportError extends Error {
  readonly code: TransportErrorCode;
  readonly detail: string | undefined;

  constructor(code: TransportErrorCode, detail?: string) {
    super(detail === undefined ? code : `${code}: ${detail}`);
    this.name = 'TransportError';
    this.code = code;
    this.detail = detail;
  }

  toInfo(): TransportErrorInfo {
    return this.detail === undefined ? { code: this.code } : { code: this.code, detail: this.detail };
  }
}

/** The error info of anything a transport threw; unknown failures become device/io_failed. */
export function transportErrorInfo(e: unknown): TransportErrorInfo {
  if (e instanceof TransportError) return e.toInfo();
  return { code: 'device/io_failed', detail: e instanceof Error ? e.name : typeof e };
}
