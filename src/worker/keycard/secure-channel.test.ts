/**
 * Secure channel v1 and v2 as pure state machines: padding, wrap/unwrap round trips with IV (or
 * counter) chaining, MAC/tag failure → typed error and a closed session, garbage never throws.
 * v2 handshake and identity-certificate checks, including signatures by the wrong key or over the
 * wrong digest. The card side here is built from the spec's formulas directly (the emulator tests the rest).
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { bytesToHex, concatBytes, utf8ToBytes } from '../../lib/shared/bytes.ts';
import { aesCcmEncrypt, aesCcmDecrypt } from '../crypto/keycard.ts';
import { sha256 } from '../crypto/hashes.ts';
import { ecdh, publicKeyOf, signDigest } from '../crypto/secp256k1.ts';
import { m2Pad, m2Unpad, SecureChannelV1, encryptV1, decryptV1, responseMacV1, commandMacV1, V1_MAX_PLAINTEXT } from './secure-channel-v1.ts';
import {
  SecureChannelV2,
  counterNonce,
  innerApdu,
  V2_TAG_BYTES,
  NONCE_COUNTER_BYTE_ORDER,
  CERT_SIGNED_DIGEST,
  HANDSHAKE_SIGNATURE,
  verifyCertificate,
  completeHandshakeV2,
  handshakeTranscript,
  deriveSessionKeysV2,
} from './secure-channel-v2.ts';
import { command } from './apdu.ts';
import { derOfSignature } from '../crypto/_der.test-support.ts';

const bytes = (n: number, v: number) => new Uint8Array(n).fill(v);

describe('ISO/IEC 9797-1 method 2 padding', () => {
  it('always adds 1–16 bytes and round-trips', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (d) => {
        const p = m2Pad(d);
        expect(p.length % 16).toBe(0);
        expect(p.length - d.length).toBeGreaterThanOrEqual(1);
        expect(p.length - d.length).toBeLessThanOrEqual(16);
        expect(bytesToHex(m2Unpad(p)!)).toBe(bytesToHex(d));
      }),
    );
    expect(m2Unpad(bytes(16, 0))).toBeUndefined();
    expect(m2Unpad(Uint8Array.of(1, 2, 3))).toBeUndefined();
    expect(m2Unpad(concatBytes(Uint8Array.of(0x80), bytes(16, 0)))).toBeUndefined();
  });
});

/** The card side of v1, straight from §12.3. */
class CardV1 {
  iv: Uint8Array;
  constructor(
    readonly encKey: Uint8Array,
    readonly macKey: Uint8Array,
    iv: Uint8Array,
  ) {
    this.iv = iv;
  }
  receive(c: { cla: number; ins: number; p1: number; p2: number; data: Uint8Array }): Uint8Array | undefined {
    const mac = c.data.subarray(0, 16);
    const enc = c.data.subarray(16);
    if (bytesToHex(commandMacV1(this.macKey, c, enc)) !== bytesToHex(mac)) return undefined;
    const plain = decryptV1(this.encKey, this.iv, enc);
    this.iv = mac.slice();
    return plain;
  }
  respond(data: Uint8Array, sw: number): Uint8Array {
    const enc = encryptV1(this.encKey, this.iv, concatBytes(data, Uint8Array.of(sw >> 8, sw & 0xff)));
    const mac = responseMacV1(this.macKey, enc);
    this.iv = mac;
    return concatBytes(mac, enc);
  }
}

