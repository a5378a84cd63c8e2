/**
 * DH-only ("none") messages: static–ephemeral DH to the recipient's identity key and AES-256-GCM,
 * used when no installation of the recipient is known. No forward secrecy.
 * Owns the entry format only. Spec: status-protocol.md §4.7.
 */
import { create } from '@bufbuild/protobuf';
import { ecdh } from '../../crypto/secp256k1.ts';
import { DHHeaderSchema, EncryptedMessageProtocolSchema } from '../generated/protocol_message_pb.ts';
import type { EncryptedMessageProtocol } from '../generated/protocol_message_pb.ts';
import { generateKeyPair } from '../keys.ts';
import type { RandomSource } from '../keys.ts';
import { symmetricDecrypt, symmetricEncrypt } from '../payload/waku-payload.ts';
import { err } from '../result.ts';
import type { Result } from '../result.ts';

export type DhOnlyError = 'DH_ONLY_NO_HEADER' | 'DH_ONLY_INVALID_KEY' | 'DH_ONLY_DECRYPT_FAILED';

/** §4.7: the encrypted_message key for DH-only entries. */
export const NO_INSTALLATION = 'none';

/** Sender: e fresh; key = DH(e, IK_R); DH_header.key = comp(e.pub). */
export function encryptDhOnly(opts: {
  readonly plaintext: Uint8Array;
  readonly theirIdentityKey: Uint8Array;
  readonly random: RandomSource;
}): EncryptedMessageProtocol {
  const e = generateKeyPair(opts.random);
  const key = ecdh(e.privateKey, opts.theirIdentityKey);
  // Same framing as §2.4 symmetric envelopes: ct ‖ tag ‖ nonce.
  const payload = symmetricEncrypt(key, opts.plaintext, opts.random);
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
  const plaintext = symmetricDecrypt(key, msg.payload);
  key.fill(0);
  return plaintext.ok ? plaintext : err('DH_ONLY_DECRYPT_FAILED');
}
