/**
 * The identity record a profile keeps in its vault (store 'identity', id 'self'), its validation
 * when read back, and the public summary the UI may see. Pure.
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
  type IdentityKeys,
} from '../identity/index.ts';

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

/** Keys of a record that passed isIdentityRecord. */
export function keysOf(record: IdentityRecord): IdentityKeys {
  const parsed = parseMnemonic(record.mnemonic);
  if (!parsed.ok) throw new Error('identity record holds an invalid phrase');
  return deriveIdentityKeys(parsed.value);
}

export function summarize(opts: {
  id: string;
  lock: LockKind;
  record: IdentityRecord;
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
