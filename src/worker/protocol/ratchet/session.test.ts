import { create } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { publicKeyOf } from '../../crypto/secp256k1.ts';
import { bytesEqual, bytesToUtf8, utf8ToBytes } from '../../../lib/shared/bytes.ts';
import { EncryptedMessageProtocolSchema } from '../generated/protocol_message_pb.ts';
import type { ProtocolMessage } from '../generated/protocol_message_pb.ts';
import { keyPairFromPrivate } from '../keys.ts';
import { hex } from '../test-support/vectors.ts';
import { signBundle, verifyBundle } from '../x3dh/bundle.ts';
import { decryptDhOnly, encryptDhOnly, NO_INSTALLATION } from './dh-only.ts';
import { fanOut, selectTargetInstallations } from './fanout.ts';
import { buildProtocolMessage, isSecretAgreed, parseProtocolMessage, selectEntry } from './protocol-message.ts';
import { sessionDecrypt, sessionEncrypt } from './session.ts';
import type { Session } from './session.ts';

const random = (n: number): Uint8Array => crypto.getRandomValues(new Uint8Array(n));
const alice = { priv: hex('11'.repeat(32)), pub: publicKeyOf(hex('11'.repeat(32))), installation: 'aaaaaaaa-0000-4000-8000-000000000001' };
const bob = { priv: hex('22'.repeat(32)), pub: publicKeyOf(hex('22'.repeat(32))), installation: 'bbbbbbbb-0000-4000-8000-000000000002' };
const bobSpk = keyPairFromPrivate(hex('33'.repeat(32)));
const bobBundle = signBundle({
  identityPrivateKey: bob.priv, identityPublicKey: bob.pub, timestamp: 1n,
  signedPreKeys: { [bob.installation]: { signedPreKey: bobSpk.publicKey, version: 1, protocolVersion: 1 } },
});

/** Alice → Bob through the full ProtocolMessage bytes; returns what each side must commit. */
function aliceSends(text: string, aliceSessions: Map<string, Session>) {
  const verified = verifyBundle(bobBundle);
  if (!verified.ok) throw new Error(verified.error);
  const out = fanOut({
    plaintext: utf8ToBytes(text), identityPrivateKey: alice.priv, theirIdentityKey: bob.pub,
    ownInstallationId: alice.installation, random,
    installations: Object.keys(verified.value.signedPreKeys).map((id) => ({ id, timestamp: 1n, enabled: true })),
    liveSessionFor: (id) => aliceSessions.get(id),
    preKeyFor: (id) => verified.value.signedPreKeys[id]?.signedPreKey,
  });
  for (const [id, s] of Object.entries(out.sessions)) aliceSessions.set(id, s);
  return buildProtocolMessage({ installationId: alice.installation, bundles: [], encryptedMessage: out.encryptedMessage });
}

function bobReceives(bytes: Uint8Array, bobSessions: Session[]) {
  const pm = parseProtocolMessage(bytes) as ProtocolMessage;
  const sel = selectEntry(pm, bob.installation);
  if (!sel.ok) throw new Error(sel.error);
  return sessionDecrypt(sel.value.entry, {
    identityPrivateKey: bob.priv, theirIdentityKey: alice.pub, theirInstallationId: pm.installationId, random,
    findSession: (id) => bobSessions.find((s) => bytesEqual(s.bundleId, id)),
    findSignedPreKey: (id) => (bytesEqual(id, bobSpk.publicKey) ? bobSpk : undefined),
  });
}

