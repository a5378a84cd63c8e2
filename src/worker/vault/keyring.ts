/**
 * The keyring of one profile: its random 256-bit data key, wrapped either by a key derived from
 * the user's password (Argon2id) or, for a try-now profile, by a non-extractable device key.
 * A password change re-wraps only the data key; records are never re-encrypted.
 */
import { utf8ToBytes } from '$lib/shared/bytes.ts';
import { err, ok, type ErrorInfo, type Result } from '$lib/shared/result.ts';
import { AEAD_KEY_BYTES, aeadOpen, aeadSeal } from '../crypto/aead.ts';
import { createDeviceKey, deviceUnwrap, deviceWrap } from '../crypto/device-key.ts';
import { KDF_SALT_BYTES, VAULT_ARGON2ID, deriveKeyFromPassword, isAcceptableArgon2id, type Argon2idParams } from '../crypto/kdf.ts';
import { randomBytes } from '../crypto/random.ts';
import type { KeycardKeyring } from './keycard-keyring.ts';

export interface PasswordKeyring {
  readonly kind: 'password';
  readonly version: 1;
  readonly kdf: { readonly alg: 'argon2id'; readonly params: Argon2idParams; readonly salt: Uint8Array };
  readonly wrapped: Uint8Array;
}

export interface DeviceKeyring {
  readonly kind: 'device';
  readonly version: 1;
  readonly deviceKey: CryptoKey;
  readonly iv: Uint8Array;
  readonly wrapped: Uint8Array;
}

export type Keyring = PasswordKeyring | DeviceKeyring | KeycardKeyring;
export type KeyringErrorCode = 'vault/wrong_password' | 'vault/password_required' | 'vault/corrupt_keyring' | 'vault/keycard_required';
export type KeyringError = ErrorInfo<KeyringErrorCode>;

/** Shortest password we accept for a vault. */
export const MIN_PASSWORD_LENGTH = 8;

const aadFor = (profileId: string): Uint8Array => utf8ToBytes(`parley/vault/v1/${profileId}/data-key`);

export function newDataKey(): Uint8Array {
  return randomBytes(AEAD_KEY_BYTES);
}

export async function wrapWithPassword(profileId: string, dataKey: Uint8Array, password: string): Promise<PasswordKeyring> {
  const salt = randomBytes(KDF_SALT_BYTES);
  const kek = await deriveKeyFromPassword(password, salt, VAULT_ARGON2ID);
  const wrapped = aeadSeal(kek, dataKey, aadFor(profileId));
  kek.fill(0);
  return { kind: 'password', version: 1, kdf: { alg: 'argon2id', params: VAULT_ARGON2ID, salt }, wrapped };
}

export async function wrapWithDevice(profileId: string, dataKey: Uint8Array): Promise<DeviceKeyring> {
  const deviceKey = await createDeviceKey();
  const { iv, sealed } = await deviceWrap(deviceKey, dataKey, aadFor(profileId));
  return { kind: 'device', version: 1, deviceKey, iv, wrapped: sealed };
}

export async function unwrapDataKey(profileId: string, keyring: Keyring, password?: string): Promise<Result<Uint8Array, KeyringError>> {
  if (keyring.kind === 'device') {
    const key = await deviceUnwrap(keyring.deviceKey, keyring.iv, keyring.wrapped, aadFor(profileId));
    return key && key.length === AEAD_KEY_BYTES ? ok(key) : err('vault/corrupt_keyring');
  }
  // A Keycard profile opens with its password only if the user kept an encrypted copy.
  if (keyring.kind === 'keycard') return keyring.copy ? unwrapDataKey(profileId, keyring.copy, password) : err('vault/keycard_required');
  if (password === undefined) return err('vault/password_required');
  if (keyring.kdf.alg !== 'argon2id' || !isAcceptableArgon2id(keyring.kdf.params) || keyring.kdf.salt.length !== KDF_SALT_BYTES) {
    return err('vault/corrupt_keyring');
  }
  const kek = await deriveKeyFromPassword(password, keyring.kdf.salt, keyring.kdf.params);
  const key = aeadOpen(kek, keyring.wrapped, aadFor(profileId));
  kek.fill(0);
  return key && key.length === AEAD_KEY_BYTES ? ok(key) : err('vault/wrong_password');
}
