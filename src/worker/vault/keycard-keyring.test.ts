import { describe, expect, it } from 'vitest';
import { bytesToHex } from '$lib/shared/bytes.ts';
import { randomBytes } from '../crypto/random.ts';
import { unwrapDataKey, wrapWithPassword } from './keyring.ts';
import { openBinding, sealBinding, unwrapWithCard, wrapWithCard, type CardBinding } from './keycard-keyring.ts';

const binding: CardBinding = {
  keyUid: 'ab'.repeat(32),
  pairings: [{ instanceUid: randomBytes(16), index: 2, key: randomBytes(32) }],
};

describe('Keycard keyring', () => {
  it('opens with the database key the card exported, and with nothing else', async () => {
    const dataKey = randomBytes(32);
    const dbKey = randomBytes(32);
    const keyring = await wrapWithCard({ profileId: 'p1', dataKey, databasePrivateKey: dbKey, binding });
    const opened = unwrapWithCard('p1', keyring, dbKey);
    expect(opened.ok && bytesToHex(opened.value)).toBe(bytesToHex(dataKey));
    const otherCard = unwrapWithCard('p1', keyring, randomBytes(32));
    expect(otherCard.ok ? 'ok' : otherCard.error.code).toBe('vault/wrong_password');
    const moved = unwrapWithCard('p2', keyring, dbKey);
    expect(moved.ok).toBe(false);
    // Without an encrypted copy, no password opens it.
    const byPassword = await unwrapDataKey('p1', keyring, 'correct horse 42');
    expect(byPassword.ok ? 'ok' : byPassword.error.code).toBe('vault/keycard_required');
  });

  it('with an encrypted copy, the password opens the same data key', async () => {
    const dataKey = randomBytes(32);
    const copy = await wrapWithPassword('p1', dataKey, 'correct horse 42');
    const keyring = await wrapWithCard({ profileId: 'p1', dataKey, databasePrivateKey: randomBytes(32), binding, copy });
    const good = await unwrapDataKey('p1', keyring, 'correct horse 42');
    expect(good.ok && bytesToHex(good.value)).toBe(bytesToHex(dataKey));
    const bad = await unwrapDataKey('p1', keyring, 'not the password');
    expect(bad.ok ? 'ok' : bad.error.code).toBe('vault/wrong_password');
  });

  it('seals the card binding (key UID and pairings) and reads it back only for its profile', async () => {
    const sealed = await sealBinding('p1', binding);
    const keyring = { kind: 'keycard' as const, version: 1 as const, card: { salt: new Uint8Array(32), wrapped: new Uint8Array(0) }, binding: sealed };
    const back = await openBinding('p1', keyring);
    expect(back?.keyUid).toBe(binding.keyUid);
    expect(back?.pairings[0]).toEqual(binding.pairings[0]);
    expect(await openBinding('p2', keyring)).toBeNull();
    const tampered = { ...keyring, binding: { ...sealed, sealed: Uint8Array.from(sealed.sealed, (b, i) => (i === 0 ? b ^ 1 : b)) } };
    expect(await openBinding('p1', tampered)).toBeNull();
  });
});
