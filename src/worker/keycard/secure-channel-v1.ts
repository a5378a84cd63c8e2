/**
 * Keycard secure channel v1 (applet 3.x, status-protocol.md §12.2 PAIR and §12.3): pairing
 * cryptograms and key, session keys from OPEN SECURE CHANNEL, and the AES-256-CBC + CBC-MAC
 * wrapping with IV chaining. Owns: the channel state of one session (keys and chained IV).
 * Does not own: talking to the card (client.ts) nor randomness (passed in). Pure: no I/O.
 */
import { type Result, ok, err } from '../../lib/shared/result.ts';
import type { KeycardError } from '../../lib/shared/keycard.ts';
import { sha256, sha512, constantTimeEqual } from '../crypto/hashes.ts';
import { aesCbcEncryptRaw, aesCbcDecryptRaw, aesCbcMac, AES_BLOCK } from '../crypto/keycard.ts';
import { concatBytes as concat } from '../../lib/shared/bytes.ts';
import type { CommandApdu, ResponseApdu } from './apdu.ts';

/** Largest plaintext data of one wrapped command (§12.3 step 4). */
export const V1_MAX_PLAINTEXT = 223;
export const PAIRING_CHALLENGE_BYTES = 32;
export const PAIRING_KEY_BYTES = 32;
export const SESSION_SALT_BYTES = 32;

// ---------------------------------------------------------------------------------------------
// ISO/IEC 9797-1 padding method 2

/** Appends 0x80 then zeros up to a multiple of 16 (always at least one byte). */
export function m2Pad(data: Uint8Array): Uint8Array {
  const out = new Uint8Array((Math.floor(data.length / AES_BLOCK) + 1) * AES_BLOCK);
  out.set(data, 0);
  out[data.length] = 0x80;
  return out;
}

/** Removes M2 padding; undefined when the trailer is not `80 00…`. */
export function m2Unpad(data: Uint8Array): Uint8Array | undefined {
  let i = data.length - 1;
  while (i >= 0 && data[i] === 0x00) i--;
  if (i < 0 || data[i] !== 0x80 || data.length - i > AES_BLOCK) return undefined;
  return data.subarray(0, i);
}

// ---------------------------------------------------------------------------------------------
// Pairing (§12.2 PAIR)

/** Step 1 check: the card's first 32 bytes must equal sha256(pairingSecret ‖ clientChallenge). */
export function expectedCardCryptogram(pairingSecret: Uint8Array, clientChallenge: Uint8Array): Uint8Array {
  return sha256(concat(pairingSecret, clientChallenge));
}

/** Step 2 data: sha256(pairingSecret ‖ cardChallenge). */
export function clientCryptogram(pairingSecret: Uint8Array, cardChallenge: Uint8Array): Uint8Array {
  return sha256(concat(pairingSecret, cardChallenge));
}

/** pairingKey = sha256(pairingSecret ‖ salt). */
export function pairingKeyFrom(pairingSecret: Uint8Array, salt: Uint8Array): Uint8Array {
  return sha256(concat(pairingSecret, salt));
}

// ---------------------------------------------------------------------------------------------
// Session (§12.3 steps 3–5)

export interface SessionKeysV1 {
  readonly encKey: Uint8Array;
  readonly macKey: Uint8Array;
}

/** h = sha512(sharedSecret ‖ pairingKey ‖ salt); encKey = h[0:32], macKey = h[32:64]. */
export function deriveSessionKeysV1(sharedSecret: Uint8Array, pairingKey: Uint8Array, salt: Uint8Array): SessionKeysV1 {
  const h = sha512(concat(sharedSecret, pairingKey, salt));
  const keys = { encKey: h.slice(0, 32), macKey: h.slice(32, 64) };
  h.fill(0);
  return keys;
}

/** Step 4.1: AES-256-CBC(encKey, iv, M2pad(data)). */
export function encryptV1(encKey: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  return aesCbcEncryptRaw(encKey, iv, m2Pad(data));
}

