/**
 * One content-filtered store query (WAKU2-STORE v3 through @waku/sdk) over one ≤ 24 h window,
 * paged backwards (newest page first, pages of 50), with a timeout per page and an exact account
 * of how far it got: when a page fails or times out, everything newer than the oldest message
 * received is complete and the rest of the window is reported missing. Delivers messages either
 * page by page (the open chat: newest first) or once for the whole window in time order.
 * Does not own: what is queried when (store-sync.ts) or what a message means (the receiver).
 */
import { DEFAULT_SHARD } from '$lib/shared/network.ts';
import { QUERY_TIMEOUT_MS, STORE_PAGE_SIZE, type TimeRange } from '../../protocol/index.ts';
import { toPlainMessage, type PlainWakuMessage, type WakuTransport } from '../../transport/waku-node.ts';

export interface StoreQuery {
  readonly contentTopics: readonly string[];
  /** Unix seconds, at most 24 h apart (the SDK refuses longer ranges, notes §4.2). */
  readonly window: TimeRange;
  /** Deliver each page as it arrives (newest page first) instead of the whole window at the end. */
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
  const held: PlainWakuMessage[] = [];
  let count = 0;
  /** ms timestamp of the oldest message received so far (pages go newest → oldest). */
  let oldest = Infinity;
  const decoders = q.contentTopics.map((topic) => t.statusDecoder(topic, DEFAULT_SHARD));
  const options = {
    timeStart: new Date(window.from * 1000),
    timeEnd: new Date(window.to * 1000),
    paginationForward: false,
    paginationLimit: STORE_PAGE_SIZE,
  };
  let iterator: AsyncIterator<Promise<unknown>[]> | null = null;
  try {
    iterator = t.node.store.queryGenerator(decoders, options)[Symbol.asyncIterator]();
    for (;;) {
      const step = await timeout(iterator.next(), pageTimeoutMs);
      if (step.done) break;
      const decoded = await timeout(Promise.all(step.value), pageTimeoutMs);
      const page: PlainWakuMessage[] = [];
      for (const m of decoded) {
        if (!m) continue;
        const plain = toPlainMessage(m as Parameters<typeof toPlainMessage>[0]);
        page.push(plain);
        if (plain.timestamp > 0) oldest = Math.min(oldest, plain.timestamp);
      }
      count += page.length;
      // Each page is in time order already (notes §4.3); sort anyway, the node is not ours.
      if (q.perPage) await deliver(page.sort(byTime));
      else held.push(...page);
    }
  } catch (e) {
    void iterator?.return?.().catch(() => undefined);
    if (held.length > 0) await deliver(held.sort(byTime));
    // Everything strictly newer than the oldest message received is complete; same-second
    // messages may sit on the page that failed, so the boundary second stays missing.
    const cut = Number.isFinite(oldest) ? Math.min(window.to, Math.floor(oldest / 1000) + 1) : window.to;
    const received = cut < window.to ? { from: cut, to: window.to } : null;
    return { ok: false, messages: count, received, missing: { from: window.from, to: Math.max(window.from + 1, cut) }, reason: String(e) };
  }
  if (held.length > 0) await deliver(held.sort(byTime));
  return { ok: true, messages: count };
}
