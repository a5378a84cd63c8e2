/**
 * Catch-up from store nodes (status-protocol.md §10.2): for every listened topic, from the last
 * sync minus 60 s (at most 9 days back) to now, in 24 h windows of at most 10 content topics,
 * pages of 50. Windows are replayed oldest first and each window in time order, so edits and
 * reactions find their originals. The last sync time per topic is kept in the vault.
 */
import { createLogger } from '$lib/shared/log.ts';
import { DEFAULT_SHARD } from '$lib/shared/network.ts';
import { planStoreQueries, type PlannedStoreQuery } from '../../protocol/index.ts';
import { toPlainMessage, type PlainWakuMessage, type WakuTransport } from '../../transport/waku-node.ts';
import type { ChatContext } from './context.ts';
import { Batch } from './store.ts';

const log = createLogger('store-sync');
export const SYNC_RECORD_ID = 'store-sync';

interface SyncRecord {
  readonly v: 1;
  /** content topic → Unix seconds of the last completed sync. */
  readonly lastRequest: Readonly<Record<string, number>>;
}

function isSyncRecord(v: unknown): v is SyncRecord {
  return typeof v === 'object' && v !== null && (v as { v?: unknown }).v === 1 && typeof (v as { lastRequest?: unknown }).lastRequest === 'object';
}

export class StoreSync {
  readonly #ctx: ChatContext;
  readonly #deliver: (msg: PlainWakuMessage) => Promise<void>;
  #lastRequest: Record<string, number> = {};
  #topics: string[] = [];
  #transport: WakuTransport | null = null;
  #running: Promise<boolean> | null = null;

  constructor(ctx: ChatContext, deliver: (msg: PlainWakuMessage) => Promise<void>) {
    this.#ctx = ctx;
    this.#deliver = deliver;
  }

  async load(): Promise<void> {
    this.#lastRequest = { ...((await this.#ctx.store.value('settings', SYNC_RECORD_ID, isSyncRecord))?.lastRequest ?? {}) };
  }

  setTopics(topics: string[]): void {
    this.#topics = topics;
  }

  setTransport(t: WakuTransport | null): void {
    this.#transport = t;
  }

  /** One catch-up at a time; concurrent callers share it. Resolves false on failure. */
  run(): Promise<boolean> {
    this.#running ??= this.#run().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #run(): Promise<boolean> {
    const t = this.#transport;
    if (!t) return false;
    const now = Date.now();
    const pubsubTopic = `/waku/2/rs/${t.settings.clusterId}/${DEFAULT_SHARD}`;
    const queries = planStoreQueries(this.#topics.map((contentTopic) => ({ pubsubTopic, contentTopic, lastRequest: this.#lastRequest[contentTopic] })), now)
      .sort((a, b) => (a.timeStart < b.timeStart ? -1 : a.timeStart > b.timeStart ? 1 : 0));
    let done = 0;
    this.#progress(true, done, queries.length);
    try {
      for (const q of queries) {
        await this.#query(t, q);
        this.#progress(true, ++done, queries.length);
      }
    } catch (e) {
      log.warn(`store catch-up failed: ${String(e)}`);
      this.#progress(false, done, queries.length);
      return false;
    }
    const to = Math.ceil(now / 1000);
    for (const topic of this.#topics) this.#lastRequest[topic] = to;
    await this.#ctx.store.commit(new Batch().put('settings', SYNC_RECORD_ID, { v: 1, lastRequest: this.#lastRequest } satisfies SyncRecord));
    this.#progress(false, done, queries.length);
    return true;
  }

  async #query(t: WakuTransport, q: PlannedStoreQuery): Promise<void> {
    const decoders = q.contentTopics.map((topic) => t.statusDecoder(topic, DEFAULT_SHARD));
    const options = {
      timeStart: new Date(Number(q.timeStart / 1_000_000n)),
      timeEnd: new Date(Number(q.timeEnd / 1_000_000n)),
      paginationForward: q.paginationForward,
      paginationLimit: q.paginationLimit,
    };
    const found: PlainWakuMessage[] = [];
    for await (const page of t.node.store.queryGenerator(decoders, options)) {
      for (const pending of page) {
        const m = await pending;
        if (m) found.push(toPlainMessage(m));
      }
    }
    // Backward pages arrive newest first (notes §4.3): replay in time order.
    found.sort((a, b) => a.timestamp - b.timestamp);
    for (const m of found) await this.#deliver(m);
  }

  #progress(running: boolean, done: number, total: number): void {
    this.#ctx.events.emit({ type: 'chat-sync', running, done, total });
  }
}