describe('sessions over ProtocolMessage', () => {
  it('runs X3DH on first contact, confirms on the first reply, then drops the X3DH header', () => {
    const aliceSessions = new Map<string, Session>();
    const first = aliceSends('hi bob', aliceSessions);
    expect(parseProtocolMessage(first)?.encryptedMessage[bob.installation]?.X3DHHeader).toBeDefined();
    const r1 = bobReceives(first, []);
    expect(r1.ok && bytesToUtf8(r1.value.plaintext)).toBe('hi bob');
    if (!r1.ok) return;
    // A second X3DH-carrying message reuses Bob's session instead of resetting it.
    const second = aliceSends('again', aliceSessions);
    const r2 = bobReceives(second, [r1.value.session]);
    expect(r2.ok && bytesToUtf8(r2.value.plaintext)).toBe('again');
    if (!r2.ok) return;
    const reply = sessionEncrypt(r2.value.session, utf8ToBytes('hi alice'));
    expect(reply.message.X3DHHeader).toBeUndefined();
    const aliceSession = aliceSessions.get(bob.installation)!;
    const r3 = sessionDecrypt(reply.message, {
      identityPrivateKey: alice.priv, theirIdentityKey: bob.pub, theirInstallationId: bob.installation, random,
      findSession: (id) => (bytesEqual(id, aliceSession.bundleId) ? aliceSession : undefined),
      findSignedPreKey: () => undefined,
    });
    expect(r3.ok && bytesToUtf8(r3.value.plaintext)).toBe('hi alice');
    if (r3.ok) expect(r3.value.session.x3dhEphemeralKey).toBeUndefined();
  });

  it('rejects an X3DH header naming an unknown prekey, and entries without DR header', () => {
    const bytes = aliceSends('x', new Map());
    const pm = parseProtocolMessage(bytes)!;
    const entry = pm.encryptedMessage[bob.installation]!;
    const lookups = { identityPrivateKey: bob.priv, theirIdentityKey: alice.pub, theirInstallationId: 'a', random, findSession: () => undefined, findSignedPreKey: () => undefined };
    expect(sessionDecrypt(entry, lookups)).toEqual({ ok: false, error: 'X3DH_UNKNOWN_PREKEY' });
    expect(sessionDecrypt({ ...entry, X3DHHeader: undefined }, lookups)).toEqual({ ok: false, error: 'SESSION_NOT_FOUND' });
    expect(sessionDecrypt(create(EncryptedMessageProtocolSchema), lookups)).toEqual({ ok: false, error: 'SESSION_NO_DR_HEADER' });
    const withPrekey = { ...lookups, findSignedPreKey: () => bobSpk };
    const badEphemeral = { ...entry, X3DHHeader: { ...entry.X3DHHeader!, key: new Uint8Array(33) } };
    expect(sessionDecrypt(badEphemeral, withPrekey)).toEqual({ ok: false, error: 'X3DH_INVALID_KEY' });
  });

  it('falls back to a DH-only "none" entry when no installation is known', () => {
    const out = fanOut({
      plaintext: utf8ToBytes('first contact'), identityPrivateKey: alice.priv, theirIdentityKey: bob.pub,
      ownInstallationId: alice.installation, installations: [], random,
      liveSessionFor: () => undefined, preKeyFor: () => undefined,
    });
    expect(Object.keys(out.encryptedMessage)).toEqual([NO_INSTALLATION]);
    const pm = parseProtocolMessage(buildProtocolMessage({ installationId: alice.installation, bundles: [bobBundle], encryptedMessage: out.encryptedMessage }))!;
    const sel = selectEntry(pm, bob.installation);
    expect(sel.ok && sel.value.key).toBe(NO_INSTALLATION);
    if (!sel.ok) return;
    const d = decryptDhOnly(sel.value.entry, bob.priv);
    expect(d.ok && bytesToUtf8(d.value)).toBe('first contact');
    expect(decryptDhOnly(sel.value.entry, alice.priv)).toEqual({ ok: false, error: 'DH_ONLY_DECRYPT_FAILED' });
  });

  it('round-trips DH-only payloads of any size', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 500 }), (pt) => {
      const d = decryptDhOnly(encryptDhOnly({ plaintext: pt, theirIdentityKey: bob.pub, random }), bob.priv);
      expect(d.ok && bytesEqual(d.value, pt)).toBe(true);
    }), { numRuns: 15 });
  });

  const BAD_DH: [string, Uint8Array, Uint8Array, string][] = [
    ['an empty key', new Uint8Array(0), new Uint8Array(40), 'DH_ONLY_INVALID_KEY'],
    ['a key off the curve', hex(`02${'00'.repeat(32)}`), new Uint8Array(40), 'DH_ONLY_INVALID_KEY'],
    ['a short payload', alice.pub, new Uint8Array(27), 'DH_ONLY_DECRYPT_FAILED'],
    ['a garbage payload', alice.pub, new Uint8Array(60), 'DH_ONLY_DECRYPT_FAILED'],
  ];
  it.each(BAD_DH)('rejects a DH-only entry with %s', (_n, key, payload, code) => {
    const msg = create(EncryptedMessageProtocolSchema, { DHHeader: { key }, payload });
    expect(decryptDhOnly(msg, bob.priv)).toEqual({ ok: false, error: code });
  });

  it('targets the 3 most recent enabled installations, never our own', () => {
    const inst = (id: string, ts: bigint, enabled = true) => ({ id, timestamp: ts, enabled });
    const picked = selectTargetInstallations([inst('a', 1n), inst('b', 5n), inst('own', 9n), inst('c', 3n), inst('d', 4n), inst('e', 8n, false)], 'own');
    expect(picked.map((i) => i.id)).toEqual(['b', 'd', 'c']);
  });

  it('reports DEVICE_NOT_FOUND and recognises unwrapped bytes', () => {
    const pm = parseProtocolMessage(buildProtocolMessage({ installationId: 'x', bundles: [], encryptedMessage: { other: create(EncryptedMessageProtocolSchema) } }))!;
    expect(selectEntry(pm, bob.installation)).toEqual({ ok: false, error: 'DEVICE_NOT_FOUND' });
    expect(parseProtocolMessage(buildProtocolMessage({ installationId: 'x', bundles: [bobBundle] }))).toBeUndefined();
    expect(parseProtocolMessage(new Uint8Array([0xff, 0x01]))).toBeUndefined();
    fc.assert(fc.property(fc.uint8Array({ maxLength: 100 }), (b) => {
      expect(() => parseProtocolMessage(b)).not.toThrow();
    }));
  });

  it('agrees on the negotiated secret only when every addressed installation is recorded', () => {
    const rec = new Set(['a', 'b']);
    expect(isSecretAgreed(['a', 'b'], rec)).toBe(true);
    expect(isSecretAgreed(['a', 'c'], rec)).toBe(false);
    expect(isSecretAgreed(['none'], rec)).toBe(false);
    expect(isSecretAgreed([], rec)).toBe(false);
  });
});
