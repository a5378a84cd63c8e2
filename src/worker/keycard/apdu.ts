/**
 * ISO 7816-4 short APDUs as the Keycard applet uses them (status-protocol.md §12.2): building
 * command APDUs, splitting responses into data and status word, and mapping status words to the
 * typed errors of src/lib/shared/keycard.ts. Owns: bytes and codes. Does not own: the secure
 * channel (secure-channel-*.ts) nor the meaning of command data (commands.ts).
 */
import { type Result, ok, err } from '../../lib/shared/result.ts';
import type { KeycardError } from '../../lib/shared/keycard.ts';

/** CLA of Keycard proprietary commands. */
export const CLA_PROPRIETARY = 0x80;
/** CLA of ISO commands (SELECT, GET RESPONSE). */
export const CLA_ISO = 0x00;

export const INS = {
  SELECT: 0xa4,
  GET_RESPONSE: 0xc0,
  OPEN_SECURE_CHANNEL: 0x10,
  MUTUALLY_AUTHENTICATE: 0x11,
  PAIR: 0x12,
  UNPAIR: 0x13,
  SECURED_APDU: 0x18,
  GET_STATUS: 0xf2,
  VERIFY_PIN: 0x20,
  CHANGE_PIN: 0x21,
  SIGN: 0xc0,
  EXPORT_KEY: 0xc2,
} as const;

export const SW = {
  OK: 0x9000,
  SECURITY_STATUS: 0x6982,
  PIN_BLOCKED_AUTH_METHOD: 0x6983,
  CONDITIONS_NOT_SATISFIED: 0x6985,
  WRONG_DATA: 0x6a80,
  FILE_NOT_FOUND: 0x6a82,
  NO_FREE_SLOT: 0x6a84,
  WRONG_P1P2: 0x6a86,
  DATA_NOT_FOUND: 0x6a88,
} as const;

/** Instance AID of the Keycard applet (package A0 00 00 08 04 00 01, applet 01, instance 01). */
export const KEYCARD_INSTANCE_AID = Uint8Array.of(0xa0, 0x00, 0x00, 0x08, 0x04, 0x00, 0x01, 0x01, 0x01);

/** Largest data field of a short APDU. */
export const MAX_SHORT_DATA = 255;

export interface CommandApdu {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  readonly data: Uint8Array;
}

export function command(cla: number, ins: number, p1: number, p2: number, data: Uint8Array = new Uint8Array(0)): CommandApdu {
  return { cla, ins, p1, p2, data };
}

/**
 * Serialises a short APDU: `CLA INS P1 P2 [Lc data]`. No Le is sent (case 1 / case 3); the card
 * answers with what it has, and readers running T=0 report `61xx`, which the client follows up with
 * GET RESPONSE. Throws on a data field above 255 bytes (a bug in our own code).
 */
export function encodeCommand(c: CommandApdu): Uint8Array {
  if (c.data.length > MAX_SHORT_DATA) throw new RangeError(`APDU data too long: ${c.data.length}`);
  const out = new Uint8Array(4 + (c.data.length > 0 ? 1 + c.data.length : 0));
  out[0] = c.cla;
  out[1] = c.ins;
  out[2] = c.p1;
  out[3] = c.p2;
  if (c.data.length > 0) {
    out[4] = c.data.length;
    out.set(c.data, 5);
  }
  return out;
}

export interface ResponseApdu {
  readonly data: Uint8Array;
  /** SW1 << 8 | SW2. */
  readonly sw: number;
}

/** Splits a raw response into data and SW1 SW2; fewer than 2 bytes is malformed. */
export function parseResponse(raw: Uint8Array): Result<ResponseApdu, KeycardError> {
  if (!(raw instanceof Uint8Array) || raw.length < 2) return err('keycard/malformed_response', 'apdu_too_short');
  const n = raw.length;
  return ok({ data: raw.subarray(0, n - 2), sw: (raw[n - 2]! << 8) | raw[n - 1]! });
}

export function swHex(sw: number): string {
  return sw.toString(16).padStart(4, '0');
}

/**
 * The typed error of a non-9000 status word. `63Cx` is a wrong PIN with x tries left (x = 0:
 * blocked). 6982 here means "security status not satisfied" inside a working channel; the secure
 * channel layers turn a 6982 *in clear* into `keycard/mac_failure` before this is reached.
 */
export function statusError(sw: number): { readonly ok: false; readonly error: KeycardError } {
  if ((sw & 0xfff0) === 0x63c0) {
    const triesLeft = sw & 0x0f;
    return triesLeft === 0 ? { ok: false, error: { code: 'keycard/pin_blocked', triesLeft: 0 } } : { ok: false, error: { code: 'keycard/wrong_pin', triesLeft } };
  }
  switch (sw) {
    case SW.SECURITY_STATUS:
      return err('keycard/security_status');
    case SW.PIN_BLOCKED_AUTH_METHOD:
      return { ok: false, error: { code: 'keycard/pin_blocked', triesLeft: 0 } };
    case SW.CONDITIONS_NOT_SATISFIED:
      return err('keycard/conditions_not_satisfied');
    case SW.WRONG_DATA:
      return err('keycard/wrong_data');
    case SW.FILE_NOT_FOUND:
      return err('keycard/applet_not_found');
    case SW.NO_FREE_SLOT:
      return err('keycard/no_free_pairing_slot');
    case SW.WRONG_P1P2:
      return err('keycard/wrong_p1p2');
    case SW.DATA_NOT_FOUND:
      return err('keycard/data_not_found');
    default:
      return err('keycard/unexpected_status', swHex(sw));
  }
}

/** Key path → data field of DERIVE/EXPORT/SIGN: big-endian uint32 per component, at most 10. */
export const MAX_PATH_DEPTH = 10;
export const HARDENED = 0x8000_0000;

/**
 * Parses "m/43'/60'/1581'/0'/0" into components (hardened = value + 2^31). Only paths from the
 * master ("m/…") are accepted: EXPORT KEY with P1 = 01 derives from the master.
 */
export function parseKeyPath(path: string): Result<number[], KeycardError> {
  if (typeof path !== 'string') return err('keycard/invalid_argument', 'path');
  const parts = path.split('/');
  if (parts[0] !== 'm' || parts.length < 2 || parts.length - 1 > MAX_PATH_DEPTH) return err('keycard/invalid_argument', 'path');
  const out: number[] = [];
  for (const p of parts.slice(1)) {
    const m = /^(0|[1-9]\d{0,9})(')?$/.exec(p);
    const n = m ? Number(m[1]) : NaN;
    if (!m || n >= HARDENED) return err('keycard/invalid_argument', 'path');
    out.push(m[2] ? n + HARDENED : n);
  }
  return ok(out);
}

export function encodeKeyPath(components: readonly number[]): Uint8Array {
  const out = new Uint8Array(components.length * 4);
  const view = new DataView(out.buffer);
  components.forEach((c, i) => view.setUint32(i * 4, c >>> 0, false));
  return out;
}
