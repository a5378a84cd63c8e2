/**
 * BER-TLV and response templates: real-shaped responses parse, malformed ones give typed errors
 * (a table), and no input at all makes a parser throw (fast-check).
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { hexToBytes, bytesToHex, concatBytes } from '../../lib/shared/bytes.ts';
import { parseTlvList, parseSingle, parseTemplate, encodeTlv } from './tlv.ts';
import { parseApplicationInfo, parseApplicationStatus, parseExportedPrivateKey, parseExportedPublicKey, parseSignResponse } from './commands.ts';
import { parseResponse, statusError, parseKeyPath, encodeKeyPath, encodeCommand, command } from './apdu.ts';
import { publicKeyOf } from '../crypto/secp256k1.ts';

const PRIV = hexToBytes('4646464646464646464646464646464646464646464646464646464646464646');
const PUB = publicKeyOf(PRIV, false);
const UID = hexToBytes('00112233445566778899aabbccddeeff');
const KEY_UID = new Uint8Array(32).fill(0xab);

function selectV1(overrides: Partial<Record<'uid' | 'pub' | 'version' | 'slots' | 'keyUid' | 'caps', Uint8Array>> = {}): Uint8Array {
  return encodeTlv(
    0xa4,
    concatBytes(
      encodeTlv(0x8f, overrides.uid ?? UID),
      encodeTlv(0x80, overrides.pub ?? PUB),
      encodeTlv(0x02, overrides.version ?? Uint8Array.of(3, 1)),
      encodeTlv(0x02, overrides.slots ?? Uint8Array.of(4)),
      encodeTlv(0x8e, overrides.keyUid ?? KEY_UID),
      encodeTlv(0x8d, overrides.caps ?? Uint8Array.of(0x0f)),
    ),
  );
}

describe('BER-TLV', () => {
  it('parses short and 0x81/0x82 long lengths, and encodes minimally', () => {
    const long = new Uint8Array(200).fill(1);
    const longer = new Uint8Array(300).fill(2);
    const list = parseTlvList(concatBytes(encodeTlv(0x80, Uint8Array.of(1, 2)), encodeTlv(0x81, long), encodeTlv(0x82, longer)));
    expect(list.ok).toBe(true);
    if (!list.ok) return;
    expect(list.value.map((t) => [t.tag, t.value.length])).toEqual([
      [0x80, 2],
      [0x81, 200],
      [0x82, 300],
    ]);
    expect(bytesToHex(encodeTlv(0x81, long).subarray(0, 3))).toBe('8181c8');
    expect(bytesToHex(encodeTlv(0x82, longer).subarray(0, 4))).toBe('8282012c');
  });

  const malformed: [string, string, string][] = [
    ['empty single', '', 'tlv_empty'],
    ['tag without length', '80', 'tlv_truncated_header'],
    ['value shorter than length', '8003aabb', 'tlv_truncated_value'],
    ['0x81 without its length byte', '8081', 'tlv_truncated_header'],
    ['non-minimal 0x81 length', '80810100', 'tlv_bad_length'],
    ['non-minimal 0x82 length', '8082000100', 'tlv_bad_length'],
    ['indefinite length 0x80', '8080', 'tlv_bad_length'],
    ['0x83 length form', '808300000100', 'tlv_bad_length'],
    ['multi-byte tag', '1f0100', 'tlv_unexpected_tag:1f'],
    ['trailing bytes after the template', 'a40000', 'tlv_trailing_bytes'],
    ['wrong outer tag', 'a30100', 'tlv_unexpected_tag:a3'],
    ['child truncated inside the template', 'a403800501', 'tlv_truncated_value'],
  ];
  it.each(malformed)('%s → keycard/malformed_response (%s)', (_name, hex, detail) => {
    const r = parseTemplate(hexToBytes(hex), 0xa4);
    expect(r).toEqual({ ok: false, error: { code: 'keycard/malformed_response', detail } });
  });

  it('parseSingle requires the exact tag and no trailing bytes', () => {
    expect(parseSingle(hexToBytes('800101'), 0x80).ok).toBe(true);
    expect(parseSingle(hexToBytes('80010100'), 0x80).ok).toBe(false);
  });
});

describe('response templates', () => {
  it('SELECT v1 Application Info', () => {
    const r = parseApplicationInfo(selectV1());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ initialised: true, secureChannel: 1, version: { major: 3, minor: 1 }, freePairingSlots: 4, capabilities: 0x0f });
    expect(bytesToHex(r.value.instanceUid!)).toBe(bytesToHex(UID));
    expect(bytesToHex(r.value.secureChannelPublicKey!)).toBe(bytesToHex(PUB));
  });

  it('SELECT of an uninitialised card (bare 80 pubkey)', () => {
    const r = parseApplicationInfo(encodeTlv(0x80, PUB));
    expect(r.ok && r.value.initialised).toBe(false);
  });

  it('SELECT v2 Application Info', () => {
    const cert = new Uint8Array(98).fill(3);
    const body = concatBytes(encodeTlv(0x02, Uint8Array.of(4, 0)), encodeTlv(0x8c, Uint8Array.of(0x13)), encodeTlv(0x8e, KEY_UID), encodeTlv(0x8d, Uint8Array.of(0x0f)), encodeTlv(0x8a, cert));
    const r = parseApplicationInfo(encodeTlv(0xa4, body));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ initialised: true, secureChannel: 2, cardStatus: 0x13 });
    expect(r.value.certificate!.length).toBe(98);
  });

  const badSelect: [string, Uint8Array, string][] = [
    ['instance UID of 15 bytes', selectV1({ uid: new Uint8Array(15) }), 'select_instance_uid'],
    ['public key not on the curve', selectV1({ pub: Uint8Array.of(4, ...new Uint8Array(64)) }), 'select_public_key'],
    ['version of 1 byte', selectV1({ version: Uint8Array.of(3) }), 'select_version'],
    ['free slots of 2 bytes', selectV1({ slots: Uint8Array.of(0, 4) }), 'select_free_slots'],
    ['key UID of 31 bytes', selectV1({ keyUid: new Uint8Array(31) }), 'select_key_uid'],
    ['capabilities of 2 bytes', selectV1({ caps: Uint8Array.of(1, 2) }), 'select_capabilities'],
  ];
  it.each(badSelect)('SELECT with %s → keycard/malformed_response', (_n, data, detail) => {
    expect(parseApplicationInfo(data)).toEqual({ ok: false, error: { code: 'keycard/malformed_response', detail } });
  });

  it('SELECT of an applet older than 3.0 → keycard/unsupported_version', () => {
    expect(parseApplicationInfo(selectV1({ version: Uint8Array.of(2, 2) }))).toEqual({ ok: false, error: { code: 'keycard/unsupported_version', detail: '2.2' } });
  });

  it('GET STATUS', () => {
    expect(parseApplicationStatus(hexToBytes('a309020103020105010100'))).toEqual({ ok: true, value: { pinRetries: 3, pukRetries: 5, keyInitialised: false } });
    expect(parseApplicationStatus(hexToBytes('a3060201030201'))).toEqual({ ok: false, error: { code: 'keycard/malformed_response', detail: 'tlv_truncated_value' } });
    expect(parseApplicationStatus(hexToBytes('a306020103020105'))).toEqual({ ok: false, error: { code: 'keycard/malformed_response', detail: 'status_key_initialised' } });
  });

  it('EXPORT KEY private + public, public only; mismatched public key refused', () => {
    const both = parseExportedPrivateKey(encodeTlv(0xa1, concatBytes(encodeTlv(0x80, PUB), encodeTlv(0x81, PRIV))));
    expect(both.ok && bytesToHex(both.value.publicKey)).toBe(bytesToHex(PUB));
    const privOnly = parseExportedPrivateKey(encodeTlv(0xa1, encodeTlv(0x81, PRIV)));
    expect(privOnly.ok && bytesToHex(privOnly.value.publicKey)).toBe(bytesToHex(PUB));
    const otherPub = publicKeyOf(new Uint8Array(32).fill(9), false);
    expect(parseExportedPrivateKey(encodeTlv(0xa1, concatBytes(encodeTlv(0x80, otherPub), encodeTlv(0x81, PRIV))))).toEqual({
      ok: false,
      error: { code: 'keycard/malformed_response', detail: 'export_public_key_mismatch' },
    });
    expect(parseExportedPrivateKey(encodeTlv(0xa1, encodeTlv(0x81, new Uint8Array(32))))).toMatchObject({ ok: false, error: { detail: 'export_private_key' } });
    expect(parseExportedPublicKey(encodeTlv(0xa1, encodeTlv(0x80, PUB))).ok).toBe(true);
    expect(parseExportedPublicKey(encodeTlv(0xa1, encodeTlv(0x81, PRIV))).ok).toBe(false);
  });

  it('SIGN template with DER integers (leading zero stripped; negative refused)', () => {
    const r = Uint8Array.of(0x00, 0x80, ...new Uint8Array(31).fill(1));
    const s = Uint8Array.of(0x05);
    const ok = parseSignResponse(encodeTlv(0xa0, concatBytes(encodeTlv(0x80, PUB), encodeTlv(0x30, concatBytes(encodeTlv(0x02, r), encodeTlv(0x02, s))))));
    expect(ok.ok).toBe(true);
    if (ok.ok) {
      expect(ok.value.r.length).toBe(32);
      expect(bytesToHex(ok.value.s)).toBe('05');
    }
    const negative = parseSignResponse(encodeTlv(0xa0, concatBytes(encodeTlv(0x80, PUB), encodeTlv(0x30, concatBytes(encodeTlv(0x02, Uint8Array.of(0x80)), encodeTlv(0x02, s))))));
    expect(negative).toEqual({ ok: false, error: { code: 'keycard/malformed_response', detail: 'sign_ecdsa_integers' } });
    const missing = parseSignResponse(encodeTlv(0xa0, encodeTlv(0x80, PUB)));
    expect(missing).toEqual({ ok: false, error: { code: 'keycard/malformed_response', detail: 'tlv_missing_tag:sign_ecdsa' } });
  });

  it('no parser throws on arbitrary bytes, and every failure is a typed keycard error', () => {
    const parsers = [
      (b: Uint8Array) => parseTlvList(b),
      (b: Uint8Array) => parseTemplate(b, 0xa4),
      (b: Uint8Array) => parseApplicationInfo(b),
      (b: Uint8Array) => parseApplicationStatus(b),
      (b: Uint8Array) => parseExportedPrivateKey(b),
      (b: Uint8Array) => parseExportedPublicKey(b),
      (b: Uint8Array) => parseSignResponse(b),
      (b: Uint8Array) => parseResponse(b),
    ];
    // Random bytes, and random bytes behind a plausible template header (so parsing goes deeper).
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.tuple(fc.constantFrom(0xa0, 0xa1, 0xa3, 0xa4, 0x80), fc.uint8Array({ maxLength: 260 })).map(([tag, body]) => encodeTlv(tag, body)),
      fc.tuple(fc.constantFrom(0xa0, 0xa1, 0xa3, 0xa4), fc.array(fc.tuple(fc.constantFrom(0x02, 0x30, 0x80, 0x81, 0x8e, 0x8f, 0x8d, 0x01), fc.uint8Array({ maxLength: 70 })), { maxLength: 7 })).map(([tag, kids]) =>
        encodeTlv(tag, concatBytes(...kids.map(([t, v]) => encodeTlv(t, v)))),
      ),
    );
    fc.assert(
      fc.property(input, (bytes) => {
        for (const p of parsers) {
          const r = p(bytes);
          if (!r.ok) expect(r.error.code).toMatch(/^keycard\//);
        }
      }),
      { numRuns: 1500 },
    );
  });
});

describe('APDUs and status words', () => {
  it('encodes case 1 and case 3 commands', () => {
    expect(bytesToHex(encodeCommand(command(0x80, 0xf2, 0, 0)))).toBe('80f20000');
    expect(bytesToHex(encodeCommand(command(0x80, 0x20, 0, 0, Uint8Array.of(0x31, 0x32))))).toBe('8020000002' + '3132');
    expect(() => encodeCommand(command(0x80, 0x20, 0, 0, new Uint8Array(256)))).toThrow(RangeError);
  });

  it('maps status words to typed errors', () => {
    expect(statusError(0x63c2)).toEqual({ ok: false, error: { code: 'keycard/wrong_pin', triesLeft: 2 } });
    expect(statusError(0x63c0)).toEqual({ ok: false, error: { code: 'keycard/pin_blocked', triesLeft: 0 } });
    expect(statusError(0x6982).error.code).toBe('keycard/security_status');
    expect(statusError(0x6985).error.code).toBe('keycard/conditions_not_satisfied');
    expect(statusError(0x6a80).error.code).toBe('keycard/wrong_data');
    expect(statusError(0x6a82).error.code).toBe('keycard/applet_not_found');
    expect(statusError(0x6a84).error.code).toBe('keycard/no_free_pairing_slot');
    expect(statusError(0x6a86).error.code).toBe('keycard/wrong_p1p2');
    expect(statusError(0x6a88).error.code).toBe('keycard/data_not_found');
    expect(statusError(0x6f00)).toEqual({ ok: false, error: { code: 'keycard/unexpected_status', detail: '6f00' } });
    expect(parseResponse(Uint8Array.of(0x90))).toEqual({ ok: false, error: { code: 'keycard/malformed_response', detail: 'apdu_too_short' } });
  });

  it('parses and encodes key paths', () => {
    const p = parseKeyPath("m/43'/60'/1581'/0'/0");
    expect(p.ok && bytesToHex(encodeKeyPath(p.value))).toBe('8000002b' + '8000003c' + '8000062d' + '80000000' + '00000000');
    for (const bad of ['', 'm', "m/1''", 'm/-1', 'm/01', 'm/2147483648', 'n/1', 'm/1/2/3/4/5/6/7/8/9/10/11', 'm//1']) {
      expect(parseKeyPath(bad)).toEqual({ ok: false, error: { code: 'keycard/invalid_argument', detail: 'path' } });
    }
  });
});
