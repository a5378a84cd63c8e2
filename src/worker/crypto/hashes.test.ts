import { describe, expect, it } from 'vitest';
import { pbkdf2Sha256, pbkdf2Sha256Native } from './hashes.ts';
import { randomBytes } from './random.ts';

describe('PBKDF2-HMAC-SHA256: WebCrypto against noble (the reference)', () => {
  it('RFC 7914 §11 vector (passwd / salt, c = 1, 64 bytes) on both', async () => {
    const expected = '55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783';
    const pw = new TextEncoder().encode('passwd');
    const salt = new TextEncoder().encode('salt');
    expect(Buffer.from(pbkdf2Sha256(pw, salt, 1, 64)).toString('hex')).toBe(expected);
    expect(Buffer.from(await pbkdf2Sha256Native(pw, salt, 1, 64)).toString('hex')).toBe(expected);
  });

  it('same bytes for random passwords, empty and non-empty salts, several lengths', async () => {
    for (let i = 0; i < 12; i++) {
      const pw = randomBytes(1 + (i * 7) % 90);
      const salt = i % 3 === 0 ? new Uint8Array(0) : randomBytes(i * 3);
      const len = [16, 32, 33, 64][i % 4]!;
      const iterations = 1 + i * 37;
      expect(await pbkdf2Sha256Native(pw, salt, iterations, len)).toEqual(pbkdf2Sha256(pw, salt, iterations, len));
    }
  });

  it('accepts views into a larger buffer', async () => {
    const big = randomBytes(64);
    const pw = big.subarray(5, 20);
    const salt = big.subarray(30, 40);
    expect(await pbkdf2Sha256Native(pw, salt, 100, 32)).toEqual(pbkdf2Sha256(pw, salt, 100, 32));
  });

  it('rejects a non-positive iteration count or length', async () => {
    await expect(pbkdf2Sha256Native(new Uint8Array(1), new Uint8Array(0), 0, 32)).rejects.toThrow(RangeError);
    await expect(pbkdf2Sha256Native(new Uint8Array(1), new Uint8Array(0), 1, 0)).rejects.toThrow(RangeError);
  });
});