describe('secure channel v1', () => {
  const keys = { encKey: bytes(32, 1), macKey: bytes(32, 2) };
  const iv0 = bytes(16, 3);

  it('wraps and unwraps a conversation with IV chaining', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.uint8Array({ maxLength: V1_MAX_PLAINTEXT }), fc.uint8Array({ maxLength: 200 }), fc.integer({ min: 0, max: 0xffff })), { minLength: 1, maxLength: 5 }), (turns) => {
        const client = new SecureChannelV1(keys, iv0);
        const card = new CardV1(keys.encKey, keys.macKey, iv0);
        for (const [cmdData, respData, sw] of turns) {
          const w = client.wrap(command(0x80, 0x20, 1, 2, cmdData));
          expect(w.ok).toBe(true);
          if (!w.ok) return;
          expect(w.value.data.length).toBe(16 + m2Pad(cmdData).length);
          expect(bytesToHex(card.receive(w.value)!)).toBe(bytesToHex(cmdData));
          const u = client.unwrap(card.respond(respData, sw));
          expect(u.ok).toBe(true);
          if (!u.ok) return;
          expect(bytesToHex(u.value.data)).toBe(bytesToHex(respData));
          expect(u.value.sw).toBe(sw);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('a flipped response byte is keycard/mac_failure and closes the session for good', () => {
    const client = new SecureChannelV1(keys, iv0);
    const card = new CardV1(keys.encKey, keys.macKey, iv0);
    const w = client.wrap(command(0x80, 0xf2, 0, 0));
    if (!w.ok) throw new Error('wrap');
    card.receive(w.value);
    const resp = card.respond(Uint8Array.of(1, 2, 3), 0x9000);
    resp[20]! ^= 0x40;
    expect(client.unwrap(resp)).toEqual({ ok: false, error: { code: 'keycard/mac_failure', detail: 'response' } });
    expect(client.closed).toBe(true);
    expect(client.wrap(command(0x80, 0xf2, 0, 0))).toEqual({ ok: false, error: { code: 'keycard/wrong_state', detail: 'secure_channel_closed' } });
  });

  it('a response from the wrong IV position (replayed) fails', () => {
    const client = new SecureChannelV1(keys, iv0);
    const card = new CardV1(keys.encKey, keys.macKey, iv0);
    const w1 = client.wrap(command(0x80, 0xf2, 0, 0));
    if (!w1.ok) throw new Error('wrap');
    card.receive(w1.value);
    const r1 = card.respond(new Uint8Array(0), 0x9000);
    expect(client.unwrap(r1).ok).toBe(true);
    const w2 = client.wrap(command(0x80, 0xf2, 0, 0));
    if (!w2.ok) throw new Error('wrap');
    // Replaying r1: its MAC still verifies (the response MAC uses a zero IV), but decryption under the
    // chained IV garbles the block, so the padding check refuses it.
    expect(client.unwrap(r1)).toEqual({ ok: false, error: { code: 'keycard/malformed_response', detail: 'secure_response_padding' } });
  });

  it('garbage responses never throw, always a typed error, and close the session', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (junk) => {
        const client = new SecureChannelV1(keys, iv0);
        client.wrap(command(0x80, 0xf2, 0, 0));
        const r = client.unwrap(junk);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(['keycard/mac_failure', 'keycard/malformed_response']).toContain(r.error.code);
        expect(client.closed).toBe(true);
      }),
    );
  });

  it('refuses plaintext above 223 bytes', () => {
    const client = new SecureChannelV1(keys, iv0);
    expect(client.wrap(command(0x80, 0x20, 0, 0, new Uint8Array(224)))).toEqual({ ok: false, error: { code: 'keycard/invalid_argument', detail: 'data_too_long' } });
  });
});

describe('secure channel v2', () => {
  const keys = { commandKey: bytes(16, 5), responseKey: bytes(16, 6) };

  it(`nonce counter is ${NONCE_COUNTER_BYTE_ORDER} in 13 bytes (UNCONFIRMED assumption, §12.4)`, () => {
    expect(bytesToHex(counterNonce(0n))).toBe('00'.repeat(13));
    expect(bytesToHex(counterNonce(0x0102n))).toBe('00'.repeat(11) + '0102');
  });

  it('SECURED APDU carries the complete inner APDU; responses decrypt under the same counter, which then advances', () => {
    const client = new SecureChannelV2(keys);
    for (let counter = 0n; counter < 3n; counter++) {
      const c = command(0x80, 0x20, 0, 0, Uint8Array.of(0x31, 0x32, 0x33, 0x34, 0x35, 0x36));
      const w = client.wrap(c);
      if (!w.ok) throw new Error('wrap');
      expect([w.value.cla, w.value.ins, w.value.p1, w.value.p2]).toEqual([0x80, 0x18, 0, 0]);
      const inner = aesCcmDecrypt(keys.commandKey, counterNonce(counter), w.value.data, V2_TAG_BYTES);
      expect(bytesToHex(inner!)).toBe(bytesToHex(innerApdu(c)));
      expect(bytesToHex(inner!)).toBe('8020000006313233343536');
      const resp = aesCcmEncrypt(keys.responseKey, counterNonce(counter), Uint8Array.of(7, 0x90, 0x00), V2_TAG_BYTES);
      const u = client.unwrap(resp);
      expect(u.ok && [bytesToHex(u.value.data), u.value.sw]).toEqual(['07', 0x9000]);
    }
    expect(bytesToHex(innerApdu(command(0x80, 0xf2, 0, 0)))).toBe('80f2000000');
  });

  it('a wrong tag is keycard/mac_failure and closes the session; garbage never throws', () => {
    const client = new SecureChannelV2(keys);
    client.wrap(command(0x80, 0xf2, 0, 0));
    const resp = aesCcmEncrypt(keys.responseKey, counterNonce(0n), Uint8Array.of(0x90, 0x00), V2_TAG_BYTES);
    resp[0]! ^= 1;
    expect(client.unwrap(resp)).toEqual({ ok: false, error: { code: 'keycard/mac_failure', detail: 'response' } });
    expect(client.closed).toBe(true);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (junk) => {
        const c = new SecureChannelV2(keys);
        const r = c.unwrap(junk);
        expect(r.ok).toBe(false);
        expect(c.closed).toBe(true);
      }),
    );
  });
});

