/**
 * IndexedDB layout of Parley profiles. `parley-profiles` lists them (id, creation time, how the
 * vault is locked: nothing personal). Each profile has its own database `parley-profile-<id>`
 * with its keyring and its sealed records. Owns raw storage only; sealing is RecordCipher's job.
 */
import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Keyring } from './keyring.ts';
import type { StoreName } from './record-cipher.ts';

export interface ProfileEntry {
  readonly id: string;
  readonly createdAt: number;
  readonly lock: Keyring['kind'];
  /** Keycard profiles: an encrypted copy lets the password unlock it too. */
  readonly passwordCopy?: boolean;
}

export interface SealedRecord {
  /** Opaque key: RecordCipher.keyOf(store, id). */
  readonly k: string;
  readonly s: StoreName;
  readonly v: Uint8Array;
  /** Opaque group key (a keyed hash, e.g. of a chat id) for listing one group of a store. */
  readonly g?: string;
}

interface RegistrySchema extends DBSchema {
  profiles: { key: string; value: ProfileEntry };
}

interface ProfileSchema extends DBSchema {
  keyring: { key: 'current'; value: Keyring };
  records: { key: string; value: SealedRecord; indexes: { byStore: StoreName; byGroup: string } };
}

const REGISTRY = 'parley-profiles';
export const profileDbName = (id: string): string => `parley-profile-${id}`;

function openRegistry(): Promise<IDBPDatabase<RegistrySchema>> {
  return openDB<RegistrySchema>(REGISTRY, 1, {
    upgrade(db) {
      db.createObjectStore('profiles', { keyPath: 'id' });
    },
  });
}

export async function listProfiles(): Promise<ProfileEntry[]> {
  const db = await openRegistry();
  try {
    return (await db.getAll('profiles')).sort((a, b) => a.createdAt - b.createdAt);
  } finally {
    db.close();
  }
}

export async function saveProfileEntry(entry: ProfileEntry): Promise<void> {
  const db = await openRegistry();
  try {
    await db.put('profiles', entry);
  } finally {
    db.close();
  }
}

/** What a vault needs of its storage; ProfileDb in the browser, MemoryProfileDb in unit tests. */
export interface ProfileStore {
  readonly id: string;
  keyring(): Promise<Keyring | undefined>;
  setKeyring(keyring: Keyring): Promise<void>;
  record(k: string): Promise<SealedRecord | undefined>;
  recordsOf(store: StoreName): Promise<SealedRecord[]>;
  recordsOfGroup(group: string): Promise<SealedRecord[]>;
  putRecords(records: readonly SealedRecord[]): Promise<void>;
  deleteRecord(k: string): Promise<void>;
  close(): void;
}

export class ProfileDb implements ProfileStore {
  readonly id: string;
  readonly db: IDBPDatabase<ProfileSchema>;

  private constructor(id: string, db: IDBPDatabase<ProfileSchema>) {
    this.id = id;
    this.db = db;
  }

  static async open(id: string): Promise<ProfileDb> {
    const db = await openDB<ProfileSchema>(profileDbName(id), 2, {
      upgrade(database, oldVersion, _newVersion, tx) {
        if (oldVersion < 1) {
          database.createObjectStore('keyring');
          database.createObjectStore('records', { keyPath: 'k' }).createIndex('byStore', 's');
        }
        if (oldVersion < 2) tx.objectStore('records').createIndex('byGroup', 'g');
      },
    });
    return new ProfileDb(id, db);
  }

  keyring(): Promise<Keyring | undefined> {
    return this.db.get('keyring', 'current');
  }

  async setKeyring(keyring: Keyring): Promise<void> {
    await this.db.put('keyring', keyring, 'current');
  }

  record(k: string): Promise<SealedRecord | undefined> {
    return this.db.get('records', k);
  }

  recordsOf(store: StoreName): Promise<SealedRecord[]> {
    return this.db.getAllFromIndex('records', 'byStore', store);
  }

  recordsOfGroup(group: string): Promise<SealedRecord[]> {
    return this.db.getAllFromIndex('records', 'byGroup', group);
  }

  /** Writes all records in one transaction: all land or none do. */
  async putRecords(records: readonly SealedRecord[]): Promise<void> {
    const tx = this.db.transaction('records', 'readwrite');
    await Promise.all([...records.map((r) => tx.store.put(r)), tx.done]);
  }

  async deleteRecord(k: string): Promise<void> {
    await this.db.delete('records', k);
  }

  close(): void {
    this.db.close();
  }
}

/** Erases a profile: its database and its registry entry. */
export async function destroyProfile(id: string): Promise<void> {
  await deleteDB(profileDbName(id));
  const db = await openRegistry();
  try {
    await db.delete('profiles', id);
  } finally {
    db.close();
  }
}
