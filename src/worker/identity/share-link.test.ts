/** Parley contact links `<origin>/add#<chat key>` and pasted contact text (see share-link.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../lib/shared/bytes.ts';
import { normalizePublicKey } from '../crypto/secp256k1.ts';
import { encodeChatKey, toPkHex } from './chat-key.ts';
import { IdentityArgumentError, type ChatKeyErrorCode, type ShareLinkErrorCode } from './errors.ts';
import { formatShareLink, parseShareLink, MAX_INPUT_LENGTH } from './share-link.ts';
import { publicKeyArb } from './_keys.test-support.ts';
import { keyBytes, vectors } from './_vectors.test-support.ts';

const V = vectors.chat_key.encode_decode[0]!;
const KEY = V.chat_key;
const originArb = fc.tuple(
  fc.constantFrom('https', 'http'),
  fc.domain(),
  fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
).map(([scheme, host, port]) => new URL(`${scheme}://${host}${port === undefined ? '' : `:${port}`}`).origin);

describe('formatShareLink', () => {
  it('puts the chat key in the fragment of <origin>/add', () => {
    const url = new URL(formatShareLink('https://parley.example', keyBytes(V.public_key)));
    expect([url.origin, url.pathname, url.search, url.hash]).toEqual(['https://parley.example', '/add', '', `#${KEY}`]);
    expect(formatShareLink('http://localhost:5173/', keyBytes(V.compressed))).toBe(`http://localhost:5173/add#${KEY}`);
  });

  const badOrigins = ['parley.example', 'ftp://parley.example', 'https://parley.example/app', 'https://parley.example?x=1', '', 'javascript:alert(1)'];
  for (const origin of badOrigins) {
    it(`rejects origin ${JSON.stringify(origin)}, naming it`, () => {
      expect(() => formatShareLink(origin, keyBytes(V.public_key))).toThrow(IdentityArgumentError);
      expect(() => formatShareLink(origin, keyBytes(V.public_key))).toThrow(/^origin: /);
    });
  }

  it('rejects an invalid key, naming it', () => {
    expect(() => formatShareLink('https://parley.example', new Uint8Array(33))).toThrow(/^publicKey: /);
  });
});

describe('parseShareLink round trip (fast-check)', () => {
  it('parse(format(origin, P)) gives P, its chat key, and source parley_link', () => {
    fc.assert(fc.property(originArb, publicKeyArb, (origin, pub) => {
      const r = parseShareLink(formatShareLink(origin, pub));
      return r.ok && r.value.source === 'parley_link' && r.value.chatKey === encodeChatKey(pub) &&
        bytesToHex(r.value.publicKey) === bytesToHex(normalizePublicKey(pub, false));
    }));
  });

  it('a pasted chat key or pkhex, with surrounding whitespace, gives the same key', () => {
    fc.assert(fc.property(publicKeyArb, fc.constantFrom('', ' ', '\n', '\t '), (pub, ws) => {
      return [encodeChatKey(pub), toPkHex(pub)].every((text) => {
        const r = parseShareLink(`${ws}${text}${ws}`);
        return r.ok && r.value.source === 'chat_key' && r.value.chatKey === encodeChatKey(pub);
      });
    }));
  });

  it('never throws, whatever the text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => typeof parseShareLink(s).ok === 'boolean'));
    fc.assert(fc.property(fc.webUrl({ withFragments: true, withQueryParameters: true }), (s) => typeof parseShareLink(s).ok === 'boolean'));
  });
});

describe('parseShareLink accepts', () => {
  const good: [string, string, string][] = [
    ['a Parley link', `https://parley.example/add#${KEY}`, 'parley_link'],
    ['a Parley link with a trailing slash on the path', `https://parley.example/add/#${KEY}`, 'parley_link'],
    ['a local dev link', `http://localhost:5173/add#${KEY}`, 'parley_link'],
    ['a bare chat key', KEY, 'chat_key'],
    ['pkhex', V.public_key, 'chat_key'],
    ['0x compressed', V.compressed, 'chat_key'],
    ['a Status profile link', `https://status.app/u#${KEY}`, 'status_link'],
    ['a Status profile link with encoded data', `https://status.app/u/CwSACgcKBVBhdmxvAw==#${KEY}`, 'status_link'],
  ];
  for (const [what, text, source] of good) {
    it(what, () => {
      const r = parseShareLink(text);
      expect(r.ok && [r.value.source, r.value.chatKey, toPkHex(r.value.publicKey)]).toEqual([source, KEY, V.public_key]);
    });
  }
});

describe('parseShareLink rejects', () => {
  const table: [string, string, ShareLinkErrorCode | ChatKeyErrorCode][] = [
    ['empty text', '', 'share_link/empty'],
    ['only whitespace', ' \n\t', 'share_link/empty'],
    ['a word', 'hello', 'share_link/unrecognized'],
    ['a sentence containing a key', `add me ${KEY}`, 'share_link/unrecognized'],
    ['a key followed by text', `${KEY} thanks`, 'share_link/unrecognized'],
    ['an ENS-like name', 'alice.stateofus.eth', 'share_link/unrecognized'],
    ['garbage unicode', '🙂 ☃ \u0000 \ud800', 'share_link/unrecognized'],
    ['something too long', `${KEY}${'1'.repeat(MAX_INPUT_LENGTH)}`, 'share_link/unrecognized'],
    ['a malformed URL', 'https://', 'share_link/unrecognized'],
    ['another path', `https://parley.example/chat#${KEY}`, 'share_link/unsupported_url'],
    ['a key in the query, not the fragment', `https://parley.example/add?key=${KEY}`, 'share_link/missing_key'],
    ['a javascript: URL', `javascript://parley.example/add#${KEY}`, 'share_link/unsupported_url'],
    ['an ftp URL', `ftp://parley.example/add#${KEY}`, 'share_link/unsupported_url'],
    ['a Status community link', `https://status.app/c/abc#${KEY}`, 'share_link/unsupported_url'],
    ['a Status link on another host', `https://status.app.evil.example/u#${KEY}`, 'share_link/unsupported_url'],
    ['a link without fragment', 'https://parley.example/add', 'share_link/missing_key'],
    ['a link with an empty fragment', 'https://parley.example/add#', 'share_link/missing_key'],
    ['a link to garbage', 'https://parley.example/add#garbage', 'chat_key/unsupported_prefix'],
    ['a link to a broken key', `https://parley.example/add#${KEY.slice(0, 20)}0${KEY.slice(21)}`, 'chat_key/bad_encoding'],
    ['a Status ENS link', 'https://status.app/u#alice.stateofus.eth', 'chat_key/unsupported_prefix'],
    ['an uppercase Z key', `Z${KEY.slice(1)}`, 'chat_key/unsupported_prefix'],
    ['the §1.2 invalid SEC1 vector', vectors.chat_key.decode_invalid[1]!.input, 'chat_key/bad_sec1'],
    ['a truncated key', KEY.slice(0, 30), 'chat_key/missing_multicodec'],
  ];
  for (const [what, text, code] of table) {
    it(`${what} → ${code}`, () => {
      const r = parseShareLink(text);
      expect(r.ok ? 'ok' : r.error.code).toBe(code);
    });
  }
});
