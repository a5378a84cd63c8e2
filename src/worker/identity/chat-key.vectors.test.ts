/** status-protocol.md §1.2 vectors: chat_key.encode_decode and chat_key.decode_invalid. */
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../lib/shared/bytes.ts';
import { decodeChatKey, encodeChatKey, toPkHex } from './chat-key.ts';
import { keyBytes, vectors } from './_vectors.test-support.ts';

describe('chat_key.encode_decode', () => {
  for (const [i, v] of vectors.chat_key.encode_decode.entries()) {
    it(`vector ${i}: ${v.chat_key}`, () => {
      expect(encodeChatKey(keyBytes(v.public_key))).toBe(v.chat_key);
      expect(encodeChatKey(keyBytes(v.compressed))).toBe(v.chat_key);
      const decoded = decodeChatKey(v.chat_key);
      expect(decoded.ok && toPkHex(decoded.value)).toBe(v.public_key);
      expect(decoded.ok && bytesToHex(decoded.value)).toBe(v.public_key.slice(2));
      const viaMulticodecHex = decodeChatKey(`f${v.multicodec_bytes}`);
      expect(viaMulticodecHex.ok && toPkHex(viaMulticodecHex.value)).toBe(v.public_key);
      const viaBareHex = decodeChatKey(v.compressed);
      expect(viaBareHex.ok && toPkHex(viaBareHex.value)).toBe(v.public_key);
    });
  }
});

/** The vectors give a reason in English; the code we expect for each reason is ours. */
const EXPECTED_CODE: Record<string, string> = {
  ZQ3shudJrBctPznsRLvbsCtvZFTdi3b34uzYDuqE9Wq9m9T1C: 'chat_key/unsupported_prefix',
  '0x01deaafa03e3a646e54a36ec3f6968c1d3686847d88420f00c0ab6ee517ee18933': 'chat_key/bad_sec1',
};

describe('chat_key.decode_invalid', () => {
  for (const [i, v] of vectors.chat_key.decode_invalid.entries()) {
    it(`vector ${i}: ${v.reason}`, () => {
      expect(v.expect).toBe('error');
      const r = decodeChatKey(v.input);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error.code).toBe(EXPECTED_CODE[v.input]);
    });
  }
});