/** Inverse of encryptV1; undefined on bad length or bad padding. */
export function decryptV1(encKey: Uint8Array, iv: Uint8Array, enc: Uint8Array): Uint8Array | undefined {
  if (enc.length === 0 || enc.length % AES_BLOCK !== 0) return undefined;
  const padded = aesCbcDecryptRaw(encKey, iv, enc);
  const plain = m2Unpad(padded);
  const out = plain === undefined ? undefined : plain.slice();
  // The plaintext may be an exported private key: leave no second copy behind.
  padded.fill(0);
  return out;
}

/** Command MAC: CBC-MAC(macKey, CLA INS P1 P2 Lc ‖ 11 zeros ‖ enc). */
export function commandMacV1(macKey: Uint8Array, c: Pick<CommandApdu, 'cla' | 'ins' | 'p1' | 'p2'>, enc: Uint8Array): Uint8Array {
  const meta = new Uint8Array(AES_BLOCK);
  meta.set([c.cla, c.ins, c.p1, c.p2, enc.length + AES_BLOCK], 0);
  return aesCbcMac(macKey, concat(meta, enc));
}

/** Response MAC: CBC-MAC(macKey, |mac ‖ enc| ‖ 15 zeros ‖ enc). */
export function responseMacV1(macKey: Uint8Array, enc: Uint8Array): Uint8Array {
  const meta = new Uint8Array(AES_BLOCK);
  meta[0] = enc.length + AES_BLOCK;
  return aesCbcMac(macKey, concat(meta, enc));
}

/**
 * One open v1 session. `wrap` and `unwrap` must alternate (command, then its response): the IV of
 * each step is the MAC of the previous message. After any failure the session is unusable
 * (`closed`), matching the card, which resets its side on a MAC failure.
 */
export class SecureChannelV1 {
  #encKey: Uint8Array;
  #macKey: Uint8Array;
  #iv: Uint8Array;
  #closed = false;

  constructor(keys: SessionKeysV1, iv: Uint8Array) {
    if (keys.encKey.length !== 32 || keys.macKey.length !== 32 || iv.length !== AES_BLOCK) throw new RangeError('secure channel v1: bad key or IV length');
    this.#encKey = Uint8Array.from(keys.encKey);
    this.#macKey = Uint8Array.from(keys.macKey);
    this.#iv = Uint8Array.from(iv);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The wrapped form of `c`: same header, data `mac ‖ enc`. */
  wrap(c: CommandApdu): Result<CommandApdu, KeycardError> {
    if (this.#closed) return err('keycard/wrong_state', 'secure_channel_closed');
    if (c.data.length > V1_MAX_PLAINTEXT) return err('keycard/invalid_argument', 'data_too_long');
    const enc = encryptV1(this.#encKey, this.#iv, c.data);
    const mac = commandMacV1(this.#macKey, c, enc);
    this.#iv = mac;
    return ok({ cla: c.cla, ins: c.ins, p1: c.p1, p2: c.p2, data: concat(mac, enc) });
  }

  /**
   * Unwraps the data of a `9000` response into the inner data and status word. A wrong MAC,
   * wrong length or wrong padding closes the session with `keycard/mac_failure` /
   * `keycard/malformed_response`.
   */
  unwrap(data: Uint8Array): Result<ResponseApdu, KeycardError> {
    if (this.#closed) return err('keycard/wrong_state', 'secure_channel_closed');
    if (data.length < 2 * AES_BLOCK || data.length % AES_BLOCK !== 0 || data.length > 0xff) {
      this.close();
      return err('keycard/malformed_response', 'secure_response_length');
    }
    const mac = data.subarray(0, AES_BLOCK);
    const enc = data.subarray(AES_BLOCK);
    if (!constantTimeEqual(responseMacV1(this.#macKey, enc), mac)) {
      this.close();
      return err('keycard/mac_failure', 'response');
    }
    const plain = decryptV1(this.#encKey, this.#iv, enc);
    this.#iv = mac.slice();
    if (plain === undefined || plain.length < 2) {
      this.close();
      return err('keycard/malformed_response', 'secure_response_padding');
    }
    const n = plain.length;
    return ok({ data: plain.subarray(0, n - 2), sw: (plain[n - 2]! << 8) | plain[n - 1]! });
  }

  /** Drops the session and zeroes its keys. */
  close(): void {
    this.#closed = true;
    this.#encKey.fill(0);
    this.#macKey.fill(0);
    this.#iv.fill(0);
  }
}
