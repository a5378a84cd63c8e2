/**
 * Catch-up from store nodes (status-protocol.md §10.2) and on-demand history for one chat.
 *
 * Catch-up: for every listened topic, from the last sync minus 60 s (at most 9 days back) to now,
 * in 24 h windows of at most 10 content topics, pages of 50. The open chat's topics go first and
 * newest first, page by page, so what the reader looks at appears first; the rest follows oldest
 * first, each window replayed in time order. The choice is made before every query, so opening
 * another chat mid-way moves it to the front.
 *
 * Gaps: everything a run is about to fetch is recorded as a gap (per content topic, in the vault)
 * before the first query and removed window by window as queries land; so a failed, timed-out or
 * interrupted query, or a tab closed mid-way, leaves exactly what is missing. Offline periods
 * longer than 9 days leave the stretch beyond the limit as a gap. Gaps inside the 9-day period
 * are retried by the next catch-up; older ones wait for the user ("Fetch" on the gap marker, or
 * "Fetch older messages" at the top of a chat, which moves the chat's floor back).
 *
 * Does not own: query mechanics (store-query.ts), decoding (the receiver), the pure range
 * bookkeeping (protocol/store-sync/gaps.ts).
 */
import type { ChatError, ChatHistoryView, HistoryFetchError, HistoryFetchView } from '$lib/shared/chat.ts';
import { createLogger } from '$lib/shared/log.ts';
import { err, ok, type Result } from '$lib/shared/result.ts';
import {
  DEFAULT_SYNC_PERIOD_SECONDS, EMPTY_SYNC_STATE, MAX_CONTENT_TOPICS_PER_QUERY, QUERY_TRIES, clipRanges, planCatchUp, planOlder,
  readSyncState, settleRange, syncWindows, topicState, unionRanges, withTopic, writeSyncState,
  type SyncState, type TimeRange,
} from '../../protocol/index.ts';
import type { PlainWakuMessage, WakuTransport } from '../../transport/waku-node.ts';
import type { ChatContext } from './context.ts';
import type { Received } from './receiver.ts';
import { runStoreQuery, type QueryOutcome, type StoreQuery } from './store-query.ts';
import { Batch } from './store.ts';

const log = createLogger('store-sync');
export const SYNC_RECORD_ID = 'store-sync';
/** Received messages per IndexedDB transaction during catch-up. */
const FLUSH_EVERY = 100;
/** "Fetch older messages" goes this much further back per click. */
export const FETCH_OLDER_SECONDS = DEFAULT_SYNC_PERIOD_SECONDS;

/** Hands one message to the receiver; resolves with what it changed. */
export type DeliverOne = (msg: PlainWakuMessage) => Promise<Received | null | undefined>;
/** The content topics that carry a chat's messages. */
export type ChatTopics = (chatId: string) => readonly string[];

interface Task {
  readonly window: TimeRange;
  readonly topics: readonly string[];
  readonly perPage: boolean;
}

/** A mutex whose waiters are served highest priority first (user fetches before catch-up). */
class PriorityLock {
  #busy = false;
  readonly #waiters: { prio: number; go: () => void }[] = [];

  async acquire(prio: number): Promise<() => void> {
    if (this.#busy) {
      await new Promise<void>((go) => {
        this.#waiters.push({ prio, go });
        this.#waiters.sort((a, b) => b.prio - a.prio);
      });
    }
    this.#busy = true;
    return () => {
      const next = this.#waiters.shift();
      if (next) next.go();
      else this.#busy = false;
    };
  }
}

/** Why a fetch failed, as a stable code (the SDK reports only English messages). */
function failureCode(reason: string): HistoryFetchError {
  if (/no peers? available|node stopped/i.test(reason)) return 'chat/store_unavailable';
  if (/timed out/i.test(reason)) return 'chat/store_timeout';
  return 'chat/fetch_failed';
}

const PRIO_CATCH_UP = 0;
const PRIO_FETCH = 1;

