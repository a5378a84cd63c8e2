/**
 * The keyring of a Keycard profile. The vault's data key is sealed under a key derived from the
 * database-encryption key the card exports at login (status-protocol.md §12.1: "keep the keys in
 * memory, or encrypted with the exported database key"), so unlocking needs the card and its
 * PIN. With "keep an encrypted copy" the data key is also wrapped by the user's password
 * (Argon2id, as a password profile) and the profile unlocks without the card.
 * The card binding (key UID, and on secure channel v1 the pairing index and key per card instance
 * UID) is sealed by a non-extractable device key, so it can be matched before any unlock without
 * being readable from copied database files. Does not own the card protocol (worker/keycard).
 */
import { bytesToHex, bytesToUtf8, hexToBytes, utf8ToBytes } from '$lib/shared/bytes.ts';
import { err, ok, type Result } from '$lib/shared/result.ts';
import { AEAD_KEY_BYTES, aeadOpen, aeadSeal } from '../crypto/aead.ts';
import { createDeviceKey, deviceUnwrap, deviceWrap } from '../crypto/device-key.ts';
import { hkdfSha256 } from '../crypto/hashes.ts';
import { randomBytes } from '../crypto/random.ts';
import type { KeyringError, PasswordKeyring } from './keyring.ts';

const CARD_SALT_BYTES = 32;
const INFO = utf8ToBytes('parley/vault/v1/keycard-kek');
const cardAad = (profileId: string): Uint8Array => utf8ToBytes(`parley/vault/v1/${profileId}/data-key/keycard`);
const bindingAad = (profileId: string): Uint8Array => utf8ToBytes(`parley/vault/v1/${profileId}/keycard-binding`);

/** A pairing of this browser with one card (secure channel v1). The key is a secret. */
export interface StoredPairing {
  readonly instanceUid: Uint8Array;
  readonly index: number;
  readonly key: Uint8Array;
}

/** What ties a profile to its card; sealed at rest. */
export interface CardBinding {
  /** sha256 of the card's master public key (SELECT tag 8E), hex. Same seed → same key UID. */
  readonly keyUid: string;
  readonly pairings: readonly StoredPairing[];
}

export interface KeycardKeyring {
  readonly kind: 'keycard';
  readonly version: 1;
  readonly card: { readonly salt: Uint8Array; readonly wrapped: Uint8Array };
  /** "Keep an encrypted copy": the same data key under the user's password. */
  readonly copy?: PasswordKeyring;
  readonly binding: { readonly deviceKey: CryptoKey; readonly iv: Uint8Array; readonly sealed: Uint8Array };
}

/** The JSON form of pairings inside a sealed record (hex strings). */
export function pairingsToJson(pairings: readonly StoredPairing[]): { uid: string; index: number; key: string }[] {
  return pairings.map((p) => ({ uid: bytesToHex(p.instanceUid), index: p.index, key: bytesToHex(p.key) }));
}

/** Reads pairings back from their JSON form; null when anything is malformed. */
export function pairingsFromJson(json: unknown): StoredPairing[] | null {
  if (!Array.isArray(json)) return null;
  const pairings: StoredPairing[] = [];
  for (const p of json as { uid?: unknown; index?: unknown; key?: unknown }[]) {
    if (typeof p?.uid !== 'string' || typeof p.key !== 'string' || !Number.isInteger(p.index)) return null;
    pairings.push({ instanceUid: hexToBytes(p.uid), index: p.index as number, key: hexToBytes(p.key) });
  }
  return pairings;
}

function cardKek(databasePrivateKey: Uint8Array, salt: Uint8Array): Uint8Array {
  return hkdfSha256(databasePrivateKey, salt, INFO, AEAD_KEY_BYTES);
}

export async function sealBinding(profileId: string, binding: CardBinding, deviceKey?: CryptoKey): Promise<KeycardKeyring['binding']> {
  const key = deviceKey ?? (await createDeviceKey());
  const plain = utf8ToBytes(JSON.stringify({ keyUid: binding.keyUid, pairings: pairingsToJson(binding.pairings) }));
  const { iv, sealed } = await deviceWrap(key, plain, bindingAad(profileId));
  plain.fill(0);
  return { deviceKey: key, iv, sealed };
}

export async function openBinding(profileId: string, keyring: KeycardKeyring): Promise<CardBinding | null> {
  const plain = await deviceUnwrap(keyring.binding.deviceKey, keyring.binding.iv, keyring.binding.sealed, bindingAad(profileId));
  if (!plain) return null;
  try {
    const parsed = JSON.parse(bytesToUtf8(plain)) as { keyUid?: unknown; pairings?: unknown };
    const pairings = pairingsFromJson(parsed.pairings);
    if (typeof parsed.keyUid !== 'string' || !pairings) return null;
    return { keyUid: parsed.keyUid, pairings };
  } catch {
    return null;
  } finally {
    plain.fill(0);
  }
}

export async function wrapWithCard(opts: {
  profileId: string;
  dataKey: Uint8Array;
  databasePrivateKey: Uint8Array;
  binding: CardBinding;
  copy?: PasswordKeyring;
}): Promise<KeycardKeyring> {
  const salt = randomBytes(CARD_SALT_BYTES);
  const kek = cardKek(opts.databasePrivateKey, salt);
  const wrapped = aeadSeal(kek, opts.dataKey, cardAad(opts.profileId));
  kek.fill(0);
  const binding = await sealBinding(opts.profileId, opts.binding);
  return { kind: 'keycard', version: 1, card: { salt, wrapped }, binding, ...(opts.copy ? { copy: opts.copy } : {}) };
}

/** The data key, from the database key the card exported; 'vault/wrong_password' if it is not this card's. */
export function unwrapWithCard(profileId: string, keyring: KeycardKeyring, databasePrivateKey: Uint8Array): Result<Uint8Array, KeyringError> {
  if (keyring.card.salt.length !== CARD_SALT_BYTES) return err('vault/corrupt_keyring');
  const kek = cardKek(databasePrivateKey, keyring.card.salt);
  const key = aeadOpen(kek, keyring.card.wrapped, cardAad(profileId));
  kek.fill(0);
  return key && key.length === AEAD_KEY_BYTES ? ok(key) : err('vault/wrong_password');
}
