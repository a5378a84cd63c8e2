/**
 * The identity record a profile keeps in its vault (store 'identity', id 'self'), its validation
 * when read back, and the public summary the UI may see. Pure. Two kinds: a phrase profile keeps
 * its recovery phrase; a Keycard profile keeps only its chat public key (the card holds the seed)
 * and, if the user kept an encrypted copy, the two keys the card exported (status-protocol.md §12.1).
 */
import type { LockKind, ProfileSummary } from '$lib/shared/identity.ts';
import { DEFAULT_IDLE_LOCK_MINUTES, IDLE_LOCK_CHOICES } from '$lib/shared/identity.ts';
import {
  aliasFromPublicKey,
  colorHashOf,
  deriveIdentityKeys,
  emojiHashOf,
  encodeChatKey,
  formatShareLink,
  parseMnemonic,
  ringToConicGradient,
  toPkHex,
  SecretKeyPair,
  type IdentityKeys,
} from '../identity/index.ts';
import { bytesToHex, hexToBytes } from '$lib/shared/bytes.ts';

export const IDENTITY_ID = 'self';

export interface IdentityRecord {
  readonly v: 1;
  /** The recovery phrase; the keys are derived from it on unlock. */
  readonly mnemonic: string;
  readonly phraseBackedUp: boolean;
  readonly displayName: string;
  readonly createdAt: number;
  readonly idleLockMinutes: number;
}

export function newIdentityRecord(mnemonic: string, phraseBackedUp: boolean, now: number): IdentityRecord {
  return { v: 1, mnemonic, phraseBackedUp, displayName: '', createdAt: now, idleLockMinutes: DEFAULT_IDLE_LOCK_MINUTES };
}

export function isIdentityRecord(value: unknown): value is IdentityRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    r['v'] === 1 &&
    typeof r['mnemonic'] === 'string' &&
    parseMnemonic(r['mnemonic']).ok &&
    typeof r['phraseBackedUp'] === 'boolean' &&
    typeof r['displayName'] === 'string' &&
    typeof r['createdAt'] === 'number' &&
    typeof r['idleLockMinutes'] === 'number' &&
    IDLE_LOCK_CHOICES.includes(r['idleLockMinutes'])
  );
}

/** A profile made by logging in with a Keycard. */
export interface KeycardIdentityRecord {
  readonly v: 1;
  readonly kind: 'keycard';
  /** SELECT key UID of the card's seed, hex. */
  readonly keyUid: string;
  /** Compressed chat public key, hex: checked against what the card exports at each login. */
  readonly chatPublicKey: string;
  /** The card holds the phrase: there is nothing to back up here. */
  readonly phraseBackedUp: true;
  readonly displayName: string;
  readonly createdAt: number;
  readonly idleLockMinutes: number;
  /** Only with "keep an encrypted copy": the exported private keys, hex (sealed in the vault). */
  readonly copy?: { readonly chatKey: string; readonly databaseKey: string };
}

export type ProfileRecord = IdentityRecord | KeycardIdentityRecord;

const HEX64 = /^[0-9a-f]{64}$/;

export function newKeycardIdentityRecord(opts: { keyUid: string; keys: IdentityKeys; keepCopy: boolean; now: number }): KeycardIdentityRecord {
  const copy = opts.keepCopy ? { chatKey: bytesToHex(opts.keys.chatKey.privateKey), databaseKey: bytesToHex(opts.keys.databaseKey.privateKey) } : undefined;
  return {
    v: 1,
    kind: 'keycard',
    keyUid: opts.keyUid,
    chatPublicKey: bytesToHex(opts.keys.chatKey.publicKey),
    phraseBackedUp: true,
    displayName: '',
    createdAt: opts.now,
    idleLockMinutes: DEFAULT_IDLE_LOCK_MINUTES,
    ...(copy ? { copy } : {}),
  };
}

export function isKeycardIdentityRecord(value: unknown): value is KeycardIdentityRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  const copy = r['copy'] as Record<string, unknown> | undefined;
  return (
    r['v'] === 1 &&
    r['kind'] === 'keycard' &&
    typeof r['keyUid'] === 'string' &&
    typeof r['chatPublicKey'] === 'string' &&
    /^0[23][0-9a-f]{64}$/.test(r['chatPublicKey']) &&
    r['phraseBackedUp'] === true &&
    typeof r['displayName'] === 'string' &&
    typeof r['createdAt'] === 'number' &&
    typeof r['idleLockMinutes'] === 'number' &&
    IDLE_LOCK_CHOICES.includes(r['idleLockMinutes']) &&
    (copy === undefined || (typeof copy === 'object' && copy !== null && HEX64.test(String(copy['chatKey'])) && HEX64.test(String(copy['databaseKey']))))
  );
}

export const isProfileRecord = (value: unknown): value is ProfileRecord => isIdentityRecord(value) || isKeycardIdentityRecord(value);

/** Keys of a record that passed isProfileRecord; a Keycard record without a copy has none (null). */
export function keysOf(record: ProfileRecord): IdentityKeys | null {
  if ('kind' in record) {
    if (!record.copy) return null;
    const chatKey = new SecretKeyPair(hexToBytes(record.copy.chatKey));
    if (bytesToHex(chatKey.publicKey) !== record.chatPublicKey) throw new Error('keycard record: copy does not match the chat key');
    return { chatKey, databaseKey: new SecretKeyPair(hexToBytes(record.copy.databaseKey)) };
  }
  const parsed = parseMnemonic(record.mnemonic);
  if (!parsed.ok) throw new Error('identity record holds an invalid phrase');
  return deriveIdentityKeys(parsed.value);
}

export function summarize(opts: {
  id: string;
  lock: LockKind;
  record: ProfileRecord;
  keys: IdentityKeys;
  origin: string;
}): ProfileSummary {
  const pub = opts.keys.chatKey.publicKey;
  return {
    id: opts.id,
    createdAt: opts.record.createdAt,
    lock: opts.lock,
    chatKey: encodeChatKey(pub),
    pkHex: toPkHex(pub),
    alias: aliasFromPublicKey(pub),
    emojiHash: emojiHashOf(pub),
    ringGradient: ringToConicGradient(colorHashOf(pub)),
    displayName: opts.record.displayName,
    phraseBackedUp: opts.record.phraseBackedUp,
    shareLink: formatShareLink(opts.origin, pub),
    idleLockMinutes: opts.record.idleLockMinutes,
  };
}
