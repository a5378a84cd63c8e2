/**
 * Chat keys `zQ3sh…` (status-protocol.md §1.2) and the `pkhex` form of §0. Owns: encoding a
 * public key as multibase(base58btc, multicodec(secp256k1-pub 0xe7, compressed key)), decoding
 * every accepted textual form with a typed error per malformation. Does not own: curve maths
 * (worker/crypto/secp256k1.ts) nor links around a key (share-link.ts).
 */
import { base58 } from '@scure/base';
import { bytesToHex, concatBytes, hexToBytes } from '../../lib/shared/bytes.ts';
import { err, ok, type Result } from '../../lib/shared/result.ts';
import { normalizePublicKey } from '../crypto/secp256k1.ts';
import { IdentityArgumentError, type ChatKeyError } from './errors.ts';

/** §1.2 step 2: multicodec 0xe7 (secp256k1-pub) as an unsigned LEB128 varint. */
export const SECP256K1_PUB_MULTICODEC: Uint8Array = Uint8Array.of(0xe7, 0x01);
/** §1.2 step 3: multibase prefix of base58btc. */
export const BASE58BTC_PREFIX = 'z';
/** §1.2 step 2 (status-go multiformat): multibase prefix of lowercase hex. */
export const BASE16_PREFIX = 'f';
/** §1.2: every chat key starts with this (e7 01 02|03 in base58btc) and has this length. */
export const CHAT_KEY_START = 'zQ3sh';
export const CHAT_KEY_LENGTH = 49;

const HEX_DIGITS = /^[0-9a-fA-F]*$/;

function expectPublicKeyBytes(publicKey: Uint8Array): Uint8Array {
  if (!(publicKey instanceof Uint8Array)) throw new IdentityArgumentError('publicKey', 'expected a Uint8Array');
  try {
    return normalizePublicKey(publicKey, true);
  } catch (e) {
    throw new IdentityArgumentError('publicKey', `not a SEC1 secp256k1 point (${(e as Error).message})`);
  }
}

/** §1.2 encoding. `publicKey` is SEC1, compressed (33) or uncompressed (65); throws if invalid. */
export function encodeChatKey(publicKey: Uint8Array): string {
  const compressed = expectPublicKeyBytes(publicKey);
  return BASE58BTC_PREFIX + base58.encode(concatBytes(SECP256K1_PUB_MULTICODEC, compressed));
}

/** §0 `pkhex(P)`: "0x" ‖ lowercase hex of the 65-byte uncompressed key. Throws if invalid. */
export function toPkHex(publicKey: Uint8Array): string {
  expectPublicKeyBytes(publicKey);
  return '0x' + bytesToHex(normalizePublicKey(publicKey, false));
}

function hasMulticodec(bytes: Uint8Array): boolean {
  return bytes[0] === SECP256K1_PUB_MULTICODEC[0] && bytes[1] === SECP256K1_PUB_MULTICODEC[1];
}

/** §1.2 step 3: the SEC1 shape check, then the on-curve check. Returns the uncompressed key. */
function decodeSec1(bytes: Uint8Array): Result<Uint8Array, ChatKeyError> {
  const first = bytes[0];
  const shapeOk =
    (bytes.length === 33 && (first === 0x02 || first === 0x03)) || (bytes.length === 65 && first === 0x04);
  if (!shapeOk) return err('chat_key/bad_sec1', `${bytes.length}:${(first ?? 0).toString(16).padStart(2, '0')}`);
  try {
    return ok(normalizePublicKey(bytes, false));
  } catch {
    return err('chat_key/not_on_curve');
  }
}

function decodeHex(digits: string): Result<Uint8Array, ChatKeyError> {
  if (!HEX_DIGITS.test(digits) || digits.length % 2 !== 0) return err('chat_key/bad_encoding', 'hex');
  return ok(hexToBytes(digits));
}

function decodeBase58(digits: string): Result<Uint8Array, ChatKeyError> {
  try {
    return ok(base58.decode(digits));
  } catch {
    return err('chat_key/bad_encoding', 'base58btc');
  }
}

/** Bytes after the prefix: multicodec required for `z`/`f`, optional for `0x` (§1.2 step 2). */
function stripMulticodec(bytes: Uint8Array, required: boolean): Result<Uint8Array, ChatKeyError> {
  if (hasMulticodec(bytes)) return ok(bytes.subarray(SECP256K1_PUB_MULTICODEC.length));
  return required ? err('chat_key/missing_multicodec') : ok(bytes);
}

function decodeBody(text: string): Result<Uint8Array, ChatKeyError> {
  if (text.startsWith('0x')) {
    const r = decodeHex(text.slice(2));
    return r.ok ? stripMulticodec(r.value, false) : r;
  }
  const prefix = text[0]!;
  const r =
    prefix === BASE58BTC_PREFIX ? decodeBase58(text.slice(1))
    : prefix === BASE16_PREFIX ? decodeHex(text.slice(1))
    : err('chat_key/unsupported_prefix', String.fromCodePoint(text.codePointAt(0)!));
  return r.ok ? stripMulticodec(r.value, true) : r;
}

/**
 * §1.2 decoding of `zQ3sh…` (base58btc), `0x…` (bare SEC1, or with e7 01) and `f…` (multibase hex
 * with e7 01). Hex digits may be upper case; the `0x` and `z` prefixes may not (uppercase `Z` is
 * base58flickr and must be rejected). No trimming: callers that take pasted text trim first.
 * Returns the 65-byte uncompressed key, the canonical `P` whose string form is `toPkHex`.
 */
export function decodeChatKey(text: string): Result<Uint8Array, ChatKeyError> {
  if (typeof text !== 'string' || text.length === 0) return err('chat_key/empty');
  const body = decodeBody(text);
  return body.ok ? decodeSec1(body.value) : body;
}

/** True when `text` decodes as a chat key in any accepted form. */
export function isChatKey(text: string): boolean {
  return decodeChatKey(text).ok;
}
