/**
 * 26/WAKU2-PAYLOAD "version 1" plaintext envelope as produced by status-go (go-waku):
 * flags ‖ size ‖ data ‖ padding ‖ signature. Owns framing, padding and the signature; encryption
 * is ecies.ts / symmetric in waku-payload.ts. Spec: status-protocol.md §2.4.
 */
import { keccak256 } from '../../crypto/hashes.ts';
import { recoverPublicKey, signDigest, SIGNATURE_BYTES } from '../../crypto/secp256k1.ts';
import { concatBytes } from '../../../lib/shared/bytes.ts';
import type { RandomSource } from '../keys.ts';
import { err, ok } from '../result.ts';
import type { Result } from '../result.ts';

export type EnvelopeError = 'ENVELOPE_TOO_SHORT' | 'ENVELOPE_SIZE_INVALID' | 'ENVELOPE_SIGNATURE_INVALID';

/** Bits 0–1 of the flags byte: width of the size field. */
const SIZE_MASK = 0x03;
/** Bit 2 of the flags byte: signed. */
export const SIGNED_FLAG = 0x04;
/** Plaintext (including the signature) is padded to a multiple of this; padding is never empty. */
export const PADDING_TARGET = 256;

/**
 * Width of the little-endian size field: 1 if |data| < 256, 2 if < 65536, else 3. Bits 0–1 of
 * the flags cannot express 4, so data of 2^24 bytes or more cannot be framed (16× the Waku limit).
 */
export const MAX_ENVELOPE_DATA_BYTES = 2 ** 24 - 1;

export function sizeFieldWidth(dataLength: number): number {
  let width = 1;
  for (let n = dataLength; n >= 256; n = Math.floor(n / 256)) width++;
  return width;
}

/** padding = 256 − (rawSize mod 256), so 1..256 bytes; rawSize counts the signature if any. */
export function paddingLength(dataLength: number, signed: boolean): number {
  const raw = 1 + sizeFieldWidth(dataLength) + dataLength + (signed ? SIGNATURE_BYTES : 0);
  return PADDING_TARGET - (raw % PADDING_TARGET);
}

/** Builds the plaintext envelope; signs it with `signingKey` (flag set before hashing). */
export function encodeEnvelope(opts: {
  readonly data: Uint8Array;
  readonly signingKey?: Uint8Array | undefined;
  readonly random: RandomSource;
}): Uint8Array {
  if (opts.data.length > MAX_ENVELOPE_DATA_BYTES) throw new RangeError('envelope data: larger than 2^24 - 1 bytes');
  const signed = opts.signingKey !== undefined;
  const width = sizeFieldWidth(opts.data.length);
  const head = new Uint8Array(1 + width);
  head[0] = width | (signed ? SIGNED_FLAG : 0);
  for (let i = 0, n = opts.data.length; i < width; i++, n = Math.floor(n / 256)) head[1 + i] = n & 0xff;
  const body = concatBytes(head, opts.data, opts.random(paddingLength(opts.data.length, signed)));
  if (!signed) return body;
  return concatBytes(body, signDigest(keccak256(body), opts.signingKey!));
}

export interface DecodedEnvelope {
  readonly data: Uint8Array;
  readonly padding: Uint8Array;
  /** 65-byte signature when the signed flag is set. */
  readonly signature?: Uint8Array | undefined;
  /** uncomp(signer), recovered from the signature over everything before it. */
  readonly signer?: Uint8Array | undefined;
}

function recoverSigner(body: Uint8Array, signature: Uint8Array): Uint8Array | undefined {
  try {
    return recoverPublicKey(keccak256(body), signature);
  } catch {
    return undefined;
  }
}

/** Parses a decrypted envelope. A size field of width 0 means empty data (as go-waku reads it). */
export function decodeEnvelope(bytes: Uint8Array): Result<DecodedEnvelope, EnvelopeError> {
  if (bytes.length < 1) return err('ENVELOPE_TOO_SHORT');
  const flags = bytes[0]!;
  let end = bytes.length;
  let signature: Uint8Array | undefined;
  let signer: Uint8Array | undefined;
  if ((flags & SIGNED_FLAG) !== 0) {
    end -= SIGNATURE_BYTES;
    if (end <= 1) return err('ENVELOPE_TOO_SHORT');
    signature = bytes.slice(end);
    signer = recoverSigner(bytes.subarray(0, end), signature);
    if (signer === undefined) return err('ENVELOPE_SIGNATURE_INVALID');
  }
  const width = flags & SIZE_MASK;
  if (1 + width > end) return err('ENVELOPE_TOO_SHORT');
  let size = 0;
  for (let i = width - 1; i >= 0; i--) size = size * 256 + bytes[1 + i]!;
  const start = 1 + width;
  if (start + size > end) return err('ENVELOPE_SIZE_INVALID');
  return ok({ data: bytes.slice(start, start + size), padding: bytes.slice(start + size, end), signature, signer });
}
