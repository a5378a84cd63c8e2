/**
 * Creating a profile on this device: a fresh data key, its keyring, the profile database with
 * its first records, and finally the registry entry. If anything fails midway the partial
 * database is erased, so a failed create or import leaves the existing data exactly as it was.
 */
import type { LockKind, ProfileListEntry } from '$lib/shared/identity.ts';
import { bytesToHex } from '$lib/shared/bytes.ts';
import { randomBytes } from '../crypto/random.ts';
import { newDataKey, wrapWithDevice, wrapWithPassword, type Keyring } from '../vault/keyring.ts';
import { ProfileDb, destroyProfile, saveProfileEntry } from '../vault/profile-db.ts';
import { Vault, type RecordWrite } from '../vault/vault.ts';

export interface CreatedProfile {
  readonly entry: ProfileListEntry;
  readonly vault: Vault;
}

export async function createProfile(opts: {
  password: string | undefined;
  records: readonly RecordWrite[];
  now: number;
  /** Wraps the new data key some other way (a Keycard profile); overrides `password`. */
  wrap?: (profileId: string, dataKey: Uint8Array) => Promise<Keyring>;
}): Promise<CreatedProfile> {
  const id = bytesToHex(randomBytes(8));
  const dataKey = newDataKey();
  let db: ProfileDb | null = null;
  try {
    const keyring = opts.wrap
      ? await opts.wrap(id, dataKey)
      : opts.password === undefined
        ? await wrapWithDevice(id, dataKey)
        : await wrapWithPassword(id, dataKey, opts.password);
    const lock: LockKind = keyring.kind;
    db = await ProfileDb.open(id);
    await db.setKeyring(keyring);
    const vault = new Vault(db, dataKey);
    const written = await vault.put(...opts.records);
    if (!written.ok) throw new Error(written.error.code);
    const copy = keyring.kind === 'keycard' && keyring.copy !== undefined;
    const entry: ProfileListEntry = { id, createdAt: opts.now, lock, ...(copy ? { passwordCopy: true } : {}) };
    await saveProfileEntry(entry);
    return { entry, vault };
  } catch (e) {
    db?.close();
    await destroyProfile(id).catch(() => undefined);
    throw e;
  } finally {
    dataKey.fill(0);
  }
}
