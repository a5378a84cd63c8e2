/**
 * Finds the Keycard profile of this browser that belongs to a card: the one whose sealed card
 * binding has the card's key UID (same seed), with this browser's pairing for the card's
 * instance UID if one is stored. Reads keyrings only; opens no vault.
 */
import type { ProfileListEntry } from '$lib/shared/identity.ts';
import { bytesEqual } from '$lib/shared/bytes.ts';
import { openBinding, type CardBinding, type KeycardKeyring, type StoredPairing } from '../vault/keycard-keyring.ts';
import { ProfileDb, listProfiles } from '../vault/profile-db.ts';

export interface CardProfile {
  readonly profileId: string;
  readonly entry: ProfileListEntry;
  readonly keyring: KeycardKeyring;
  readonly binding: CardBinding;
  /** This browser's pairing with this very card (v1), if stored. */
  readonly pairing: StoredPairing | null;
}

export async function findCardProfile(keyUid: string, instanceUid: Uint8Array | undefined): Promise<CardProfile | null> {
  for (const entry of await listProfiles()) {
    if (entry.lock !== 'keycard') continue;
    const db = await ProfileDb.open(entry.id);
    let keyring;
    try {
      keyring = await db.keyring();
    } finally {
      db.close();
    }
    if (keyring?.kind !== 'keycard') continue;
    const binding = await openBinding(entry.id, keyring);
    if (!binding || binding.keyUid !== keyUid) continue;
    const pairing = instanceUid ? (binding.pairings.find((p) => bytesEqual(p.instanceUid, instanceUid)) ?? null) : null;
    return { profileId: entry.id, entry, keyring, binding, pairing };
  }
  return null;
}
