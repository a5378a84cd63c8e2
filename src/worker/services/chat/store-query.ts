/**
 * One content-filtered store query (WAKU2-STORE v3 through @waku/sdk) over one ≤ 24 h window, in
 * pages of 50 with a timeout per page, delivered page by page while the next page is fetched:
 * backwards (newest page first) for the open chat, forwards (in time order) for everything else.
 * It gives an exact account of how far it got: when a page fails or times out, the part already
 * received is complete and the rest of the window is reported missing.
 * Does not own: what is queried when (store-sync.ts) or what a message means (the receiver).
 */
import { DEFAULT_SHARD } from '$lib/shared/network.ts';
import { QUERY_TIMEOUT_MS, STORE_PAGE_SIZE, type TimeRange } from '../../protocol/index.ts';
import { toPlainMessage, type PlainWakuMessage, type WakuTransport } from '../../transport/waku-node.ts';

export interface StoreQuery {
  readonly contentTopics: readonly string[];
  /** Unix seconds, at most 24 h apart (the SDK refuses longer ranges, notes §4.2). */
  readonly window: TimeRange;
  /** Newest page first (the open chat) instead of in time order. */
  readonly perPage: boolean;
}

export type QueryOutcome =
  | { readonly ok: true; readonly messages: number }
  | {
      readonly ok: false;
      readonly messages: number;
      /** The part of the window that is complete (newest end), or null when nothing is. */
      readonly received: TimeRange | null;
      readonly missing: TimeRange;
      readonly reason: string;
    };

export type Deliver = (messages: readonly PlainWakuMessage[]) => Promise<void>;

function timeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`store page timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

const byTime = (a: PlainWakuMessage, b: PlainWakuMessage): number => a.timestamp - b.timestamp;

export async function runStoreQuery(t: WakuTransport, q: StoreQuery, deliver: Deliver, pageTimeoutMs = QUERY_TIMEOUT_MS): Promise<QueryOutcome> {
  const { window } = q;
  /** The open chat pages backwards (newest first); everything else forwards, already in time order. */
  const forward = !q.perPage;
  let count = 0;
  /** ms timestamps of the oldest and newest message received so far. */
  let oldest = Infinity;
  let newest = -Infinity;
  const decoders = q.contentTopics.map((topic) => t.statusDecoder(topic, DEFAULT_SHARD));
  const options = {
    timeStart: new Date(window.from * 1000),
    timeEnd: new Date(window.to * 1000),
    paginationForward: forward,
    paginationLimit: STORE_PAGE_SIZE,
  };
  let iterator: AsyncIterator<Promise<unknown>[]> | null = null;
  try {
    iterator = t.node.store.queryGenerator(decoders, options)[Symbol.asyncIterator]();
    let next = iterator.next();
    for (;;) {
      const step = await timeout(next, pageTimeoutMs);
      if (step.done) break;
      const decoded = await timeout(Promise.all(step.value), pageTimeoutMs);
      // Ask for the next page now: the store node serves it while this one is applied.
      next = iterator.next();
      next.catch(() => undefined); // awaited above on the next turn; this only keeps it from being "unhandled"
      const page: PlainWakuMessage[] = [];
      for (const m of decoded) {
        if (!m) continue;
        const plain = toPlainMessage(m as Parameters<typeof toPlainMessage>[0]);
        page.push(plain);
        if (plain.timestamp > 0) {
          oldest = Math.min(oldest, plain.timestamp);
          newest = Math.max(newest, plain.timestamp);
        }
      }
      count += page.length;
      // Each page is in time order already (notes §4.3); sort anyway, the node is not ours.
      await deliver(page.sort(byTime));
    }
  } catch (e) {
    void iterator?.return?.().catch(() => undefined);
    return { ok: false, messages: count, ...partial(window, forward, oldest, newest), reason: String(e) };
  }
  return { ok: true, messages: count };
}

/**
 * What a query that failed part-way got: the end it started from is complete up to the last
 * message received, except that message's second (same-second messages may sit on the page that
 * failed), which stays missing with the rest.
 */
function partial(window: TimeRange, forward: boolean, oldest: number, newest: number): { received: TimeRange | null; missing: TimeRange } {
  if (forward) {
    const cut = Number.isFinite(newest) ? Math.max(window.from, Math.floor(newest / 1000)) : window.from;
    return { received: cut > window.from ? { from: window.from, to: cut } : null, missing: { from: Math.min(cut, window.to - 1), to: window.to } };
  }
  const cut = Number.isFinite(oldest) ? Math.min(window.to, Math.floor(oldest / 1000) + 1) : window.to;
  return { received: cut < window.to ? { from: cut, to: window.to } : null, missing: { from: window.from, to: Math.max(window.from + 1, cut) } };
}
