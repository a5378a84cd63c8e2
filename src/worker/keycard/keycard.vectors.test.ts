/** The `keycard` vectors of test/vectors/public.json (status-protocol.md §12.3), one `it` each. */
import { describe, it, expect } from 'vitest';
import { vectors } from '../identity/_vectors.test-support.ts';
import { hexToBytes, bytesToHex } from '../../lib/shared/bytes.ts';
import { deriveSessionKeysV1, encryptV1, decryptV1 } from './secure-channel-v1.ts';

const v = vectors.keycard;

describe('keycard vectors (§12.3)', () => {
  it('derive_session_keys: OPEN SECURE CHANNEL response → salt, IV; sha512 → encKey, macKey', () => {
    const d = v.derive_session_keys;
    const response = hexToBytes(d.open_secure_channel_response);
    expect(response.length).toBe(48);
    expect(bytesToHex(response.subarray(0, 32))).toBe(d.salt);
    expect(bytesToHex(response.subarray(32, 48))).toBe(d.iv);
    const keys = deriveSessionKeysV1(hexToBytes(d.shared_secret), hexToBytes(d.pairing_key), response.subarray(0, 32));
    expect(bytesToHex(keys.encKey)).toBe(d.enc_key);
    expect(bytesToHex(keys.macKey)).toBe(d.mac_key);
  });

  it('encrypt_data: AES-256-CBC with ISO/IEC 9797-1 method 2 padding, and back', () => {
    const e = v.encrypt_data;
    expect(e.padding).toBe('ISO/IEC 9797-1 method 2');
    const ct = encryptV1(hexToBytes(e.enc_key), hexToBytes(e.iv), hexToBytes(e.plaintext));
    expect(bytesToHex(ct)).toBe(e.ciphertext);
    expect(bytesToHex(decryptV1(hexToBytes(e.enc_key), hexToBytes(e.iv), ct)!)).toBe(e.plaintext);
  });
});
