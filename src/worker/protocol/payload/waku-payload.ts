/**
 * Waku v1 payloads as Status uses them: the signed envelope (envelope.ts) encrypted either with
 * ECIES to a public key (partitioned, personal topics) or AES-256-GCM with a 32-byte key
 * (negotiated, contact-code, public/community topics; wire ct ‖ tag ‖ nonce). Receivers require
 * the signature. Spec: status-protocol.md §2.3 step 2, §2.4.
 *
 * Compatibility with @waku/message-encryption (js-waku packages/message-encryption, read from its
 * source, not installed here): its preCipher/postCipher, ECIES (concat-KDF sha256(BE32(1) ‖ z),
 * AES-128-CTR with a full 128-bit counter, kM = sha256(k[16:32]), HMAC over iv ‖ c, R uncompressed
 * first) and symmetric (AES-256-GCM, 12-byte IV appended after the tag) produce the same byte
 * layout as this module and status-go; only the random parts (ephemeral key, IV, nonce, padding)
 * differ per message. Its padding rule (256 − rawSize mod 256, counting the signature) and its
 * signatures (r ‖ s ‖ v, v ∈ {0,1}, RFC 6979, low s) match too, so envelopes interoperate in both
 * directions. Differences are on the lenient side only: js-waku's postCipher returns nothing for a
 * size field of width 0 (go-waku and this module read empty data), does not bound-check the size
 * against the buffer, and its ECIES decrypt rejects an empty plaintext (never produced for
 * envelopes, which are ≥ 256 bytes).
 */
import { aesGcmDecrypt, aesGcmEncrypt, GCM_NONCE_BYTES, GCM_TAG_BYTES } from '../../crypto/aes.ts';
import { concatBytes } from '../../../lib/shared/bytes.ts';
import type { RandomSource } from '../keys.ts';
import { err, ok } from '../result.ts';
import type { Result } from '../result.ts';
import { eciesDecrypt, eciesEncrypt } from './ecies.ts';
import type { EciesError } from './ecies.ts';
import { decodeEnvelope, encodeEnvelope } from './envelope.ts';
import type { EnvelopeError } from './envelope.ts';

export type PayloadError = EnvelopeError | EciesError | 'SYMMETRIC_DECRYPT_FAILED' | 'ENVELOPE_UNSIGNED';

export interface OpenedPayload {
  readonly data: Uint8Array;
  /** uncomp(transport signer), 65 bytes. */
  readonly signer: Uint8Array;
}

/** AES-256-GCM with a random 12-byte nonce appended: ct ‖ tag(16) ‖ nonce(12). */
export function symmetricEncrypt(key: Uint8Array, plaintext: Uint8Array, random: RandomSource): Uint8Array {
  const nonce = random(GCM_NONCE_BYTES);
  return concatBytes(aesGcmEncrypt(key, nonce, plaintext), nonce);
}

export function symmetricDecrypt(key: Uint8Array, sealed: Uint8Array): Result<Uint8Array, PayloadError> {
  if (sealed.length < GCM_NONCE_BYTES + GCM_TAG_BYTES) return err('SYMMETRIC_DECRYPT_FAILED');
  const nonce = sealed.subarray(sealed.length - GCM_NONCE_BYTES);
  const plain = aesGcmDecrypt(key, nonce, sealed.subarray(0, sealed.length - GCM_NONCE_BYTES));
  return plain === undefined ? err('SYMMETRIC_DECRYPT_FAILED') : ok(plain);
}

function requireSigned(envelope: Uint8Array): Result<OpenedPayload, PayloadError> {
  const decoded = decodeEnvelope(envelope);
  if (!decoded.ok) return decoded;
  const { data, signer } = decoded.value;
  return signer === undefined ? err('ENVELOPE_UNSIGNED') : ok({ data, signer });
}

export interface SealOptions {
  readonly data: Uint8Array;
  readonly signingKey: Uint8Array;
  readonly random: RandomSource;
}

/** Partitioned/personal topics: signed envelope, ECIES to `recipientPublicKey`. */
export function sealAsymmetric(opts: SealOptions & { readonly recipientPublicKey: Uint8Array }): Uint8Array {
  return eciesEncrypt(opts.recipientPublicKey, encodeEnvelope(opts), opts.random);
}

export function openAsymmetric(payload: Uint8Array, privateKey: Uint8Array): Result<OpenedPayload, PayloadError> {
  const envelope = eciesDecrypt(privateKey, payload);
  return envelope.ok ? requireSigned(envelope.value) : envelope;
}

/** Symmetric topics: signed envelope, AES-256-GCM with `key` (e.g. K(s) of §0). */
export function sealSymmetric(opts: SealOptions & { readonly key: Uint8Array }): Uint8Array {
  return symmetricEncrypt(opts.key, encodeEnvelope(opts), opts.random);
}

export function openSymmetric(payload: Uint8Array, key: Uint8Array): Result<OpenedPayload, PayloadError> {
  const envelope = symmetricDecrypt(key, payload);
  return envelope.ok ? requireSigned(envelope.value) : envelope;
}
