/**
 * The one definition of the small unencrypted database behind the background store check, used by
 * both sides: the worker writes a profile's record (only after the user opted in) and deletes it
 * on opt-out, notifications off or profile deletion; the service worker reads records and keeps
 * its own "already notified" state. Owns the schema and its reads/writes; no decisions (see
 * background-check.ts). Kept apart from the device settings and the vaults so that deleting it
 * removes everything the background check ever stored.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { BackgroundRecord, BackgroundState } from './background-check.ts';

export const BACKGROUND_DB_NAME = 'parley-background';
const DB_VERSION = 1;

interface BackgroundSchema extends DBSchema {
  /** profileId → BackgroundRecord (read as unknown: it is parsed before use). */
  records: { key: string; value: unknown };
  /** profileId → BackgroundState, written by the service worker only. */
  state: { key: string; value: unknown };
}

export type BackgroundDb = IDBPDatabase<BackgroundSchema>;

/** Key of the service worker's note about its last run in `state` (not a profile id: those are hex). */
export const LAST_RUN_KEY = '~last-run';
export interface LastRun {
  readonly at: number;
  readonly outcome: string;
  /** Envelopes the store returned, and how many of them were new (counts only). */
  readonly found: number;
  readonly fresh: number;
}

export function openBackgroundDb(): Promise<BackgroundDb> {
  return openDB<BackgroundSchema>(BACKGROUND_DB_NAME, DB_VERSION, {
    upgrade(db) {
      db.createObjectStore('records');
      db.createObjectStore('state');
    },
  });
}

export async function putRecord(db: BackgroundDb, record: BackgroundRecord): Promise<void> {
  await db.put('records', structuredClone(record), record.profileId);
}

/** Removes a profile's record and the service worker's state for it. */
export async function deleteRecord(db: BackgroundDb, profileId: string): Promise<void> {
  const tx = db.transaction(['records', 'state'], 'readwrite');
  await Promise.all([tx.objectStore('records').delete(profileId), tx.objectStore('state').delete(profileId), tx.done]);
}

/** Every stored record, unparsed, with its key. */
export async function allRecords(db: BackgroundDb): Promise<{ key: string; value: unknown }[]> {
  const keys = await db.getAllKeys('records');
  return Promise.all(keys.map(async (key) => ({ key, value: await db.get('records', key) })));
}

export async function getState(db: BackgroundDb, profileId: string): Promise<unknown> {
  return db.get('state', profileId);
}

export async function putState(db: BackgroundDb, profileId: string, state: BackgroundState): Promise<void> {
  await db.put('state', structuredClone(state), profileId);
}

/** The outcome of the last background check (for diagnostics and tests). */
export async function putLastRun(db: BackgroundDb, run: LastRun): Promise<void> {
  await db.put('state', { ...run }, LAST_RUN_KEY);
}
