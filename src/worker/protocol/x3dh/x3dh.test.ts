import { create } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { publicKeyOf } from '../../crypto/secp256k1.ts';
import { decodeProto, encodeProto } from '../codec.ts';
import { BundleSchema } from '../generated/protocol_message_pb.ts';
import type { Bundle } from '../generated/protocol_message_pb.ts';
import { keyPairFromPrivate } from '../keys.ts';
import { hex, toHex } from '../test-support/vectors.ts';
import { bundleSignatureMaterial, signBundle, verifyBundle } from './bundle.ts';
import { x3dhInitiate, x3dhRespond } from './x3dh.ts';

const ik = hex('22'.repeat(32));
const spk = keyPairFromPrivate(hex('33'.repeat(32)));
const entry = { signedPreKey: spk.publicKey, version: 1, protocolVersion: 1 };
const signed = (): Bundle =>
  signBundle({ identityPrivateKey: ik, identityPublicKey: publicKeyOf(ik), signedPreKeys: { 'inst-1': entry }, timestamp: 123n });

describe('bundles', () => {
  it('verifies a freshly signed bundle after a wire round trip', () => {
    const back = decodeProto(BundleSchema, encodeProto(BundleSchema, signed()));
    expect(back.ok && verifyBundle(back.value).ok).toBe(true);
  });

  it('sorts installation ids by UTF-8 bytes and omits a zero timestamp', () => {
    const k = { signedPreKey: new Uint8Array(33), version: 2 };
    // U+FF5E sorts before U+1F600 in UTF-16 but after it in UTF-8.
    const m = bundleSignatureMaterial({ '\u{1F600}': k, '\uFF5E': k }, 0n);
    expect(toHex(m.subarray(0, 3))).toBe('efbd9e');
    expect(toHex(m.subarray(3 + 33 + 1, 3 + 33 + 1 + 4))).toBe('f09f9880');
    expect(m.length).toBe(3 + 33 + 1 + 4 + 33 + 1);
  });

  const tamper: [string, (b: Bundle) => Bundle, string][] = [
    ['a changed timestamp', (b) => ({ ...b, timestamp: 124n }), 'BUNDLE_SIGNATURE_INVALID'],
    ['a changed version', (b) => ({ ...b, signedPreKeys: { 'inst-1': { ...b.signedPreKeys['inst-1']!, version: 2 } } }), 'BUNDLE_SIGNATURE_INVALID'],
    ['an added installation', (b) => ({ ...b, signedPreKeys: { ...b.signedPreKeys, x: b.signedPreKeys['inst-1']! } }), 'BUNDLE_SIGNATURE_INVALID'],
    ['another identity', (b) => ({ ...b, identity: publicKeyOf(hex('11'.repeat(32))) }), 'BUNDLE_SIGNATURE_INVALID'],
    ['an empty signature', (b) => ({ ...b, signature: new Uint8Array(0) }), 'BUNDLE_SIGNATURE_INVALID'],
    ['a zero signature', (b) => ({ ...b, signature: new Uint8Array(65) }), 'BUNDLE_SIGNATURE_INVALID'],
    ['a garbage identity', (b) => ({ ...b, identity: new Uint8Array([2, 1]) }), 'BUNDLE_IDENTITY_INVALID'],
    ['a changed prekey', (b) => ({ ...b, signedPreKeys: { 'inst-1': { ...b.signedPreKeys['inst-1']!, signedPreKey: new Uint8Array(3) } } }), 'BUNDLE_SIGNATURE_INVALID'],
  ];
  it.each(tamper)('rejects a bundle with %s', (_n, f, code) => {
    expect(verifyBundle(f(signed()))).toEqual({ ok: false, error: code });
  });

  it('never throws on arbitrary bundle bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 150 }), (bytes) => {
      const d = decodeProto(BundleSchema, bytes);
      if (d.ok) expect(() => verifyBundle(d.value)).not.toThrow();
    }), { numRuns: 50 });
    expect(verifyBundle(create(BundleSchema)).ok).toBe(false);
  });
});

describe('x3dh', () => {
  it('both sides agree on SK for random keys', () => {
    const key = fc.uint8Array({ minLength: 32, maxLength: 32 }).filter((b) => b.some((x) => x !== 0) && b[0]! < 0xf0);
    fc.assert(fc.property(key, key, key, key, (a, b, s, e) => {
      const i = x3dhInitiate({ identityPrivateKey: a, ephemeral: keyPairFromPrivate(e), theirIdentityKey: publicKeyOf(b), theirSignedPreKey: publicKeyOf(s) });
      const r = x3dhRespond({ identityPrivateKey: b, signedPreKeyPrivateKey: s, theirIdentityKey: publicKeyOf(a), theirEphemeralKey: publicKeyOf(e) });
      expect(i.ok && r.ok && toHex(i.value.sharedKey) === toHex(r.value)).toBe(true);
    }), { numRuns: 10 });
  });

  it('reports invalid peer keys as X3DH_INVALID_KEY', () => {
    const r = x3dhRespond({ identityPrivateKey: ik, signedPreKeyPrivateKey: spk.privateKey, theirIdentityKey: new Uint8Array(33), theirEphemeralKey: spk.publicKey });
    expect(r).toEqual({ ok: false, error: 'X3DH_INVALID_KEY' });
  });
});
