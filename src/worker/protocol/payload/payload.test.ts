import { createCipheriv, createDecipheriv, createECDH, createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { publicKeyOf } from '../../crypto/secp256k1.ts';
import { bytesEqual, concatBytes } from '../../../lib/shared/bytes.ts';
import { hex } from '../test-support/vectors.ts';
import { ECIES_OVERHEAD, eciesDecrypt, eciesEncrypt } from './ecies.ts';
import { decodeEnvelope, encodeEnvelope, PADDING_TARGET, paddingLength, sizeFieldWidth } from './envelope.ts';
import { openAsymmetric, openSymmetric, sealAsymmetric, sealSymmetric, symmetricEncrypt } from './waku-payload.ts';

const random = (n: number): Uint8Array => crypto.getRandomValues(new Uint8Array(n));
const sender = hex('11'.repeat(32));
const recipient = hex('22'.repeat(32));
const key = hex('5a'.repeat(32));

/** A random source that replays fixed chunks in order (for known-answer tests). */
const scripted = (...chunks: Uint8Array[]) => (n: number): Uint8Array => {
  const c = chunks.shift();
  if (c === undefined || c.length !== n) throw new Error(`unexpected random(${n})`);
  return c;
};

describe('Waku v1 envelope (§2.4)', () => {
  it.each([[0, 1], [255, 1], [256, 2], [65_535, 2], [65_536, 3], [1_048_576, 3], [16_777_215, 3]])(
    'uses a %i-byte data length → %i-byte size field', (len, width) => {
      expect(sizeFieldWidth(len)).toBe(width);
    });

  it('pads signed envelopes (signature included) to a multiple of 256, never with zero padding', () => {
    // 1 + 1 + 124 + 65 = 191 → 65 bytes of padding; 1 + 1 + 189 + 65 = 256 → a full 256.
    expect(paddingLength(124, true)).toBe(65);
    expect(paddingLength(189, true)).toBe(256);
    expect(paddingLength(254, false)).toBe(256);
    fc.assert(fc.property(fc.integer({ min: 0, max: 70_000 }), fc.boolean(), (len, signed) => {
      const p = paddingLength(len, signed);
      expect(p).toBeGreaterThanOrEqual(1);
      expect(p).toBeLessThanOrEqual(PADDING_TARGET);
      expect((1 + sizeFieldWidth(len) + len + (signed ? 65 : 0) + p) % PADDING_TARGET).toBe(0);
    }));
  });

  it('round-trips data and recovers the signer', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 700 }), fc.boolean(), (data, signed) => {
      const bytes = encodeEnvelope({ data, signingKey: signed ? sender : undefined, random });
      expect(bytes.length % PADDING_TARGET).toBe(0);
      expect(bytes[0]).toBe(sizeFieldWidth(data.length) | (signed ? 4 : 0));
      const d = decodeEnvelope(bytes);
      expect(d.ok).toBe(true);
      if (!d.ok) return;
      expect(bytesEqual(d.value.data, data)).toBe(true);
      expect(d.value.signer === undefined ? undefined : bytesEqual(d.value.signer, publicKeyOf(sender, false))).toBe(signed ? true : undefined);
    }), { numRuns: 25 });
  });

  it('reads a width-0 size field as empty data, like go-waku', () => {
    const d = decodeEnvelope(new Uint8Array([0, 9, 9]));
    expect(d.ok && d.value.data.length).toBe(0);
  });

  const BAD: [string, Uint8Array, string][] = [
    ['empty', new Uint8Array(0), 'ENVELOPE_TOO_SHORT'],
    ['a size field past the end', new Uint8Array([3, 1]), 'ENVELOPE_TOO_SHORT'],
    ['a size larger than the data', new Uint8Array([1, 200, 1, 2]), 'ENVELOPE_SIZE_INVALID'],
    ['a signed flag without room for a signature', new Uint8Array(60).fill(5), 'ENVELOPE_TOO_SHORT'],
    ['an unrecoverable signature', concatBytes(new Uint8Array([5, 0]), new Uint8Array(65)), 'ENVELOPE_SIGNATURE_INVALID'],
  ];
  it.each(BAD)('rejects %s', (_n, bytes, code) => {
    expect(decodeEnvelope(bytes)).toEqual({ ok: false, error: code });
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
      expect(() => decodeEnvelope(b)).not.toThrow();
    }), { numRuns: 50 });
  });
});

