/**
 * Gap bookkeeping for store synchronisation (status-protocol.md §10.2 step 5), as pure functions
 * over sets of time ranges: a range list is sorted, disjoint and has no touching neighbours, in
 * whole Unix seconds with `from < to`. Also the persisted sync state per content topic (last
 * request, history floor, gaps) and its validation on read. Owns no I/O and no clock.
 */
import { DEFAULT_SYNC_PERIOD_SECONDS, SYNC_TOLERANCE_SECONDS } from './plan.ts';

export interface TimeRange {
  /** Unix seconds, inclusive. */
  readonly from: number;
  /** Unix seconds, exclusive. */
  readonly to: number;
}

/** At most this many gaps are kept per topic; the oldest merge beyond it (bounded record size). */
export const MAX_GAPS_PER_TOPIC = 64;

function isRange(v: unknown): v is TimeRange {
  if (typeof v !== 'object' || v === null) return false;
  const { from, to } = v as { from?: unknown; to?: unknown };
  return Number.isSafeInteger(from) && Number.isSafeInteger(to) && (from as number) >= 0 && (from as number) < (to as number);
}

/** Sorts and merges overlapping or touching ranges; drops empty ones. */
export function normalise(ranges: readonly TimeRange[]): TimeRange[] {
  const sorted = ranges.filter((r) => r.from < r.to).sort((a, b) => a.from - b.from || a.to - b.to);
  const out: TimeRange[] = [];
  for (const r of sorted) {
    const last = out.at(-1);
    if (last && r.from <= last.to) out[out.length - 1] = { from: last.from, to: Math.max(last.to, r.to) };
    else out.push({ from: r.from, to: r.to });
  }
  if (out.length <= MAX_GAPS_PER_TOPIC) return out;
  // Too many holes: merge the oldest ones into one (over-reporting a gap is safe, losing one is not).
  const excess = out.length - MAX_GAPS_PER_TOPIC;
  return [{ from: out[0]!.from, to: out[excess]!.to }, ...out.slice(excess + 1)];
}

/** The union of a range list and one range. */
export function addRange(list: readonly TimeRange[], r: TimeRange): TimeRange[] {
  return normalise([...list, r]);
}

/** The range list minus one range (splits a range that contains it). */
export function removeRange(list: readonly TimeRange[], r: TimeRange): TimeRange[] {
  if (r.from >= r.to) return normalise(list);
  const out: TimeRange[] = [];
  for (const x of list) {
    if (x.to <= r.from || x.from >= r.to) {
      out.push(x);
      continue;
    }
    if (x.from < r.from) out.push({ from: x.from, to: r.from });
    if (x.to > r.to) out.push({ from: r.to, to: x.to });
  }
  return normalise(out);
}

/** The part of a range list inside `bounds`. */
export function clipRanges(list: readonly TimeRange[], bounds: TimeRange): TimeRange[] {
  const out: TimeRange[] = [];
  for (const x of list) {
    const from = Math.max(x.from, bounds.from);
    const to = Math.min(x.to, bounds.to);
    if (from < to) out.push({ from, to });
  }
  return normalise(out);
}

/** The union of several range lists (say, the gaps of every topic of one chat). */
export function unionRanges(lists: readonly (readonly TimeRange[])[]): TimeRange[] {
  return normalise(lists.flat());
}

/** What is known of one content topic's history on the store nodes. */
export interface TopicSyncRecord {
  /** Unix seconds of the last catch-up that covered this topic up to "now" (§10.2 lastRequest). */
  readonly lastRequest?: number;
  /** Unix seconds: history was requested back to here (older history was never asked for). */
  readonly floor?: number;
  /** Ranges above the floor that were not (fully) fetched. */
  readonly gaps: readonly TimeRange[];
}

export interface SyncState {
  readonly topics: Readonly<Record<string, TopicSyncRecord>>;
}

export const EMPTY_SYNC_STATE: SyncState = { topics: {} };

/** What a stored sync record held that could not be used (reported, never thrown). */
export interface SyncStateReadReport {
  readonly state: SyncState;
  /** Entries that failed validation and were left out. */
  readonly dropped: number;
}

function seconds(v: unknown): number | undefined {
  return Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : undefined;
}

/**
 * Reads a stored sync record: version 2 ({v: 2, topics}), or version 1 ({v: 1, lastRequest})
 * from before gaps were kept. Anything malformed is dropped entry by entry: a bad gap list loses
 * only that topic's gaps, a bad record reads as empty (the next catch-up goes back 9 days).
 */