describe('secure channel v2 handshake and identity certificate', () => {
  const ca = sha256(utf8ToBytes('test CA'));
  const identity = sha256(utf8ToBytes('card identity'));
  const identityPub = publicKeyOf(identity, true);

  function certificate(caKey = ca, digest = CERT_SIGNED_DIGEST(identityPub)): Uint8Array {
    return concatBytes(identityPub, signDigest(digest, caKey));
  }

  it('accepts a certificate from a trusted CA and returns the card identity key', () => {
    const r = verifyCertificate(certificate(), [publicKeyOf(ca, true)]);
    expect(r.ok && bytesToHex(r.value)).toBe(bytesToHex(identityPub));
  });

  it('refuses an untrusted CA, a certificate over another digest, a changed card key, and bad lengths', () => {
    const anchors = [publicKeyOf(ca, true)];
    expect(verifyCertificate(certificate(sha256(utf8ToBytes('other CA'))), anchors)).toEqual({ ok: false, error: { code: 'keycard/card_authentication_failed', detail: 'certificate_untrusted' } });
    expect(verifyCertificate(certificate(ca, sha256(concatBytes(identityPub, Uint8Array.of(0)))), anchors).ok).toBe(false);
    const other = certificate();
    other.set(publicKeyOf(sha256(utf8ToBytes('x')), true), 0);
    expect(verifyCertificate(other, anchors).ok).toBe(false);
    expect(verifyCertificate(certificate().subarray(1), anchors)).toEqual({ ok: false, error: { code: 'keycard/malformed_response', detail: 'certificate_length' } });
    const badV = certificate();
    badV[97] = 5;
    expect(verifyCertificate(badV, anchors)).toEqual({ ok: false, error: { code: 'keycard/card_authentication_failed', detail: 'certificate_signature' } });
  });

  it('derives the same keys as the card and refuses a transcript signed by another key or over another digest', () => {
    const clientEph = sha256(utf8ToBytes('client eph'));
    const clientPub = publicKeyOf(clientEph, false);
    const cardEph = sha256(utf8ToBytes('card eph'));
    const cardPub = publicKeyOf(cardEph, false);
    const salt = bytes(32, 9);
    const transcript = handshakeTranscript(salt, clientPub, cardPub);
    const good = concatBytes(cardPub, derOfSignature(signDigest(HANDSHAKE_SIGNATURE.digest(transcript), identity)));
    const keys = completeHandshakeV2(clientEph, clientPub, salt, good, identityPub);
    const cardSide = deriveSessionKeysV2(ecdh(cardEph, clientPub), salt);
    expect(keys.ok && [bytesToHex(keys.value.commandKey), bytesToHex(keys.value.responseKey)]).toEqual([bytesToHex(cardSide.commandKey), bytesToHex(cardSide.responseKey)]);

    const byStranger = concatBytes(cardPub, derOfSignature(signDigest(HANDSHAKE_SIGNATURE.digest(transcript), sha256(utf8ToBytes('stranger')))));
    expect(completeHandshakeV2(clientEph, clientPub, salt, byStranger, identityPub)).toEqual({ ok: false, error: { code: 'keycard/card_authentication_failed', detail: 'handshake_signature' } });
    const otherDigest = concatBytes(cardPub, derOfSignature(signDigest(sha256(concatBytes(transcript, Uint8Array.of(1))), identity)));
    expect(completeHandshakeV2(clientEph, clientPub, salt, otherDigest, identityPub).ok).toBe(false);
    const otherSalt = completeHandshakeV2(clientEph, clientPub, bytes(32, 8), good, identityPub);
    expect(otherSalt.ok).toBe(false);
    expect(completeHandshakeV2(clientEph, clientPub, salt, good.subarray(0, 70), identityPub)).toEqual({ ok: false, error: { code: 'keycard/malformed_response', detail: 'handshake_length' } });
  });
});