export class StoreSync {
  readonly #ctx: ChatContext;
  readonly #deliver: DeliverOne;
  readonly #chatTopics: ChatTopics;
  #state: SyncState = EMPTY_SYNC_STATE;
  #topics: string[] = [];
  #transport: WakuTransport | null = null;
  #running: Promise<boolean> | null = null;
  /** Topic → windows the running catch-up has yet to query. */
  #pending = new Map<string, TimeRange[]>();
  #openChat: string | null = null;
  readonly #lock = new PriorityLock();
  readonly #fetches = new Map<string, HistoryFetchView>();
  #progress = { done: 0, total: 0, messages: 0 };

  constructor(ctx: ChatContext, deliver: DeliverOne, chatTopics: ChatTopics) {
    this.#ctx = ctx;
    this.#deliver = deliver;
    this.#chatTopics = chatTopics;
  }

  async load(): Promise<void> {
    const stored = await this.#ctx.profile.vault.get('settings', SYNC_RECORD_ID);
    const read = readSyncState(stored.ok ? stored.value : null);
    if (!stored.ok || read.dropped > 0) log.warn(`sync record: ${stored.ok ? `${read.dropped} malformed entries left out` : stored.error.code}`);
    this.#state = read.state;
  }

  setTopics(topics: string[]): void {
    this.#topics = topics;
  }

  setTransport(t: WakuTransport | null): void {
    this.#transport = t;
  }

  /** The chat the reader has open: its topics are caught up first, newest first. */
  setOpenChat(chatId: string | null): void {
    this.#openChat = chatId;
    if (chatId) this.#emitHistory(chatId);
  }

  get running(): boolean {
    return this.#running !== null;
  }