export function readSyncState(v: unknown): SyncStateReadReport {
  if (typeof v !== 'object' || v === null) return { state: EMPTY_SYNC_STATE, dropped: v === undefined ? 0 : 1 };
  const rec = v as { v?: unknown; lastRequest?: unknown; topics?: unknown };
  const topics: Record<string, TopicSyncRecord> = {};
  let dropped = 0;
  if (rec.v === 1 && typeof rec.lastRequest === 'object' && rec.lastRequest !== null) {
    for (const [topic, last] of Object.entries(rec.lastRequest)) {
      const s = seconds(last);
      if (s === undefined) dropped++;
      else topics[topic] = { lastRequest: s, gaps: [] };
    }
    return { state: { topics }, dropped };
  }
  if (rec.v !== 2 || typeof rec.topics !== 'object' || rec.topics === null || Array.isArray(rec.topics)) return { state: EMPTY_SYNC_STATE, dropped: 1 };
  for (const [topic, raw] of Object.entries(rec.topics as Record<string, unknown>)) {
    if (typeof raw !== 'object' || raw === null) {
      dropped++;
      continue;
    }
    const t = raw as { lastRequest?: unknown; floor?: unknown; gaps?: unknown };
    const lastRequest = seconds(t.lastRequest);
    const floor = seconds(t.floor);
    if (t.lastRequest !== undefined && lastRequest === undefined) dropped++;
    if (t.floor !== undefined && floor === undefined) dropped++;
    let gaps: TimeRange[] = [];
    if (Array.isArray(t.gaps)) {
      const good = t.gaps.filter(isRange);
      dropped += t.gaps.length - good.length;
      gaps = normalise(good.map((g) => ({ from: g.from, to: g.to })));
    } else if (t.gaps !== undefined) dropped++;
    topics[topic] = { ...(lastRequest !== undefined ? { lastRequest } : {}), ...(floor !== undefined ? { floor } : {}), gaps };
  }
  return { state: { topics }, dropped };
}

/** The stored form (plain data, version 2). */
export function writeSyncState(s: SyncState): { v: 2; topics: Record<string, TopicSyncRecord> } {
  return { v: 2, topics: { ...s.topics } };
}

export function topicState(s: SyncState, topic: string): TopicSyncRecord {
  return s.topics[topic] ?? { gaps: [] };
}

export function withTopic(s: SyncState, topic: string, t: TopicSyncRecord): SyncState {
  return { topics: { ...s.topics, [topic]: t } };
}

/**
 * Plans one catch-up of a topic at `to` (Unix seconds, §10.2 step 2) and records what it will
 * not cover: when the last request is older than the sync period, the stretch between it (minus
 * the 60 s tolerance) and the period's start becomes a gap. Returns the ranges to fetch now (the
 * new range plus older gaps inside the period, so failed windows are retried) and the topic's
 * state with everything being fetched marked as a gap until a query fills it.
 */
export function planCatchUp(t: TopicSyncRecord, to: number, periodSeconds = DEFAULT_SYNC_PERIOD_SECONDS): { fetch: TimeRange[]; next: TopicSyncRecord } {
  const periodStart = to - periodSeconds;
  let gaps = [...t.gaps];
  let from = periodStart;
  if (t.lastRequest !== undefined) {
    const since = t.lastRequest - SYNC_TOLERANCE_SECONDS;
    if (since > periodStart) from = Math.min(since, to);
    else if (since < periodStart) gaps = addRange(gaps, { from: since, to: periodStart });
  }
  const fresh: TimeRange = { from, to };
  const fetch = normalise([fresh, ...clipRanges(gaps, { from: periodStart, to })]);
  const floor = Math.min(t.floor ?? periodStart, from);
  return { fetch, next: { lastRequest: to, floor, gaps: unionRanges([gaps, fetch]) } };
}

/**
 * The ranges of one topic to fetch for "fetch older" of a chat whose floor is `chatFloor`: from
 * `from` up to the topic's own floor (what it never asked for), plus its gaps inside
 * [from, chatFloor]. Returns the topic's state with those ranges marked as gaps until filled.
 */
export function planOlder(t: TopicSyncRecord, from: number, chatFloor: number): { fetch: TimeRange[]; next: TopicSyncRecord } {
  const own = Math.min(t.floor ?? chatFloor, chatFloor);
  const fetch = normalise([{ from, to: own }, ...clipRanges(t.gaps, { from, to: chatFloor })]);
  return { fetch, next: { ...t, floor: Math.min(own, from), gaps: unionRanges([t.gaps, fetch]) } };
}

/** Marks `received` as fetched and `missing` as a gap. */
export function settleRange(t: TopicSyncRecord, received: TimeRange | null, missing: TimeRange | null): TopicSyncRecord {
  let gaps: readonly TimeRange[] = t.gaps;
  if (received) gaps = removeRange(gaps, received);
  if (missing) gaps = addRange(gaps, missing);
  return { ...t, gaps };
}