describe('ECIES (§2.4)', () => {
  it('matches an independent node:crypto computation byte for byte', () => {
    const eph = hex('44'.repeat(32));
    const iv = hex('0f'.repeat(16));
    const pt = new TextEncoder().encode('status over waku, three blocks of plaintext or so....');
    const ours = eciesEncrypt(publicKeyOf(recipient, false), pt, scripted(eph, iv));

    const ecdh = createECDH('secp256k1');
    ecdh.setPrivateKey(eph);
    const z = ecdh.computeSecret(Buffer.from(publicKeyOf(recipient, false)));
    const k = createHash('sha256').update(Buffer.from([0, 0, 0, 1])).update(z).digest();
    const kM = createHash('sha256').update(k.subarray(16)).digest();
    const c = createCipheriv('aes-128-ctr', k.subarray(0, 16), iv).update(pt);
    const d = createHmac('sha256', kM).update(iv).update(c).digest();
    const expected = concatBytes(ecdh.getPublicKey(), iv, c, d);
    expect(Buffer.from(ours).toString('hex')).toBe(Buffer.from(expected).toString('hex'));
    const back = eciesDecrypt(recipient, ours);
    expect(back.ok && bytesEqual(back.value, pt)).toBe(true);
  });

  it('rejects tampering anywhere with a typed error', () => {
    const sealed = eciesEncrypt(publicKeyOf(recipient), new Uint8Array(40), random);
    fc.assert(fc.property(fc.nat(sealed.length - 1), (pos) => {
      const t = Uint8Array.from(sealed);
      t[pos]! ^= 0x80;
      const r = eciesDecrypt(recipient, t);
      expect(r.ok).toBe(false);
    }), { numRuns: 30 });
    expect(eciesDecrypt(recipient, sealed.subarray(0, ECIES_OVERHEAD - 1))).toEqual({ ok: false, error: 'ECIES_TOO_SHORT' });
    expect(eciesDecrypt(sender, sealed)).toEqual({ ok: false, error: 'ECIES_MAC_INVALID' });
  });
});

describe('sealed Waku payloads', () => {
  it('round-trips asymmetric payloads to the recipient only', () => {
    const data = new TextEncoder().encode('hello');
    const sealed = sealAsymmetric({ data, signingKey: sender, recipientPublicKey: publicKeyOf(recipient), random });
    const opened = openAsymmetric(sealed, recipient);
    expect(opened.ok && bytesEqual(opened.value.data, data)).toBe(true);
    expect(opened.ok && bytesEqual(opened.value.signer, publicKeyOf(sender, false))).toBe(true);
    expect(openAsymmetric(sealed, sender)).toEqual({ ok: false, error: 'ECIES_MAC_INVALID' });
  });

  it('round-trips symmetric payloads and matches node:crypto AES-256-GCM with the nonce last', () => {
    const data = new Uint8Array([1, 2, 3]);
    const sealed = sealSymmetric({ data, signingKey: sender, key, random });
    const opened = openSymmetric(sealed, key);
    expect(opened.ok && bytesEqual(opened.value.data, data)).toBe(true);
    const nonce = sealed.subarray(sealed.length - 12);
    const tag = sealed.subarray(sealed.length - 28, sealed.length - 12);
    const dec = createDecipheriv('aes-256-gcm', key, nonce).setAuthTag(tag);
    const envelope = Buffer.concat([dec.update(sealed.subarray(0, sealed.length - 28)), dec.final()]);
    expect(envelope.length % 256).toBe(0);
    expect(openSymmetric(sealed, hex('00'.repeat(32)))).toEqual({ ok: false, error: 'SYMMETRIC_DECRYPT_FAILED' });
  });

  it('rejects unsigned envelopes (status-go drops them)', () => {
    const unsigned = symmetricEncrypt(key, encodeEnvelope({ data: new Uint8Array([1]), random }), random);
    expect(openSymmetric(unsigned, key)).toEqual({ ok: false, error: 'ENVELOPE_UNSIGNED' });
  });

  it('never throws on garbage payloads', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (b) => {
      expect(openSymmetric(b, key).ok).toBe(false);
      const withPrefix = concatBytes(new Uint8Array([4]), b);
      expect(() => openAsymmetric(withPrefix, recipient)).not.toThrow();
    }), { numRuns: 40 });
  });
});
