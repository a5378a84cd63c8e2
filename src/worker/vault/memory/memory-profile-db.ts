/**
 * An in-memory ProfileStore for unit tests of services that use a vault (ARCHITECTURE.md: in-memory
 * stores for tests). Same semantics as ProfileDb: a putRecords call lands whole or not at all.
 */
import type { Keyring } from '../keyring.ts';
import type { ProfileStore, SealedRecord } from '../profile-db.ts';
import type { StoreName } from '../record-cipher.ts';
import { bytesToHex } from '$lib/shared/bytes.ts';

export class MemoryProfileDb implements ProfileStore {
  readonly id: string;
  readonly records = new Map<string, SealedRecord>();
  #keyring: Keyring | undefined;

  constructor(id: string) {
    this.id = id;
  }

  keyring(): Promise<Keyring | undefined> {
    return Promise.resolve(this.#keyring);
  }

  setKeyring(keyring: Keyring): Promise<void> {
    this.#keyring = keyring;
    return Promise.resolve();
  }

  record(k: string): Promise<SealedRecord | undefined> {
    return Promise.resolve(this.records.get(k));
  }

  recordsOf(store: StoreName): Promise<SealedRecord[]> {
    return Promise.resolve([...this.records.values()].filter((r) => r.s === store));
  }

  recordsOfGroup(group: string): Promise<SealedRecord[]> {
    return Promise.resolve([...this.records.values()].filter((r) => r.g === group));
  }

  putRecords(records: readonly SealedRecord[]): Promise<void> {
    for (const r of records) this.records.set(r.k, structuredClone(r));
    return Promise.resolve();
  }

  deleteRecord(k: string): Promise<void> {
    this.records.delete(k);
    return Promise.resolve();
  }

  close(): void {}

  /** A stable picture of everything stored, for "nothing changed" assertions. */
  snapshot(): string {
    return [...this.records.values()]
      .map((r) => `${r.k}:${r.s}:${bytesToHex(r.v)}`)
      .sort()
      .join('\n');
  }
}
