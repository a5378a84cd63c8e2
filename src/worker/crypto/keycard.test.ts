/**
 * Keycard crypto primitives: AES-CCM against published vectors (RFC 3610 packet vector #1, NIST
 * SP 800-38C example 1) and against Node's OpenSSL AES-CCM as an independent oracle; raw AES-CBC
 * and CBC-MAC against OpenSSL; the pairing KDF against OpenSSL PBKDF2; signature helpers.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { createCipheriv, pbkdf2Sync } from 'node:crypto';
import { hexToBytes, bytesToHex } from '../../lib/shared/bytes.ts';
import { aesCcmEncrypt, aesCcmDecrypt, aesCbcEncryptRaw, aesCbcDecryptRaw, aesCbcMac, keycardPairingSecret, recoverableSignature, verifyDerSignature } from './keycard.ts';
import { publicKeyOf, signDigest } from './secp256k1.ts';
import { sha256 } from './hashes.ts';
import { privateKeyArb } from '../identity/_keys.test-support.ts';
import { derOfSignature } from './_der.test-support.ts';

function opensslCcm(key: Uint8Array, nonce: Uint8Array, plain: Uint8Array, tagLength: number, aad?: Uint8Array): Uint8Array {
  const algo = `aes-${key.length * 8}-ccm` as 'aes-128-ccm';
  const c = createCipheriv(algo, key, nonce, { authTagLength: tagLength });
  if (aad && aad.length > 0) c.setAAD(aad, { plaintextLength: plain.length });
  const body = c.update(plain);
  c.final();
  return new Uint8Array([...body, ...c.getAuthTag()]);
}

describe('AES-CCM', () => {
  it('RFC 3610 packet vector #1 (M = 8, L = 2, 8 bytes of AAD)', () => {
    const key = hexToBytes('c0c1c2c3c4c5c6c7c8c9cacbcccdcecf');
    const nonce = hexToBytes('00000003020100a0a1a2a3a4a5');
    const aad = hexToBytes('0001020304050607');
    const plain = hexToBytes('08090a0b0c0d0e0f101112131415161718191a1b1c1d1e');
    const sealed = aesCcmEncrypt(key, nonce, plain, 8, aad);
    expect(bytesToHex(sealed)).toBe('588c979a61c663d2f066d0c2c0f989806d5f6b61dac384' + '17e8d12cfdf926e0');
    expect(bytesToHex(aesCcmDecrypt(key, nonce, sealed, 8, aad)!)).toBe(bytesToHex(plain));
    const bad = sealed.slice();
    bad[bad.length - 1]! ^= 1;
    expect(aesCcmDecrypt(key, nonce, bad, 8, aad)).toBeUndefined();
    expect(aesCcmDecrypt(key, nonce, sealed, 8, new Uint8Array(0))).toBeUndefined();
  });

  it('NIST SP 800-38C example 1 (Tlen 32, Nlen 56, 8 bytes of AAD)', () => {
    const key = hexToBytes('404142434445464748494a4b4c4d4e4f');
    const nonce = hexToBytes('10111213141516');
    const aad = hexToBytes('0001020304050607');
    const sealed = aesCcmEncrypt(key, nonce, hexToBytes('20212223'), 4, aad);
    expect(bytesToHex(sealed)).toBe('7162015b' + '4dac255d');
  });

  it('matches OpenSSL for the Keycard v2 shape (AES-128, 13-byte nonce, 8-byte tag, no AAD) and round-trips', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ minLength: 13, maxLength: 13 }), fc.uint8Array({ maxLength: 300 }), (key, nonce, plain) => {
        const ours = aesCcmEncrypt(key, nonce, plain, 8);
        expect(bytesToHex(ours)).toBe(bytesToHex(opensslCcm(key, nonce, plain, 8)));
        expect(bytesToHex(aesCcmDecrypt(key, nonce, ours, 8)!)).toBe(bytesToHex(plain));
      }),
      { numRuns: 200 },
    );
  });

  it('matches OpenSSL across nonce lengths, tag lengths, key sizes and AAD', () => {
    const params = fc.record({
      key: fc.constantFrom(16, 32).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
      nonce: fc.integer({ min: 7, max: 13 }).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
      tag: fc.constantFrom(4, 6, 8, 10, 12, 14, 16),
      aad: fc.uint8Array({ maxLength: 40 }),
      plain: fc.uint8Array({ maxLength: 100 }),
    });
    fc.assert(
      fc.property(params, ({ key, nonce, tag, aad, plain }) => {
        expect(bytesToHex(aesCcmEncrypt(key, nonce, plain, tag, aad))).toBe(bytesToHex(opensslCcm(key, nonce, plain, tag, aad)));
      }),
      { numRuns: 150 },
    );
  });

  it('rejects any single flipped bit and short input', () => {
    const key = new Uint8Array(16).fill(7);
    const nonce = new Uint8Array(13).fill(1);
    const sealed = aesCcmEncrypt(key, nonce, Uint8Array.of(1, 2, 3, 4, 5, 0x90, 0x00), 8);
    for (let i = 0; i < sealed.length * 8; i++) {
      const bad = sealed.slice();
      bad[i >> 3]! ^= 1 << (i & 7);
      expect(aesCcmDecrypt(key, nonce, bad, 8)).toBeUndefined();
    }
    expect(aesCcmDecrypt(key, nonce, sealed.subarray(0, 7), 8)).toBeUndefined();
    expect(() => aesCcmEncrypt(key, new Uint8Array(6), new Uint8Array(1), 8)).toThrow(RangeError);
    expect(() => aesCcmEncrypt(key, nonce, new Uint8Array(1), 5)).toThrow(RangeError);
  });
});

describe('AES-CBC without padding and CBC-MAC', () => {
  it('match OpenSSL aes-256-cbc with padding disabled', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.integer({ min: 1, max: 8 }), fc.uint8Array({ minLength: 128, maxLength: 128 }), (key, iv, blocks, pool) => {
        const data = pool.subarray(0, blocks * 16);
        const c = createCipheriv('aes-256-cbc', key, iv);
        c.setAutoPadding(false);
        const expected = new Uint8Array([...c.update(data), ...c.final()]);
        const ours = aesCbcEncryptRaw(key, iv, data);
        expect(bytesToHex(ours)).toBe(bytesToHex(expected));
        expect(bytesToHex(aesCbcDecryptRaw(key, iv, ours))).toBe(bytesToHex(data));
        expect(bytesToHex(aesCbcMac(key, data))).toBe(bytesToHex(aesCbcEncryptRaw(key, new Uint8Array(16), data).subarray(-16)));
      }),
      { numRuns: 100 },
    );
  });

  it('refuse partial blocks and wrong key/IV sizes (bugs in our own code)', () => {
    expect(() => aesCbcEncryptRaw(new Uint8Array(32), new Uint8Array(16), new Uint8Array(15))).toThrow(RangeError);
    expect(() => aesCbcEncryptRaw(new Uint8Array(31), new Uint8Array(16), new Uint8Array(16))).toThrow(RangeError);
    expect(() => aesCbcMac(new Uint8Array(32), new Uint8Array(0))).toThrow(RangeError);
  });
});

describe('pairing password KDF', () => {
  it('is PBKDF2-HMAC-SHA256(NFKD(password), salt, 50 000, 32), as OpenSSL computes it', () => {
    for (const pw of ['KeycardDefaultPairing', 'KeycardTest']) {
      const expected = pbkdf2Sync(pw, 'Keycard Pairing Password Salt', 50_000, 32, 'sha256');
      expect(bytesToHex(keycardPairingSecret(pw))).toBe(expected.toString('hex'));
    }
  });

  it('normalises to NFKD: composed and decomposed spellings give one secret', () => {
    const composed = 'caf\u00e9 \ufb01';
    const decomposed = 'cafe\u0301 fi';
    expect(bytesToHex(keycardPairingSecret(composed))).toBe(bytesToHex(keycardPairingSecret(decomposed)));
    expect(bytesToHex(keycardPairingSecret(composed))).toBe(pbkdf2Sync(decomposed, 'Keycard Pairing Password Salt', 50_000, 32, 'sha256').toString('hex'));
  });
});

describe('card signatures', () => {
  it('recoverableSignature finds v, normalises a high s, and refuses the wrong key', () => {
    const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    fc.assert(
      fc.property(privateKeyArb, privateKeyArb, fc.uint8Array({ minLength: 32, maxLength: 32 }), (k, other, digest) => {
        const sig = signDigest(digest, k);
        const pub = publicKeyOf(k, false);
        const r = sig.subarray(0, 32);
        const s = sig.subarray(32, 64);
        expect(bytesToHex(recoverableSignature(digest, r, s, pub)!)).toBe(bytesToHex(sig));
        let sv = 0n;
        for (const b of s) sv = (sv << 8n) | BigInt(b);
        const high = hexToBytes((N - sv).toString(16).padStart(64, '0'));
        expect(bytesToHex(recoverableSignature(digest, r, high, pub)!)).toBe(bytesToHex(sig));
        expect(recoverableSignature(digest, r, s, publicKeyOf(other, false))).toBeUndefined();
      }),
      { numRuns: 30 },
    );
    expect(recoverableSignature(new Uint8Array(32), new Uint8Array(32), Uint8Array.of(1), publicKeyOf(new Uint8Array(32).fill(1), false))).toBeUndefined();
  });

  it('verifyDerSignature accepts a DER signature and rejects garbage', () => {
    const k = sha256(Uint8Array.of(1));
    const digest = sha256(Uint8Array.of(2));
    const sig = signDigest(digest, k);
    const der = derOfSignature(sig);
    expect(verifyDerSignature(digest, der, publicKeyOf(k, true))).toBe(true);
    expect(verifyDerSignature(sha256(Uint8Array.of(3)), der, publicKeyOf(k, true))).toBe(false);
    expect(verifyDerSignature(digest, der.subarray(1), publicKeyOf(k, true))).toBe(false);
    expect(verifyDerSignature(digest, new Uint8Array(0), publicKeyOf(k, true))).toBe(false);
  });
});
