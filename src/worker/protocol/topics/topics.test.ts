import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { publicKeyOf } from '../../crypto/secp256k1.ts';
import { hex } from '../test-support/vectors.ts';
import { contactCodeChatId, contentTopic, negotiatedChatId, partitionedChatId, personalChatId, publicKeyHex } from './topics.ts';
import { int64BigEndian, wakuMessageHash } from './waku-message-hash.ts';

const alicePriv = hex('11'.repeat(32));
const bobPriv = hex('22'.repeat(32));

describe('topics', () => {
  it('derives the same negotiated chat id on both sides', () => {
    const a = negotiatedChatId(alicePriv, publicKeyOf(bobPriv, false));
    const b = negotiatedChatId(bobPriv, publicKeyOf(alicePriv, true));
    expect(a.ok && a.value).toMatch(/^[0-9a-f]{64}$/);
    expect(a).toEqual(b);
  });

  it('builds the contact-code chat id from pkhex', () => {
    const pub = publicKeyOf(bobPriv, true);
    const pk = publicKeyHex(pub);
    expect(pk.ok && pk.value).toHaveLength(132);
    expect(contactCodeChatId(pub)).toEqual({ ok: true, value: `${pk.ok ? pk.value : ''}-contact-code` });
  });

  it('accepts compressed and uncompressed keys alike', () => {
    expect(partitionedChatId(publicKeyOf(bobPriv, true))).toEqual(partitionedChatId(publicKeyOf(bobPriv, false)));
  });

  it('content topics always have the rfc26 shape', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      expect(contentTopic(s)).toMatch(/^\/waku\/1\/0x[0-9a-f]{8}\/rfc26$/);
    }));
  });

  const BAD_KEYS: [string, Uint8Array][] = [
    ['empty', new Uint8Array(0)],
    ['32 bytes', new Uint8Array(32)],
    ['33 zero bytes', new Uint8Array(33)],
    ['not on curve', hex(`04${'01'.repeat(64)}`)],
  ];
  it.each(BAD_KEYS)('rejects a %s public key with INVALID_PUBLIC_KEY', (_n, key) => {
    for (const f of [partitionedChatId, personalChatId, contactCodeChatId, publicKeyHex]) {
      expect(f(key)).toEqual({ ok: false, error: 'INVALID_PUBLIC_KEY' });
    }
    expect(negotiatedChatId(alicePriv, key)).toEqual({ ok: false, error: 'INVALID_PUBLIC_KEY' });
  });

  it('rejects an invalid own private key', () => {
    expect(negotiatedChatId(new Uint8Array(32), publicKeyOf(bobPriv))).toEqual({ ok: false, error: 'INVALID_PRIVATE_KEY' });
  });
});

describe('waku message hash', () => {
  it('encodes negative timestamps as two’s complement', () => {
    expect(Array.from(int64BigEndian(-1n))).toEqual(new Array(8).fill(255));
  });
  it('treats absent meta like empty meta', () => {
    const base = { pubsubTopic: 'p', contentTopic: 'c', payload: new Uint8Array([1]), timestamp: 5n };
    expect(wakuMessageHash(base)).toEqual(wakuMessageHash({ ...base, meta: new Uint8Array(0) }));
  });
});
