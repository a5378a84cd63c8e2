/**
 * The key-less background store check (issue #5, Periodic Background Sync), shared by the worker
 * (writes what the service worker may know) and the service worker (asks a store node, decides,
 * notifies). Owns: the shape of the small unencrypted record, its defensive parser, and the pure
 * "is there something new" decision. Does not own: any I/O (background-db.ts opens the database;
 * the service worker runs the query) or decryption — the service worker has no keys, so it can
 * only say "new messages may be waiting".
 *
 * What the record reveals to someone with access to this device's storage (the user is told so
 * in Settings → Notifications): the content topic names this profile listens on and the service
 * node addresses. No keys, no names, no message contents.
 */

export const BACKGROUND_RECORD_VERSION = 1;
/** Hashes kept per record (seen by the app) and per state (already notified); oldest drop first. */
export const MAX_REMEMBERED_HASHES = 500;
/** Content topics per record; the service worker asks in queries of at most 10 (status-protocol.md §10.2). */
export const MAX_BACKGROUND_TOPICS = 50;
export const TOPICS_PER_QUERY = 10;
export const MAX_BACKGROUND_NODES = 8;
/** The one notification the background check shows; a later one replaces it. */
export const BACKGROUND_NOTIFICATION_TAG = 'parley-background';
export const BACKGROUND_NOTIFICATION_TITLE = 'Parley';
export const BACKGROUND_NOTIFICATION_BODY = 'New messages may be waiting. Open Parley to read them.';

/** Written by the worker of an unlocked profile that opted in; read by the service worker. */
export interface BackgroundRecord {
  readonly v: typeof BACKGROUND_RECORD_VERSION;
  readonly profileId: string;
  /** Configured service nodes (multiaddrs): the only places the service worker may connect to. */
  readonly nodes: readonly string[];
  readonly clusterId: number;
  readonly shard: number;
  /** The profile's partitioned topic and its chats' negotiated topics (not contact-code topics). */
  readonly topics: readonly string[];
  /** ms since the epoch: the app has seen everything with an earlier timestamp. */
  readonly seenUntil: number;
  /** Hashes of envelopes the app saw or sent after `seenUntil`. */
  readonly seen: readonly string[];
}

/** Kept by the service worker per profile: what it already notified about. */
export interface BackgroundState {
  readonly notified: readonly string[];
  readonly checkedAt: number;
}

/** One envelope found in store: only what a key-less observer can know. */
export interface FoundEnvelope {
  readonly hash: string;
  /** ms since the epoch (0 when the envelope carried no timestamp). */
  readonly timestamp: number;
}

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A list of non-empty strings, or null; longer lists keep their last `max` (the newest) entries. */
const strings = (v: unknown, max: number): string[] | null =>
  Array.isArray(v) && v.every((s) => typeof s === 'string' && s.length > 0 && s.length <= 512) ? (v as string[]).slice(-max) : null;
const natural = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null);

/** A record, or null for anything malformed (a stale, partial or tampered record checks nothing). */
export function parseBackgroundRecord(value: unknown): BackgroundRecord | null {
  if (!isObject(value) || value['v'] !== BACKGROUND_RECORD_VERSION) return null;
  const profileId = typeof value['profileId'] === 'string' && value['profileId'].length > 0 ? value['profileId'] : null;
  const nodes = strings(value['nodes'], MAX_BACKGROUND_NODES);
  const topics = strings(value['topics'], MAX_BACKGROUND_TOPICS);
  const seen = strings(value['seen'], MAX_REMEMBERED_HASHES);
  const clusterId = natural(value['clusterId']);
  const shard = natural(value['shard']);
  const seenUntil = natural(value['seenUntil']);
  if (profileId === null || !nodes || !topics || !seen || clusterId === null || shard === null || seenUntil === null) return null;
  if (nodes.length === 0 || topics.length === 0) return null;
  return { v: BACKGROUND_RECORD_VERSION, profileId, nodes, clusterId, shard, topics, seenUntil, seen };
}

/** The service worker's own state; garbage reads as "nothing notified yet". */
export function parseBackgroundState(value: unknown): BackgroundState {
  if (!isObject(value)) return { notified: [], checkedAt: 0 };
  return { notified: strings(value['notified'], MAX_REMEMBERED_HASHES) ?? [], checkedAt: natural(value['checkedAt']) ?? 0 };
}

/**
 * The decision: envelopes newer than what the app has seen, that the app did not see or send
 * itself, and that were not notified about already. Any of them means "new messages may be waiting".
 */
export function unseenEnvelopes(record: BackgroundRecord, state: BackgroundState, found: readonly FoundEnvelope[]): FoundEnvelope[] {
  const known = new Set([...record.seen, ...state.notified]);
  return found.filter((e) => e.timestamp > record.seenUntil && !known.has(e.hash));
}

/** The state after a check at `now` that found `fresh` new envelopes. */
export function stateAfter(state: BackgroundState, fresh: readonly FoundEnvelope[], now: number): BackgroundState {
  const notified = [...state.notified.filter((h) => !fresh.some((e) => e.hash === h)), ...fresh.map((e) => e.hash)];
  return { notified: notified.slice(-MAX_REMEMBERED_HASHES), checkedAt: now };
}

/** Where the store check starts: a little before `seenUntil` (clock skew), at most a day back. */
export const CHECK_SKEW_MS = 60_000;
export const CHECK_LOOKBACK_MAX_MS = 24 * 3600 * 1000;
export function checkStart(record: BackgroundRecord, now: number): number {
  return Math.max(record.seenUntil - CHECK_SKEW_MS, now - CHECK_LOOKBACK_MAX_MS);
}

/** What the service worker asks its lazily loaded store client. */
export interface StoreCheckRequest {
  readonly nodes: readonly string[];
  readonly clusterId: number;
  readonly shard: number;
  readonly topics: readonly string[];
  /** ms since the epoch: envelopes from then on. */
  readonly since: number;
  readonly timeoutMs: number;
}

/** The store client (src/service-worker-store.ts) installs itself on the service worker's global under this name. */
export const STORE_CLIENT_GLOBAL = 'parleyStoreClient';

export interface StoreClient {
  /** The newest envelopes (one page per query) on `topics` since `since`; throws on failure or timeout. */
  recentEnvelopes(request: StoreCheckRequest): Promise<FoundEnvelope[]>;
}
