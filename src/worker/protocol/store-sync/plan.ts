/**
 * History synchronisation planning (status-go mailserver logic) as pure functions: the constants,
 * the [from, to] range per topic, 24-hour windows, batching by ≤ 10 content topics, the resulting
 * store queries, and gap markers. Owns no I/O: transport/ runs the queries (cursors, timeouts,
 * retries, concurrency) with the constants exported here. Spec: status-protocol.md §10.2.
 */

/** §10.2 constants. */
export const STORE_PAGE_SIZE = 50;
/** Targeted on-demand look-ups (one community description, one contact's data) start this small. */
export const STORE_TARGETED_PAGE_SIZE = 4;
export const MAX_CONTENT_TOPICS_PER_QUERY = 10;
export const MAX_QUERIES_IN_FLIGHT = 3;
export const QUERY_TIMEOUT_MS = 30_000;
export const QUERY_TRIES = 2;
export const SYNC_WINDOW_SECONDS = 24 * 3600;
export const SYNC_TOLERANCE_SECONDS = 60;
export const DEFAULT_SYNC_PERIOD_SECONDS = 777_600; // 9 days
export const BACKUP_SYNC_PERIOD_SECONDS = 31 * 24 * 3600;
/** §10.2: recently opened chats are served first, in batches of 1, then 5, then 10 topics. */
export const PRIORITY_BATCH_SIZES: readonly number[] = [1, 5, 10];

export interface TopicSyncState {
  readonly pubsubTopic: string;
  readonly contentTopic: string;
  /** Unix seconds of the last completed sync of this topic, if any. */
  readonly lastRequest?: number | undefined;
}

export interface SyncRange {
  /** Unix seconds. */
  readonly from: number;
  readonly to: number;
}

/** §10.2 step 2: to = ⌈now⌉; from = lastRequest − 60 if more recent than now − 9 days, else now − 9 days. */
export function syncRange(nowMs: number, lastRequest?: number, periodSeconds = DEFAULT_SYNC_PERIOD_SECONDS): SyncRange {
  const to = Math.ceil(nowMs / 1000);
  const oldest = to - periodSeconds;
  const from = lastRequest !== undefined && lastRequest > oldest ? lastRequest - SYNC_TOLERANCE_SECONDS : oldest;
  return { from, to };
}

/** §10.2 step 3: 24-hour windows from `to` backwards down to `from`, newest first. */
export function syncWindows(range: SyncRange): SyncRange[] {
  const windows: SyncRange[] = [];
  for (let to = range.to; to > range.from; to -= SYNC_WINDOW_SECONDS) {
    windows.push({ from: Math.max(range.from, to - SYNC_WINDOW_SECONDS), to });
  }
  return windows;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A content-filtered WAKU2-STORE v3 query, as §10.2 step 3 issues it. */
export interface PlannedStoreQuery {
  readonly pubsubTopic: string;
  readonly contentTopics: readonly string[];
  /** Nanoseconds. */
  readonly timeStart: bigint;
  readonly timeEnd: bigint;
  readonly includeData: true;
  readonly paginationForward: false;
  readonly paginationLimit: number;
}

/** Groups topics by (pubsub topic, from) so that one query never mixes different ranges. */
function groupByRange(topics: readonly TopicSyncState[], nowMs: number): Map<string, { pubsubTopic: string; range: SyncRange; contentTopics: string[] }> {
  const groups = new Map<string, { pubsubTopic: string; range: SyncRange; contentTopics: string[] }>();
  for (const t of topics) {
    const range = syncRange(nowMs, t.lastRequest);
    const key = `${t.pubsubTopic}\u0000${range.from}`;
    const g = groups.get(key) ?? { pubsubTopic: t.pubsubTopic, range, contentTopics: [] };
    if (!g.contentTopics.includes(t.contentTopic)) g.contentTopics.push(t.contentTopic);
    groups.set(key, g);
  }
  return groups;
}

/** §10.2 steps 2–3: the store queries to run (each followed through its cursor by transport/). */
export function planStoreQueries(topics: readonly TopicSyncState[], nowMs: number): PlannedStoreQuery[] {
  const queries: PlannedStoreQuery[] = [];
  for (const g of groupByRange(topics, nowMs).values()) {
    for (const w of syncWindows(g.range)) {
      for (const contentTopics of chunk(g.contentTopics, MAX_CONTENT_TOPICS_PER_QUERY)) {
        queries.push({
          pubsubTopic: g.pubsubTopic, contentTopics,
          timeStart: BigInt(w.from) * 1_000_000_000n, timeEnd: BigInt(w.to) * 1_000_000_000n,
          includeData: true, paginationForward: false, paginationLimit: STORE_PAGE_SIZE,
        });
      }
    }
  }
  return queries;
}

/** §10.2 step 5: a gap [syncedTo, from] to show when the chat was synced before and not up to `from`. */
export function gapMarker(syncedTo: number, from: number): SyncRange | undefined {
  return syncedTo !== 0 && syncedTo < from ? { from: syncedTo, to: from } : undefined;
}
