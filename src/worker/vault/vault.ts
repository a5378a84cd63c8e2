/**
 * An unlocked vault: typed access to a profile's sealed records. Reads that fail to authenticate
 * report 'vault/tampered' and are never returned as data. Locking zeroes the keys.
 */
import { err, ok, type ErrorInfo, type Result } from '$lib/shared/result.ts';
import type { ProfileDb, SealedRecord } from './profile-db.ts';
import { RecordCipher, type StoreName } from './record-cipher.ts';

export type VaultError = ErrorInfo<'vault/tampered' | 'vault/locked'>;

export interface RecordWrite {
  readonly store: StoreName;
  readonly id: string;
  readonly value: unknown;
}

export class Vault {
  readonly db: ProfileDb;
  #cipher: RecordCipher | null;

  constructor(db: ProfileDb, dataKey: Uint8Array) {
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
    const opened = record.s === store ? cipher.open(store, k, record.v) : null;
    return opened ? ok(opened.value) : err('vault/tampered', store);
  }

  /** All readable values of a store, and how many records failed to authenticate. */
  async list(store: StoreName): Promise<Result<{ values: unknown[]; tampered: number }, VaultError>> {
    const cipher = this.#unlocked();
    if (!cipher) return err('vault/locked');
    const values: unknown[] = [];
    let tampered = 0;
    for (const r of await this.db.recordsOf(store)) {
      const opened = cipher.open(store, r.k, r.v);
      if (opened) values.push(opened.value);
      else tampered++;
    }
    return ok({ values, tampered });
  }

  /** Seals and writes all values in one IndexedDB transaction. */
  async put(...writes: RecordWrite[]): Promise<Result<void, VaultError>> {
    const cipher = this.#unlocked();
    if (!cipher) return err('vault/locked');
    const records: SealedRecord[] = writes.map(({ store, id, value }) => {
      const k = cipher.keyOf(store, id);
      return { k, s: store, v: cipher.seal(store, k, value) };
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
