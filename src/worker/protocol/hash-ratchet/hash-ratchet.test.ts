import { create } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keccak256 } from '../../crypto/hashes.ts';
import { bytesEqual } from '../../../lib/shared/bytes.ts';
import { EncryptedMessageProtocolSchema } from '../generated/protocol_message_pb.ts';
import { hex } from '../test-support/vectors.ts';
import { hashRatchetDecrypt, hashRatchetEncrypt, MAX_HASH_STEPS, messageKeyAt } from './hash-ratchet.ts';

const random = (n: number): Uint8Array => crypto.getRandomValues(new Uint8Array(n));
const key = { groupId: new Uint8Array([1, 2]), timestamp: 1_700_000_000_010n, key: hex('88'.repeat(32)) };

describe('hash ratchet', () => {
  it('derives k_1 = keccak256(key) and k_2 = keccak256(k_1)', () => {
    const k1 = keccak256(key.key);
    expect(messageKeyAt(key.key, 1)).toEqual({ ok: true, value: k1 });
    expect(messageKeyAt(key.key, 2)).toEqual({ ok: true, value: keccak256(k1) });
  });

  it('round-trips messages and fills the header', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), fc.integer({ min: 1, max: 50 }), (pt, seq) => {
      const e = hashRatchetEncrypt({ key, seqNo: seq, plaintext: pt, random });
      expect(e.ok).toBe(true);
      if (!e.ok) return;
      expect(e.value.HRHeader?.seqNo).toBe(seq);
      expect(e.value.HRHeader?.deprecatedKeyId).toBe(Number(key.timestamp % 2n ** 32n));
      const d = hashRatchetDecrypt(e.value, key.key);
      expect(d.ok && bytesEqual(d.value, pt)).toBe(true);
    }), { numRuns: 20 });
  });

  const BAD: [string, () => ReturnType<typeof hashRatchetDecrypt>, string][] = [
    ['no HR header', () => hashRatchetDecrypt(create(EncryptedMessageProtocolSchema), key.key), 'HR_NO_HEADER'],
    ['seq_no 0 (key distribution)', () => hashRatchetDecrypt(create(EncryptedMessageProtocolSchema, { HRHeader: { seqNo: 0 } }), key.key), 'HR_KEY_DISTRIBUTION'],
    ['a gap beyond 100 000', () => hashRatchetDecrypt(create(EncryptedMessageProtocolSchema, { HRHeader: { seqNo: MAX_HASH_STEPS + 1 } }), key.key), 'HR_SEQ_TOO_FAR'],
    ['garbage payload', () => hashRatchetDecrypt(create(EncryptedMessageProtocolSchema, { HRHeader: { seqNo: 1 }, payload: new Uint8Array(40) }), key.key), 'HR_DECRYPT_FAILED'],
  ];
  it.each(BAD)('rejects %s', (_n, f, code) => {
    expect(f()).toEqual({ ok: false, error: code });
  });
});
