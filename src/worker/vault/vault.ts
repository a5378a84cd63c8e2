/**
 * An unlocked vault: typed access to a profile's sealed records. Reads that fail to authenticate
 * report 'vault/tampered' and are never returned as data. Locking zeroes the keys.
 */
import { err, ok, type ErrorInfo, type Result } from '$lib/shared/result.ts';
import type { ProfileStore, SealedRecord } from './profile-db.ts';
import { RecordCipher, type StoreName } from './record-cipher.ts';

export type VaultError = ErrorInfo<'vault/tampered' | 'vault/locked'>;

export interface RecordWrite {
  readonly store: StoreName;
  readonly id: string;
  readonly value: unknown;
  /** Lists this record under a group (say, its chat id) for listGroup; kept opaque on disk. */
  readonly group?: string;
}

export interface VaultEntry {
  readonly id: string;
  readonly value: unknown;
}

/** Records are sealed as {i: logical id, v: value}, so a listing knows its ids. */
function unwrapEntry(opened: { value: unknown } | null): VaultEntry | null {
  if (!opened || typeof opened.value !== 'object' || opened.value === null) return null;
  const { i, v } = opened.value as { i?: unknown; v?: unknown };
  return typeof i === 'string' ? { id: i, value: v } : null;
}

export class Vault {
  readonly db: ProfileStore;
  #cipher: RecordCipher | null;

  constructor(db: ProfileStore, dataKey: Uint8Array) {
    this.db = db;
    this.#cipher = new RecordCipher(db.id, dataKey);
  }

  get profileId(): string {
    return this.db.id;
  }

  #unlocked(): RecordCipher | null {
    return this.#cipher;
  }

  async get(store: StoreName, id: string): Promise<Result<unknown, VaultError>> {
    const cipher = this.#unlocked();
    if (!cipher) return err('vault/locked');
    const k = cipher.keyOf(store, id);
    const record = await this.db.record(k);
    if (!record) return ok(undefined);
    const entry = record.s === store ? unwrapEntry(cipher.open(store, k, record.v)) : null;
    return entry && entry.id === id ? ok(entry.value) : err('vault/tampered', store);
  }

  /** All readable entries of a store, and how many records failed to authenticate. */
  async list(store: StoreName): Promise<Result<{ entries: VaultEntry[]; tampered: number }, VaultError>> {
    const cipher = this.#unlocked();
    if (!cipher) return err('vault/locked');
    return ok(this.#openAll(cipher, store, await this.db.recordsOf(store)));
  }

  /** The readable entries of one group of a store (see RecordWrite.group). */
  async listGroup(store: StoreName, group: string): Promise<Result<{ entries: VaultEntry[]; tampered: number }, VaultError>> {
    const cipher = this.#unlocked();
    if (!cipher) return err('vault/locked');
    const records = await this.db.recordsOfGroup(cipher.keyOf(store, `group\u0000${group}`));
    return ok(this.#openAll(cipher, store, records));
  }

  #openAll(cipher: RecordCipher, store: StoreName, records: readonly SealedRecord[]): { entries: VaultEntry[]; tampered: number } {
    const entries: VaultEntry[] = [];
    let tampered = 0;
    for (const r of records) {
      const entry = r.s === store ? unwrapEntry(cipher.open(store, r.k, r.v)) : null;
      if (entry && cipher.keyOf(store, entry.id) === r.k) entries.push(entry);
      else tampered++;
    }
    return { entries, tampered };
  }

  /** Seals and writes all values in one IndexedDB transaction. */
  async put(...writes: RecordWrite[]): Promise<Result<void, VaultError>> {
    const cipher = this.#unlocked();
    if (!cipher) return err('vault/locked');
    const records: SealedRecord[] = writes.map(({ store, id, value, group }) => {
      const k = cipher.keyOf(store, id);
      const sealed = { k, s: store, v: cipher.seal(store, k, { i: id, v: value }) };
      return group === undefined ? sealed : { ...sealed, g: cipher.keyOf(store, `group\u0000${group}`) };
    });
    await this.db.putRecords(records);
    return ok(undefined);
  }

  async delete(store: StoreName, id: string): Promise<Result<void, VaultError>> {
    const cipher = this.#unlocked();
    if (!cipher) return err('vault/locked');
    await this.db.deleteRecord(cipher.keyOf(store, id));
    return ok(undefined);
  }

  lock(): void {
    this.#cipher?.destroy();
    this.#cipher = null;
    this.db.close();
  }
}
