/**
 * Keycard secure channel v2 (applet 4.0, status-protocol.md §12.4): identity-certificate check,
 * the OPEN SECURE CHANNEL handshake (ephemeral ECDH + HKDF, card signature), and SECURED APDU
 * wrapping with AES-128-CCM under a 13-byte counter nonce. Owns: the state of one v2 session.
 * Does not own: talking to the card (client.ts) nor randomness (passed in). Pure: no I/O.
 *
 * The spec marks three details UNCONFIRMED (Annex C item 3). Each is one named constant below,
 * implementing the stated assumption; change the constant, not the code, once a real 4.0 card or
 * the Keycard documentation settles it.
 */
import { type Result, ok, err } from '../../lib/shared/result.ts';
import type { KeycardError } from '../../lib/shared/keycard.ts';
import { concatBytes, utf8ToBytes } from '../../lib/shared/bytes.ts';
import { sha256, hkdfSha256, constantTimeEqual } from '../crypto/hashes.ts';
import { aesCcmEncrypt, aesCcmDecrypt, verifyDerSignature } from '../crypto/keycard.ts';
import { ecdh, normalizePublicKey, recoverPublicKey, isValidPublicKey } from '../crypto/secp256k1.ts';
import { encodeCommand, type CommandApdu, type ResponseApdu } from './apdu.ts';
import { CERTIFICATE_BYTES } from './commands.ts';

/** Domain string of the handshake signature and HKDF info. */
export const SC_V2_INFO = 'sc_v2_ccm';
export const V2_SALT_BYTES = 32;
export const V2_TAG_BYTES = 8;
export const V2_NONCE_BYTES = 13;
/** Plaintext limits of SECURED APDU (§12.4). */
export const V2_MAX_COMMAND_PLAINTEXT = 247;
export const V2_MAX_RESPONSE_PLAINTEXT = 245;

/** Trust anchors of the card-identity CA (§12.4), compressed. */
export const KEYCARD_CA_PRODUCTION = '029a9b9ee1e7a71bdf45b3f9c58c99866ff1294d2c1e304e228a86e10c3343501c';
export const KEYCARD_CA_TEST = '025877220aaae6e54a6f974602d5995c0fe24a3ea7ddabd8644bec795b9da00743';

/**
 * UNCONFIRMED (§12.4, Annex C 3a): the digest the CA signs in the identity certificate.
 * Assumption: sha256 of the 33-byte compressed card identity key (the spec names no digest; this is
 * what Keycard's Swift SDK computes). Verify against the Keycard documentation "Card identity".
 */
export const CERT_SIGNED_DIGEST: (compressedCardKey: Uint8Array) => Uint8Array = (k) => sha256(k);

/**
 * UNCONFIRMED (§12.4, Annex C 3b): how the card signs the handshake transcript
 * `"sc_v2_ccm" ‖ salt ‖ clientEph ‖ cardEph`. Assumption (stated by the spec): SHA-256 of the
 * transcript, ECDSA signature DER-encoded.
 */
export const HANDSHAKE_SIGNATURE = { digest: (m: Uint8Array): Uint8Array => sha256(m), format: 'der' } as const;

/**
 * UNCONFIRMED (§12.4, Annex C 3c): byte order of the 64-bit-or-less command counter inside the
 * 13-byte CCM nonce. Assumption (stated by the spec): big-endian, right-aligned, leading zeros.
 */
export const NONCE_COUNTER_BYTE_ORDER: 'big-endian' | 'little-endian' = 'big-endian';

/** The 13-byte nonce for `counter` under NONCE_COUNTER_BYTE_ORDER. */
export function counterNonce(counter: bigint): Uint8Array {
  const out = new Uint8Array(V2_NONCE_BYTES);
  let c = counter;
  for (let i = 0; i < V2_NONCE_BYTES; i++) {
    const idx = NONCE_COUNTER_BYTE_ORDER === 'big-endian' ? V2_NONCE_BYTES - 1 - i : i;
    out[idx] = Number(c & 0xffn);
    c >>= 8n;
  }
  return out;
}

/**
 * Checks the identity certificate of a v2 SELECT: recovers the CA key from (r, s, v) over
 * CERT_SIGNED_DIGEST(card key) and requires it to be one of `anchors` (compressed, hex or bytes).
 * Returns the card identity key (33 bytes compressed).
 */
export function verifyCertificate(cert: Uint8Array, anchors: readonly Uint8Array[]): Result<Uint8Array, KeycardError> {
  if (cert.length !== CERTIFICATE_BYTES) return err('keycard/malformed_response', 'certificate_length');
  const cardKey = cert.subarray(0, 33);
  if (!isValidPublicKey(cardKey) || cardKey[0] === 0x04) return err('keycard/card_authentication_failed', 'certificate_card_key');
  let ca: Uint8Array;
  try {
    ca = normalizePublicKey(recoverPublicKey(CERT_SIGNED_DIGEST(cardKey), cert.subarray(33, 98)), true);
  } catch {
    return err('keycard/card_authentication_failed', 'certificate_signature');
  }
  if (!anchors.some((a) => a.length === 33 && constantTimeEqual(a, ca))) return err('keycard/card_authentication_failed', 'certificate_untrusted');
  return ok(cardKey.slice());
}