  /**
   * One catch-up at a time; concurrent callers share it. A call during a run (say, new topics
   * appeared) schedules one more run after it. Resolves false when something is missing.
   */
  run(): Promise<boolean> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#run().finally(() => {
      this.#running = null;
      this.#pending.clear();
      if (this.#openChat) this.#emitHistory(this.#openChat);
      if (this.#again) {
        this.#again = false;
        void this.run();
      }
    });
    return this.#running;
  }

  #again = false;

  async #run(): Promise<boolean> {
    const t = this.#transport;
    if (!t) return false;
    const to = Math.ceil(Date.now() / 1000);
    const topics = [...this.#topics];
    let total = 0;
    for (const topic of topics) {
      const { fetch, next } = planCatchUp(topicState(this.#state, topic), to);
      this.#state = withTopic(this.#state, topic, next);
      const windows = fetch.flatMap((r) => syncWindows(r));
      total += windows.length;
      this.#pending.set(topic, windows);
    }
    await this.#persist();
    this.#progress = { done: 0, total, messages: 0 };
    this.#emitProgress(true);
    let complete = true;
    for (;;) {
      const release = await this.#lock.acquire(PRIO_CATCH_UP);
      try {
        if (this.#transport !== t) {
          complete = false; // what is left stays recorded as gaps
          break;
        }
        const task = this.#nextTask();
        if (!task) break;
        const outcome = await this.#query(t, task, (n) => (this.#progress.messages += n));
        complete &&= outcome.ok;
        this.#progress.done += task.topics.length;
        this.#emitProgress(true);
      } finally {
        release();
      }
    }
    this.#emitProgress(false);
    log.info(`store catch-up done: ${this.#progress.done} of ${total} windows over ${topics.length} topics, ${this.#progress.messages} envelopes`);
    if (!complete) log.warn('store catch-up left gaps; the next catch-up retries those inside the sync period');
    return complete;
  }

  /** The open chat's newest pending window first; otherwise the oldest window of any topic. */
  #nextTask(): Task | null {
    const priority = new Set(this.#openChat ? this.#chatTopics(this.#openChat) : []);
    const candidates = [...this.#pending].filter(([, w]) => w.length > 0);
    if (candidates.length === 0) return null;
    const urgent = candidates.filter(([topic]) => priority.has(topic));
    const pool = urgent.length > 0 ? urgent : candidates;
    const newestFirst = urgent.length > 0;
    let pick: TimeRange | null = null;
    for (const [, windows] of pool) {
      for (const w of windows) {
        if (!pick || (newestFirst ? w.to > pick.to : w.from < pick.from)) pick = w;
      }
    }
    const window = pick!;
    const topics: string[] = [];
    for (const [topic, windows] of pool) {
      if (topics.length >= MAX_CONTENT_TOPICS_PER_QUERY) break;
      const i = windows.findIndex((w) => w.from === window.from && w.to === window.to);
      if (i < 0) continue;
      windows.splice(i, 1);
      topics.push(topic);
    }
    return { window, topics, perPage: newestFirst };
  }

  /** Runs one window (two tries, §10.2), settles its gaps, and persists. */
  async #query(t: WakuTransport, task: Task, counted: (n: number) => void, touched?: (r: Received) => void): Promise<QueryOutcome> {
    const store = this.#ctx.store;
    const deliver = async (messages: readonly PlainWakuMessage[]): Promise<void> => {
      counted(messages.length);
      // Receive commits are batched: one IndexedDB transaction per FLUSH_EVERY messages (PERFORMANCE.md).
      await store.deferring(async () => {
        for (const [i, m] of messages.entries()) {
          const r = await this.#deliver(m).catch((e: unknown) => {
            log.warn(`a stored message failed to apply: ${String(e)}`);
            return null;
          });
          if (r && touched) touched(r);
          if ((i + 1) % FLUSH_EVERY === 0) await store.flush();
        }
      });
    };
    let window = task.window;
    let outcome: QueryOutcome = { ok: true, messages: 0 };
    for (let attempt = 1; attempt <= QUERY_TRIES; attempt++) {
      const q: StoreQuery = { contentTopics: task.topics, window, perPage: task.perPage };
      outcome = await runStoreQuery(t, q, deliver).catch((e: unknown) => ({ ok: false as const, messages: 0, received: null, missing: window, reason: String(e) }));
      for (const topic of task.topics) {
        const settled = outcome.ok ? settleRange(topicState(this.#state, topic), window, null) : settleRange(topicState(this.#state, topic), outcome.received, outcome.missing);
        this.#state = withTopic(this.#state, topic, settled);
      }
      if (outcome.ok) break;
      log.warn(`store query failed (try ${attempt}): ${outcome.reason}`);
      window = outcome.missing;
    }
    await this.#persist();
    if (this.#openChat && task.topics.some((topic) => this.#chatTopics(this.#openChat!).includes(topic))) this.#emitHistory(this.#openChat);
    return outcome;
  }

  async #persist(): Promise<void> {
    await this.#ctx.store.commit(new Batch().put('settings', SYNC_RECORD_ID, writeSyncState(this.#state))).catch((e: unknown) => log.warn(`sync record not saved: ${String(e)}`));
  }

  /** Where a chat's history stands: its floor and the gaps above it. */
  history(chatId: string): ChatHistoryView {
    const topics = this.#chatTopics(chatId);
    const states = topics.map((topic) => topicState(this.#state, topic));
    const floors = states.map((s) => s.floor);
    const known = floors.every((f) => f !== undefined) && floors.length > 0;
    const floor = known ? Math.max(...(floors as number[])) : null;
    const gaps = unionRanges(states.map((s) => s.gaps));
    const shown = floor === null ? gaps : clipRanges(gaps, { from: floor, to: Number.MAX_SAFE_INTEGER });
    const syncing = [...this.#pending].some(([topic, w]) => w.length > 0 && topics.includes(topic));
    const fetch = this.#fetches.get(chatId);
    return {
      chatId,
      floor: floor === null ? null : floor * 1000,
      gaps: shown.map((g) => ({ from: g.from * 1000, to: g.to * 1000 })),
      syncing,
      ...(fetch ? { fetch } : {}),
    };
  }

  /** "Fetch older messages": moves the chat's floor back by FETCH_OLDER_SECONDS. */
  fetchOlder(chatId: string): Promise<Result<HistoryFetchView, ChatError>> {
    return this.#fetch(chatId, 'older', (topics) => {
      const floors = topics.map((topic) => topicState(this.#state, topic).floor);
      if (floors.some((f) => f === undefined)) return null;
      const chatFloor = Math.max(...(floors as number[]));
      const from = Math.max(0, chatFloor - FETCH_OLDER_SECONDS);
      const plan = new Map<string, TimeRange[]>();
      for (const topic of topics) {
        const { fetch, next } = planOlder(topicState(this.#state, topic), from, chatFloor);
        this.#state = withTopic(this.#state, topic, next);
        plan.set(topic, fetch);
      }
      return { plan, searchedFrom: from };
    });
  }

  /** "Fetch" on a gap marker: queries the chat's topics over that range again. */
  fillGap(chatId: string, range: TimeRange): Promise<Result<HistoryFetchView, ChatError>> {
    return this.#fetch(chatId, 'gap', (topics) => {
      const plan = new Map<string, TimeRange[]>();
      for (const topic of topics) plan.set(topic, clipRanges(topicState(this.#state, topic).gaps, range));
      return { plan, searchedFrom: range.from };
    });
  }

  async #fetch(
    chatId: string,
    kind: HistoryFetchView['kind'],
    planFor: (topics: readonly string[]) => { plan: Map<string, TimeRange[]>; searchedFrom: number } | null,
  ): Promise<Result<HistoryFetchView, ChatError>> {
    const t = this.#transport;
    if (!t) return err('chat/store_unavailable');
    if (this.#fetches.get(chatId)?.running) return err('chat/fetch_running');
    const topics = this.#chatTopics(chatId);
    const planned = planFor(topics);
    if (!planned) return err('chat/not_synced');
    await this.#persist();
    // Group topics by identical window, newest first (the reader is looking at the newest end).
    const byWindow = new Map<string, { window: TimeRange; topics: string[] }>();
    for (const [topic, ranges] of planned.plan) {
      for (const w of ranges.flatMap((r) => syncWindows(r))) {
        const key = `${w.from}:${w.to}`;
        const entry = byWindow.get(key) ?? { window: w, topics: [] };
        entry.topics.push(topic);
        byWindow.set(key, entry);
      }
    }
    const tasks: Task[] = [...byWindow.values()]
      .sort((a, b) => b.window.to - a.window.to)
      .flatMap(({ window, topics: ts }) => {
        const out: Task[] = [];
        for (let i = 0; i < ts.length; i += MAX_CONTENT_TOPICS_PER_QUERY) out.push({ window, topics: ts.slice(i, i + MAX_CONTENT_TOPICS_PER_QUERY), perPage: true });
        return out;
      });
    const seen = new Set<string>();
    let view: HistoryFetchView = { kind, running: true, done: 0, total: tasks.length, found: 0, searchedFrom: planned.searchedFrom * 1000 };
    const update = (next: HistoryFetchView): void => {
      view = next;
      this.#fetches.set(chatId, view);
      this.#emitHistory(chatId);
    };
    update(view);
    let failure: string | null = null;
    for (const task of tasks) {
      const release = await this.#lock.acquire(PRIO_FETCH);
      try {
        if (this.#transport !== t) {
          failure = 'node stopped';
          break;
        }
        const outcome = await this.#query(t, task, () => undefined, (r) => {
          for (const a of r.applied) if (a.chatId === chatId && a.message) seen.add(a.message.id);
        });
        if (!outcome.ok) failure = outcome.reason;
      } finally {
        release();
      }
      update({ ...view, done: view.done + 1, found: seen.size });
    }
    const done: HistoryFetchView = { ...view, running: false, found: seen.size, ...(failure ? { error: failureCode(failure) } : {}) };
    update(done);
    return ok(done);
  }

  #emitProgress(running: boolean): void {
    const p = this.#progress;
    this.#ctx.events.emit({ type: 'chat-sync', running, done: p.done, total: p.total, messages: p.messages });
  }

  #emitHistory(chatId: string): void {
    this.#ctx.events.emit({ type: 'chat-history', history: this.history(chatId) });
  }
}
