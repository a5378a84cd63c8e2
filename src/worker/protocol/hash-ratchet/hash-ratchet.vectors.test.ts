import { describe, expect, it } from 'vitest';
import { utf8ToBytes } from '../../../lib/shared/bytes.ts';
import { hex, loadVectors, toHex } from '../test-support/vectors.ts';
import { hashRatchetKeyId } from './hash-ratchet.ts';

const v = loadVectors().hash_ratchet;

describe('hash_ratchet vectors', () => {
  it('hash_ratchet', () => {
    const groupId = utf8ToBytes(v.group_id_utf8);
    expect(toHex(groupId)).toBe(v.group_id_hex);
    expect(toHex(hashRatchetKeyId({ groupId, timestamp: BigInt(v.timestamp), key: hex(v.key) }))).toBe(v.key_id);
  });
});