/** The transcript the card signs in the handshake. */
export function handshakeTranscript(salt: Uint8Array, clientEph: Uint8Array, cardEph: Uint8Array): Uint8Array {
  return concatBytes(utf8ToBytes(SC_V2_INFO), salt, clientEph, cardEph);
}

export interface SessionKeysV2 {
  /** Host-to-card AES-128 key. */
  readonly commandKey: Uint8Array;
  /** Card-to-host AES-128 key. */
  readonly responseKey: Uint8Array;
}

/**
 * okm = HKDF(ikm = sharedX, salt, info = "sc_v2_ccm", 32); split 16 / 16. The spec does not name
 * HKDF's hash; SHA-256 is assumed (the same hash as the handshake signature).
 */
export function deriveSessionKeysV2(sharedX: Uint8Array, salt: Uint8Array): SessionKeysV2 {
  const okm = hkdfSha256(sharedX, salt, utf8ToBytes(SC_V2_INFO), 32);
  const keys = { commandKey: okm.slice(0, 16), responseKey: okm.slice(16, 32) };
  okm.fill(0);
  return keys;
}

/**
 * Completes the client side of the handshake: checks the card's signature over the transcript with
 * its identity key and derives the session keys. `response` = uncomp(cardEph)(65) ‖ signature.
 */
export function completeHandshakeV2(
  clientEphPriv: Uint8Array,
  clientEphPub: Uint8Array,
  salt: Uint8Array,
  response: Uint8Array,
  cardIdentityKey: Uint8Array,
): Result<SessionKeysV2, KeycardError> {
  if (response.length < 65 + 8) return err('keycard/malformed_response', 'handshake_length');
  const cardEph = response.subarray(0, 65);
  if (cardEph[0] !== 0x04 || !isValidPublicKey(cardEph)) return err('keycard/malformed_response', 'handshake_card_key');
  const sig = response.subarray(65);
  const digest = HANDSHAKE_SIGNATURE.digest(handshakeTranscript(salt, clientEphPub, cardEph));
  if (!verifyDerSignature(digest, sig, cardIdentityKey)) return err('keycard/card_authentication_failed', 'handshake_signature');
  const shared = ecdh(clientEphPriv, cardEph);
  const keys = deriveSessionKeysV2(shared, salt);
  shared.fill(0);
  return ok(keys);
}

/** The complete inner APDU that SECURED APDU encrypts: `CLA INS P1 P2 Lc data` (Lc always present). */
export function innerApdu(c: CommandApdu): Uint8Array {
  const enc = encodeCommand(c);
  return enc.length === 4 ? concatBytes(enc, Uint8Array.of(0)) : enc;
}

/**
 * One open v2 session. `wrap` and `unwrap` alternate; the counter advances after each response.
 * Any failure closes the session (the card then answers 6982 and the handshake must be redone).
 */
export class SecureChannelV2 {
  #commandKey: Uint8Array;
  #responseKey: Uint8Array;
  #counter = 0n;
  #closed = false;

  constructor(keys: SessionKeysV2) {
    if (keys.commandKey.length !== 16 || keys.responseKey.length !== 16) throw new RangeError('secure channel v2: bad key length');
    this.#commandKey = Uint8Array.from(keys.commandKey);
    this.#responseKey = Uint8Array.from(keys.responseKey);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The SECURED APDU `80 18 00 00` carrying `c`. */
  wrap(c: CommandApdu): Result<CommandApdu, KeycardError> {
    if (this.#closed) return err('keycard/wrong_state', 'secure_channel_closed');
    const inner = innerApdu(c);
    if (inner.length > V2_MAX_COMMAND_PLAINTEXT) return err('keycard/invalid_argument', 'data_too_long');
    const sealed = aesCcmEncrypt(this.#commandKey, counterNonce(this.#counter), inner, V2_TAG_BYTES);
    return ok({ cla: 0x80, ins: 0x18, p1: 0, p2: 0, data: sealed });
  }

  /** Decrypts the data of a `9000` SECURED APDU response into the inner data and status word. */
  unwrap(data: Uint8Array): Result<ResponseApdu, KeycardError> {
    if (this.#closed) return err('keycard/wrong_state', 'secure_channel_closed');
    if (data.length < V2_TAG_BYTES + 2 || data.length > V2_MAX_RESPONSE_PLAINTEXT + V2_TAG_BYTES) {
      this.close();
      return err('keycard/malformed_response', 'secure_response_length');
    }
    const plain = aesCcmDecrypt(this.#responseKey, counterNonce(this.#counter), data, V2_TAG_BYTES);
    if (plain === undefined) {
      this.close();
      return err('keycard/mac_failure', 'response');
    }
    this.#counter++;
    const n = plain.length;
    return ok({ data: plain.subarray(0, n - 2), sw: (plain[n - 2]! << 8) | plain[n - 1]! });
  }

  close(): void {
    this.#closed = true;
    this.#commandKey.fill(0);
    this.#responseKey.fill(0);
  }
}
