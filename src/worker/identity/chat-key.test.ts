/** §1.2 chat keys: round trips over random keys, every accepted form, a table of bad inputs. */
import { base58 } from '@scure/base';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex, concatBytes } from '../../lib/shared/bytes.ts';
import { normalizePublicKey } from '../crypto/secp256k1.ts';
import {
  CHAT_KEY_LENGTH, CHAT_KEY_START, decodeChatKey, encodeChatKey, isChatKey, toPkHex,
} from './chat-key.ts';
import { IdentityArgumentError, type ChatKeyErrorCode } from './errors.ts';
import { publicKeyArb } from './_keys.test-support.ts';

const hex = bytesToHex;
const E701 = Uint8Array.of(0xe7, 0x01);
/** The §1.2 vector key, so the table rows are real keys with one thing broken. */
const COMPRESSED = '03deaafa03e3a646e54a36ec3f6968c1d3686847d88420f00c0ab6ee517ee18933';
const CHAT_KEY = 'zQ3shudJrBctPznsRLvbsCtvZFTdi3b34uzYDuqE9Wq9m9T1C';
const compressedBytes = Uint8Array.from(Buffer.from(COMPRESSED, 'hex'));

describe('round trips (fast-check)', () => {
  it('decode(encode(P)) = uncompressed P, and every chat key is zQ3sh… of 49 characters', () => {
    fc.assert(
      fc.property(publicKeyArb, (pub) => {
        const key = encodeChatKey(pub);
        const decoded = decodeChatKey(key);
        return key.startsWith(CHAT_KEY_START) && key.length === CHAT_KEY_LENGTH && decoded.ok &&
          hex(decoded.value) === hex(normalizePublicKey(pub, false));
      }),
    );
  });

  it('all accepted textual forms of one key decode to the same key', () => {
    fc.assert(
      fc.property(publicKeyArb, (pub) => {
        const c = normalizePublicKey(pub, true);
        const u = normalizePublicKey(pub, false);
        const forms = [
          encodeChatKey(pub), `0x${hex(c)}`, `0x${hex(u)}`, `0x${hex(u).toUpperCase()}`, `0xe701${hex(c)}`,
          `f${hex(concatBytes(E701, c))}`, `z${base58.encode(concatBytes(E701, u))}`, toPkHex(pub),
        ];
        return forms.every((f) => {
          const r = decodeChatKey(f);
          return r.ok && hex(r.value) === hex(u);
        });
      }),
    );
  });

  it('decodeChatKey never throws, whatever the text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => typeof decodeChatKey(s).ok === 'boolean'));
    fc.assert(fc.property(fc.string().map((s) => `z${s}`), (s) => typeof decodeChatKey(s).ok === 'boolean'));
  });

  it('toPkHex is "0x" + 130 lowercase hex digits starting 04 (§0)', () => {
    fc.assert(fc.property(publicKeyArb, (pub) => /^0x04[0-9a-f]{128}$/.test(toPkHex(pub))));
  });
});

