/**
 * DH-only ("none") messages: static–ephemeral DH to the recipient's identity key and AES-256-GCM,
 * used when no installation of the recipient is known. No forward secrecy.
 * Owns the entry format only. Spec: status-protocol.md §4.7.
 */
import { create } from '@bufbuild/protobuf';
import { aesGcmDecrypt, aesGcmEncrypt, GCM_NONCE_BYTES, GCM_TAG_BYTES } from '../../crypto/aes.ts';
import { ecdh } from '../../crypto/secp256k1.ts';
import { concatBytes } from '../../../lib/shared/bytes.ts';
import { DHHeaderSchema, EncryptedMessageProtocolSchema } from '../generated/protocol_message_pb.ts';
import type { EncryptedMessageProtocol } from '../generated/protocol_message_pb.ts';
import { generateKeyPair } from '../keys.ts';
import type { RandomSource } from '../keys.ts';
import { err, ok } from '../result.ts';
import type { Result } from '../result.ts';

export type DhOnlyError = 'DH_ONLY_NO_HEADER' | 'DH_ONLY_INVALID_KEY' | 'DH_ONLY_DECRYPT_FAILED';

/** §4.7: the encrypted_message key for DH-only entries. */
export const NO_INSTALLATION = 'none';

/** ct ‖ tag ‖ nonce: AES-256-GCM with the nonce appended (as in §2.4 symmetric envelopes). */
export function sealGcmNonceLast(key: Uint8Array, plaintext: Uint8Array, random: RandomSource): Uint8Array {
  const nonce = random(GCM_NONCE_BYTES);
  return concatBytes(aesGcmEncrypt(key, nonce, plaintext), nonce);
}

export function openGcmNonceLast(key: Uint8Array, sealed: Uint8Array): Uint8Array | undefined {
  if (sealed.length < GCM_NONCE_BYTES + GCM_TAG_BYTES) return undefined;
  const nonce = sealed.subarray(sealed.length - GCM_NONCE_BYTES);
  return aesGcmDecrypt(key, nonce, sealed.subarray(0, sealed.length - GCM_NONCE_BYTES));
}

/** Sender: e fresh; key = DH(e, IK_R); DH_header.key = comp(e.pub). */
export function encryptDhOnly(opts: {
  readonly plaintext: Uint8Array;
  readonly theirIdentityKey: Uint8Array;
  readonly random: RandomSource;
}): EncryptedMessageProtocol {
  const e = generateKeyPair(opts.random);
  const key = ecdh(e.privateKey, opts.theirIdentityKey);
  const payload = sealGcmNonceLast(key, opts.plaintext, opts.random);
  key.fill(0);
  e.privateKey.fill(0);
  return create(EncryptedMessageProtocolSchema, { DHHeader: create(DHHeaderSchema, { key: e.publicKey }), payload });
}

/** Recipient: key = DH(IK_R.priv, e.pub). An empty plaintext is a bundle advertisement. */
export function decryptDhOnly(msg: EncryptedMessageProtocol, identityPrivateKey: Uint8Array): Result<Uint8Array, DhOnlyError> {
  if (msg.DHHeader === undefined) return err('DH_ONLY_NO_HEADER');
  let key: Uint8Array;
  try {
    key = ecdh(identityPrivateKey, msg.DHHeader.key);
  } catch {
    return err('DH_ONLY_INVALID_KEY');
  }
  const plaintext = openGcmNonceLast(key, msg.payload);
  key.fill(0);
  return plaintext === undefined ? err('DH_ONLY_DECRYPT_FAILED') : ok(plaintext);
}
