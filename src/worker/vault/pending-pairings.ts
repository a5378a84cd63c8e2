/**
 * Keycard pairings that exist before any profile holds them. PAIR takes one of a v1 card's five
 * slots as soon as it succeeds, but the pairing only goes into a profile's sealed card binding at
 * a successful login. Without this store, a wrong PIN followed by closing the tab (or a pulled
 * card, or a failed key export) would forget the pairing while the card keeps its slot, and every
 * such attempt would use up one more. So a new pairing is kept here, sealed by a non-extractable
 * device key (as the card binding is), until a login moves it into a profile or the card refuses
 * it. Device level: readable before any unlock, in its own IndexedDB database so that it never
 * forces a version upgrade on the device settings. Does not own the card protocol nor profiles.
 */
import { openDB, type DBSchema } from 'idb';
import { bytesEqual, bytesToUtf8, utf8ToBytes } from '$lib/shared/bytes.ts';
import { createDeviceKey, deviceUnwrap, deviceWrap } from '../crypto/device-key.ts';
import { pairingsFromJson, pairingsToJson, type StoredPairing } from './keycard-keyring.ts';

const DB_NAME = 'parley-device-keycard';
const DB_VERSION = 1;
const RECORD = 'pending';
const AAD = utf8ToBytes('parley/device/v1/keycard-pending-pairings');
/** More cards than anyone pairs without logging in; the oldest is dropped beyond it. */
export const MAX_PENDING_PAIRINGS = 8;

/** The sealed list of pending pairings, as stored. */
export interface SealedPendingPairings {
  readonly deviceKey: CryptoKey;
  readonly iv: Uint8Array;
  readonly sealed: Uint8Array;
}

/** Where the one sealed record lives: IndexedDB in the worker, memory in unit tests. */
export interface PendingPairingsBackend {
  read(): Promise<SealedPendingPairings | undefined>;
  write(record: SealedPendingPairings | undefined): Promise<void>;
}

interface Schema extends DBSchema {
  pairings: { key: string; value: SealedPendingPairings };
}

export function indexedDbPendingPairings(): PendingPairingsBackend {
  const open = () =>
    openDB<Schema>(DB_NAME, DB_VERSION, {
      upgrade(database) {
        database.createObjectStore('pairings');
      },
    });
  return {
    async read() {
      const db = await open();
      try {
        return await db.get('pairings', RECORD);
      } finally {
        db.close();
      }
    },
    async write(record) {
      const db = await open();
      try {
        if (record) await db.put('pairings', record, RECORD);
        else await db.delete('pairings', RECORD);
      } finally {
        db.close();
      }
    },
  };
}

export function memoryPendingPairings(): PendingPairingsBackend & { readonly current: SealedPendingPairings | undefined } {
  let current: SealedPendingPairings | undefined;
  return {
    get current() {
      return current;
    },
    read: () => Promise.resolve(current),
    write: (record) => {
      current = record;
      return Promise.resolve();
    },
  };
}

/**
 * Pending pairings by card instance UID. A record that cannot be opened (another device key,
 * tampered bytes, malformed JSON) reads as empty: the worst outcome is one more PAIR, never a
 * wrong pairing used.
 */
export class PendingPairings {
  readonly #backend: PendingPairingsBackend;
  /** Serialises read-modify-write: WebCrypto runs between the read and the write. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(backend: PendingPairingsBackend = indexedDbPendingPairings()) {
    this.#backend = backend;
  }

  async find(instanceUid: Uint8Array): Promise<StoredPairing | null> {
    const { pairings } = await this.#load();
    return pairings.find((p) => bytesEqual(p.instanceUid, instanceUid)) ?? null;
  }

  /** Keeps `pairing`, replacing any earlier one for the same card. */
  put(pairing: StoredPairing): Promise<void> {
    return this.#update((list) => [...list.filter((p) => !bytesEqual(p.instanceUid, pairing.instanceUid)), pairing].slice(-MAX_PENDING_PAIRINGS));
  }

  /** Forgets the pending pairing for this card, if any (stored in a profile now, or refused by the card). */
  remove(instanceUid: Uint8Array): Promise<void> {
    return this.#update((list) => list.filter((p) => !bytesEqual(p.instanceUid, instanceUid)));
  }

  #update(change: (list: StoredPairing[]) => StoredPairing[]): Promise<void> {
    const run = this.#queue.then(async () => {
      const { pairings, deviceKey } = await this.#load();
      const next = change(pairings);
      if (next.length === pairings.length && next.every((p, i) => p === pairings[i])) return;
      if (next.length === 0) return this.#backend.write(undefined);
      const key = deviceKey ?? (await createDeviceKey());
      const plain = utf8ToBytes(JSON.stringify(pairingsToJson(next)));
      const { iv, sealed } = await deviceWrap(key, plain, AAD);
      plain.fill(0);
      await this.#backend.write({ deviceKey: key, iv, sealed });
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #load(): Promise<{ pairings: StoredPairing[]; deviceKey: CryptoKey | undefined }> {
    const record = await this.#backend.read();
    if (!record) return { pairings: [], deviceKey: undefined };
    const plain = await deviceUnwrap(record.deviceKey, record.iv, record.sealed, AAD);
    if (!plain) return { pairings: [], deviceKey: undefined };
    try {
      return { pairings: pairingsFromJson(JSON.parse(bytesToUtf8(plain))) ?? [], deviceKey: record.deviceKey };
    } catch {
      return { pairings: [], deviceKey: undefined };
    } finally {
      plain.fill(0);
    }
  }
}
