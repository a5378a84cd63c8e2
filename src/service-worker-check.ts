/// <reference lib="webworker" />
/**
 * The service worker's half of the background store check (Periodic Background Sync, issue #5):
 * with no Parley page open, read the records the worker left for profiles that opted in, ask a
 * configured store node for envelopes newer than what the app has seen, and if any are new show
 * one generic notification ("New messages may be waiting") — the service worker has no keys, so
 * it can't say from whom or what. Owns the check's I/O (records, the lazily loaded store client,
 * the notification); the decision is lib/shared/background-check.ts.
 */
import storeClientUrl from './service-worker-store.ts?worker&url';
import {
  BACKGROUND_NOTIFICATION_BODY,
  BACKGROUND_NOTIFICATION_TAG,
  BACKGROUND_NOTIFICATION_TITLE,
  STORE_CLIENT_GLOBAL,
  checkStart,
  parseBackgroundRecord,
  parseBackgroundState,
  stateAfter,
  unseenEnvelopes,
  type BackgroundRecord,
  type BackgroundState,
  type StoreClient,
} from '$lib/shared/background-check.ts';
import { allRecords, getState, openBackgroundDb, putLastRun, putState, type BackgroundDb } from '$lib/shared/background-db.ts';
import { createLogger } from '$lib/shared/log.ts';

declare const self: ServiceWorkerGlobalScope;

const log = createLogger('sw-check');
/** The whole check stays short: the browser gives a periodic sync a few minutes at most. */
const CHECK_TIMEOUT_MS = 20_000;

export type CheckOutcome = 'notified' | 'nothing-new' | 'no-records' | 'no-permission' | 'failed';

/**
 * A service worker may import a script it has not imported before only while it installs; after
 * that only those already imported load (from the service worker script cache). So import the
 * client once at install; a later importScripts of the same URL is served from that cache.
 */
export function preloadStoreClient(): void {
  loadStoreClient();
}

function loadStoreClient(): StoreClient | null {
  const global = self as unknown as Record<string, StoreClient | undefined>;
  if (!global[STORE_CLIENT_GLOBAL]) {
    try {
      self.importScripts(storeClientUrl);
    } catch (e) {
      log.warn(`store client unavailable: ${String(e)}`);
      return null;
    }
  }
  return global[STORE_CLIENT_GLOBAL] ?? null;
}

async function checkOne(db: BackgroundDb, client: StoreClient, record: BackgroundRecord, now: number): Promise<{ found: number; fresh: number }> {
  const state: BackgroundState = parseBackgroundState(await getState(db, record.profileId));
  const found = await client.recentEnvelopes({
    nodes: record.nodes,
    clusterId: record.clusterId,
    shard: record.shard,
    topics: record.topics,
    since: checkStart(record, now),
    timeoutMs: CHECK_TIMEOUT_MS,
  });
  const fresh = unseenEnvelopes(record, state, found);
  await putState(db, record.profileId, stateAfter(state, fresh, now));
  return { found: found.length, fresh: fresh.length };
}

interface RunResult {
  readonly outcome: CheckOutcome;
  readonly found: number;
  readonly fresh: number;
}

/** Runs the check for every profile that opted in; shows at most one notification. Never throws. */
export async function backgroundCheck(now = Date.now()): Promise<CheckOutcome> {
  let db: BackgroundDb | null = null;
  let result: RunResult = { outcome: 'failed', found: 0, fresh: 0 };
  try {
    db = await openBackgroundDb();
    result = await run(db, now);
  } catch (e) {
    log.warn(`background check: ${String(e)}`);
  }
  try {
    if (db) await putLastRun(db, { at: now, ...result });
  } finally {
    db?.close();
  }
  return result.outcome;
}

async function run(db: BackgroundDb, now: number): Promise<RunResult> {
  // A record stored under another profile's key was not written by the worker: ignore it.
  const records = (await allRecords(db)).flatMap((row) => {
    const record = parseBackgroundRecord(row.value);
    return record && record.profileId === row.key ? [record] : [];
  });
  const none = { found: 0, fresh: 0 };
  if (records.length === 0) return { outcome: 'no-records', ...none };
  if (Notification.permission !== 'granted') return { outcome: 'no-permission', ...none };
  const client = loadStoreClient();
  if (!client) return { outcome: 'failed', ...none };
  let found = 0;
  let fresh = 0;
  let failed = false;
  for (const record of records) {
    try {
      const r = await checkOne(db, client, record, now);
      found += r.found;
      fresh += r.fresh;
    } catch (e) {
      failed = true;
      log.info(`background check failed: ${String(e)}`);
    }
  }
  if (fresh === 0) return { outcome: failed ? 'failed' : 'nothing-new', found, fresh };
  await self.registration.showNotification(BACKGROUND_NOTIFICATION_TITLE, {
    body: BACKGROUND_NOTIFICATION_BODY,
    tag: BACKGROUND_NOTIFICATION_TAG,
    icon: '/icons/icon-192.png',
    badge: '/icons/maskable-192.png',
    data: { path: '/' },
  });
  return { outcome: 'notified', found, fresh };
}
