/**
 * Hash ratchet of encrypted communities and channels: key ids, per-message keys
 * k_n = keccak256^n(key), and HR_header entries (AES-256-GCM, ct ‖ tag ‖ nonce). Owns the message
 * format only; key distribution (HRKeys, RekeyGroup) and key storage belong to community services.
 * Spec: status-protocol.md §4.8, §9.6.
 */
import { create } from '@bufbuild/protobuf';
import { keccak256 } from '../../crypto/hashes.ts';
import { concatBytes } from '../../../lib/shared/bytes.ts';
import { EncryptedMessageProtocolSchema, HRHeaderSchema } from '../generated/protocol_message_pb.ts';
import type { EncryptedMessageProtocol } from '../generated/protocol_message_pb.ts';
import type { RandomSource } from '../keys.ts';
import { symmetricDecrypt, symmetricEncrypt } from '../payload/waku-payload.ts';
import { err, ok } from '../result.ts';
import type { Result } from '../result.ts';

export type HashRatchetError = 'HR_NO_HEADER' | 'HR_KEY_DISTRIBUTION' | 'HR_SEQ_TOO_FAR' | 'HR_DECRYPT_FAILED';

/** §9.6: the reference refuses to hash forward more than 100 000 steps. */
export const MAX_HASH_STEPS = 100_000;
const UINT32_RANGE = 2n ** 32n;

export interface HashRatchetKey {
  readonly groupId: Uint8Array;
  /** Key timestamp in ms. */
  readonly timestamp: bigint;
  /** 32 bytes. */
  readonly key: Uint8Array;
}

/** keyId = keccak256(groupId ‖ LE64(timestamp) ‖ key). */
export function hashRatchetKeyId(k: HashRatchetKey): Uint8Array {
  const le = new Uint8Array(8);
  new DataView(le.buffer).setBigUint64(0, BigInt.asUintN(64, k.timestamp), true);
  return keccak256(concatBytes(k.groupId, le, k.key));
}

/** k_n = keccak256^n(key) for n ≥ 1. Callers that decrypt many messages should cache. */
export function messageKeyAt(key: Uint8Array, seqNo: number): Result<Uint8Array, HashRatchetError> {
  if (!Number.isInteger(seqNo) || seqNo < 1) return err('HR_KEY_DISTRIBUTION');
  if (seqNo > MAX_HASH_STEPS) return err('HR_SEQ_TOO_FAR');
  let k = key;
  for (let i = 0; i < seqNo; i++) k = keccak256(k);
  return ok(k);
}

/** Builds the "none" entry of §9.6 for message `seqNo` (≥ 1) under `k`. */
export function hashRatchetEncrypt(opts: {
  readonly key: HashRatchetKey;
  readonly seqNo: number;
  readonly plaintext: Uint8Array;
  readonly random: RandomSource;
}): Result<EncryptedMessageProtocol, HashRatchetError> {
  const mk = messageKeyAt(opts.key.key, opts.seqNo);
  if (!mk.ok) return mk;
  const header = create(HRHeaderSchema, {
    deprecatedKeyId: Number(BigInt.asUintN(64, opts.key.timestamp) % UINT32_RANGE),
    seqNo: opts.seqNo,
    groupId: opts.key.groupId,
    keyId: hashRatchetKeyId(opts.key),
  });
  const payload = symmetricEncrypt(mk.value, opts.plaintext, opts.random);
  return ok(create(EncryptedMessageProtocolSchema, { HRHeader: header, payload }));
}

/** Decrypts an HR entry with the key its header names (the caller looks the key up by key id). */
export function hashRatchetDecrypt(msg: EncryptedMessageProtocol, key: Uint8Array): Result<Uint8Array, HashRatchetError> {
  const header = msg.HRHeader;
  if (header === undefined) return err('HR_NO_HEADER');
  if (header.seqNo === 0) return err('HR_KEY_DISTRIBUTION');
  const mk = messageKeyAt(key, header.seqNo);
  if (!mk.ok) return mk;
  const plain = symmetricDecrypt(mk.value, msg.payload);
  return plain.ok ? plain : err('HR_DECRYPT_FAILED');
}
