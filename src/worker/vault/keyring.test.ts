import { describe, expect, it } from 'vitest';
import { newDataKey, unwrapDataKey, wrapWithDevice, wrapWithPassword } from './keyring.ts';

describe('keyring', () => {
  it('unwraps the data key with the right password, and says wrong_password otherwise', async () => {
    const dataKey = newDataKey();
    const keyring = await wrapWithPassword('p1', dataKey, 'correct horse battery');
    expect(keyring.kdf).toMatchObject({ alg: 'argon2id', params: { m: 47_104, t: 2, p: 1 } });
    expect(await unwrapDataKey('p1', keyring, 'correct horse battery')).toEqual({ ok: true, value: dataKey });
    expect(await unwrapDataKey('p1', keyring, 'Correct horse battery')).toEqual({ ok: false, error: { code: 'vault/wrong_password' } });
    expect(await unwrapDataKey('p1', keyring)).toEqual({ ok: false, error: { code: 'vault/password_required' } });
  });

  it('binds the wrapped key to its profile', async () => {
    const keyring = await wrapWithPassword('p1', newDataKey(), 'correct horse battery');
    expect((await unwrapDataKey('p2', keyring, 'correct horse battery')).ok).toBe(false);
  });

  it('re-wrapping on a password change keeps the same data key', async () => {
    const dataKey = newDataKey();
    const before = await wrapWithPassword('p1', dataKey, 'old password 1');
    const unwrapped = await unwrapDataKey('p1', before, 'old password 1');
    if (!unwrapped.ok) throw new Error('unwrap failed');
    const after = await wrapWithPassword('p1', unwrapped.value, 'new password 2');
    expect(await unwrapDataKey('p1', after, 'new password 2')).toEqual({ ok: true, value: dataKey });
    expect((await unwrapDataKey('p1', after, 'old password 1')).ok).toBe(false);
  });

  it('refuses absurd KDF parameters read from disk instead of running them', async () => {
    const keyring = await wrapWithPassword('p1', newDataKey(), 'correct horse battery');
    const hostile = { ...keyring, kdf: { ...keyring.kdf, params: { m: 1 << 30, t: 1, p: 1 } } };
    expect(await unwrapDataKey('p1', hostile, 'correct horse battery')).toEqual({ ok: false, error: { code: 'vault/corrupt_keyring' } });
  });

  it('a try-now keyring unwraps with its non-extractable device key', async () => {
    const dataKey = newDataKey();
    const keyring = await wrapWithDevice('p1', dataKey);
    expect(keyring.deviceKey.extractable).toBe(false);
    expect(await unwrapDataKey('p1', keyring)).toEqual({ ok: true, value: dataKey });
    const tampered = { ...keyring, wrapped: keyring.wrapped.map((b, i) => (i === 0 ? b ^ 1 : b)) };
    expect(await unwrapDataKey('p1', tampered)).toEqual({ ok: false, error: { code: 'vault/corrupt_keyring' } });
  });
});