describe('decodeChatKey rejects', () => {
  const notOnCurve = `0x04${'00'.repeat(31)}01${'00'.repeat(31)}01`; // (1, 1): 1 ≠ 1 + 7
  const table: [string, string, ChatKeyErrorCode][] = [
    ['the empty string', '', 'chat_key/empty'],
    ['uppercase Z (base58flickr)', `Z${CHAT_KEY.slice(1)}`, 'chat_key/unsupported_prefix'],
    ['uppercase 0X', `0X${COMPRESSED}`, 'chat_key/unsupported_prefix'],
    ['hex without any prefix', COMPRESSED, 'chat_key/unsupported_prefix'],
    ['multibase base64 (m)', `m${Buffer.from(concatBytes(E701, compressedBytes)).toString('base64')}`, 'chat_key/unsupported_prefix'],
    ['a leading space', ` ${CHAT_KEY}`, 'chat_key/unsupported_prefix'],
    ['an emoji', '🔑', 'chat_key/unsupported_prefix'],
    ['base58 with 0 (not in the alphabet)', `${CHAT_KEY.slice(0, 10)}0${CHAT_KEY.slice(11)}`, 'chat_key/bad_encoding'],
    ['base58 with l (not in the alphabet)', `${CHAT_KEY.slice(0, 10)}l${CHAT_KEY.slice(11)}`, 'chat_key/bad_encoding'],
    ['a trailing newline', `${CHAT_KEY}\n`, 'chat_key/bad_encoding'],
    ['odd-length hex', `0x${COMPRESSED.slice(1)}`, 'chat_key/bad_encoding'],
    ['non-hex digits', `0x${COMPRESSED.slice(0, -2)}zz`, 'chat_key/bad_encoding'],
    ['a double 0x', `0x0x${COMPRESSED}`, 'chat_key/bad_encoding'],
    ['z form without the multicodec', `z${base58.encode(compressedBytes)}`, 'chat_key/missing_multicodec'],
    ['z form with another multicodec (ed25519-pub 0xed)', `z${base58.encode(concatBytes(Uint8Array.of(0xed, 0x01), compressedBytes))}`, 'chat_key/missing_multicodec'],
    ['f form without the multicodec', `f${COMPRESSED}`, 'chat_key/missing_multicodec'],
    ['z of the bare multicodec', `z${base58.encode(E701)}`, 'chat_key/bad_sec1'],
    ['a truncated key (base58 digits shift, so the prefix breaks)', CHAT_KEY.slice(0, -1), 'chat_key/missing_multicodec'],
    ['first byte 01 (vector)', `0x01${COMPRESSED.slice(2)}`, 'chat_key/bad_sec1'],
    ['first byte 04 with 33 bytes', `0x04${COMPRESSED.slice(2)}`, 'chat_key/bad_sec1'],
    ['first byte 02 with 65 bytes', `0x02${'11'.repeat(64)}`, 'chat_key/bad_sec1'],
    ['an empty 0x', '0x', 'chat_key/bad_sec1'],
    ['a hybrid key (06 prefix)', `0x06${'11'.repeat(64)}`, 'chat_key/bad_sec1'],
    ['a 65-byte point off the curve', notOnCurve, 'chat_key/not_on_curve'],
    ['x = p (not a field element)', `0x02${'ff'.repeat(24)}fffffffefffffc2f`, 'chat_key/not_on_curve'],
  ];
  for (const [what, input, code] of table) {
    it(`${what} → ${code}`, () => {
      const r = decodeChatKey(input);
      expect(r.ok ? 'ok' : r.error.code).toBe(code);
      expect(isChatKey(input)).toBe(false);
    });
  }

  it('names the rejected prefix and the SEC1 shape in detail', () => {
    const z = decodeChatKey(`Z${CHAT_KEY.slice(1)}`);
    expect(!z.ok && z.error.detail).toBe('Z');
    const s = decodeChatKey(`0x01${COMPRESSED.slice(2)}`);
    expect(!s.ok && s.error.detail).toBe('33:01');
  });
});

describe('encodeChatKey and toPkHex reject bad bytes (bugs), naming the argument', () => {
  const bad: [string, Uint8Array][] = [
    ['empty', new Uint8Array(0)],
    ['31 bytes', new Uint8Array(31).fill(2)],
    ['multicodec-prefixed', concatBytes(E701, compressedBytes)],
    ['off the curve', Uint8Array.from(Buffer.from(`04${'00'.repeat(31)}01${'00'.repeat(31)}01`, 'hex'))],
  ];
  for (const [what, bytes] of bad) {
    it(what, () => {
      expect(() => encodeChatKey(bytes)).toThrow(IdentityArgumentError);
      expect(() => encodeChatKey(bytes)).toThrow(/^publicKey: /);
      expect(() => toPkHex(bytes)).toThrow(/^publicKey: /);
    });
  }
});
