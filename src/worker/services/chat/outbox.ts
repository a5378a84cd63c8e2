/**
 * The transport outbox: every Waku message we publish keeps one fixed timestamp (and so one hash)
 * across retries, because the SDK's own retry sends duplicates with fresh timestamps
 * (waku-sdk-notes.md §4.1). Pending entries live in the vault until a node accepts them, except
 * ephemeral ones (ACK-only MVDS payloads: if one is lost the peer resends and we ACK again). The
 * whole queue is one vault record, so keeping ACKs out of it matters: during a catch-up every
 * epoch ACKs many peers, and rewriting a growing queue per publish was quadratic.
 * An entry may name our messages it carries while they still show "sending": they become "sent"
 * only when a node accepts the envelope (`onPushed`), never while we are offline.
 */
import { createLogger } from '$lib/shared/log.ts';
import { DEFAULT_SHARD } from '$lib/shared/network.ts';
import type { WakuTransport } from '../../transport/waku-node.ts';
import type { ChatContext } from './context.ts';
import { Batch } from './store.ts';

const log = createLogger('outbox');
export const OUTBOX_RECORD_ID = 'outbox';
/** Retry back-off: from 1 s doubling up to 10 s; after this many tries MVDS resends take over. */
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 10_000;
const MAX_TRIES = 12;

export interface OutboxEntry {
  readonly contentTopic: string;
  readonly payload: Uint8Array;
  readonly timestamp: number;
  readonly tries: number;
  /** Memory only (never persisted). */
  readonly ephemeral?: boolean;
  /** Our messages (ids) that this envelope carries and that still show "sending". Persisted. */
  readonly messageIds?: readonly string[];
}

export interface PublishOptions {
  readonly ephemeral?: boolean;
  readonly messageIds?: readonly string[];
}

function isOutbox(v: unknown): v is { v: 1; entries: OutboxEntry[] } {
  return typeof v === 'object' && v !== null && Array.isArray((v as { entries?: unknown }).entries);
}

export class Outbox {
  readonly #ctx: ChatContext;
  #entries: OutboxEntry[] = [];
  #transport: WakuTransport | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #flushing = false;
  /** A flush was asked for while one was running (say, the node just came back): run again after. */
  #again = false;
  /** Told which messages a node has just accepted (ids from the entries' `messageIds`), after the queue is saved. */
  onPushed: (messageIds: readonly string[]) => void = () => undefined;
  /**
   * Told of every envelope a node accepted, with its Waku hash: what we sent is not news for the
   * background check, even when no filter echo brings it back (a topic subscribed to later, a lost push).
   */
  onPublished: (envelope: { readonly contentTopic: string; readonly hash: string; readonly timestamp: number }) => void = () => undefined;

  constructor(ctx: ChatContext) {
    this.#ctx = ctx;
  }

  async load(): Promise<void> {
    this.#entries = (await this.#ctx.store.value('sessions', OUTBOX_RECORD_ID, isOutbox))?.entries ?? [];
  }

  setTransport(t: WakuTransport | null): void {
    this.#transport = t;
    if (t && this.#entries.length > 0) this.#schedule(0);
  }

  async publish(contentTopic: string, payload: Uint8Array, opts: PublishOptions = {}): Promise<void> {
    const ephemeral = opts.ephemeral === true;
    const messageIds = opts.messageIds && opts.messageIds.length > 0 ? [...opts.messageIds] : undefined;
    this.#entries.push({ contentTopic, payload, timestamp: Date.now(), tries: 0, ...(ephemeral ? { ephemeral } : {}), ...(messageIds ? { messageIds } : {}) });
    if (!ephemeral) await this.#persist();
    this.#schedule(0);
  }

  #schedule(ms: number): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.flush(), ms);
  }

  /** Tries every pending entry once; failures stay with a longer wait. */
  async flush(): Promise<void> {
    const t = this.#transport;
    if (!t) return;
    if (this.#flushing) {
      this.#again = true;
      return;
    }
    this.#flushing = true;
    try {
      const pending = this.#entries;
      this.#entries = [];
      const remaining: OutboxEntry[] = [];
      const pushed: string[] = [];
      for (const e of pending) {
        const sent = await this.#send(t, e);
        if (sent) pushed.push(...(e.messageIds ?? []));
        else if (e.tries + 1 < MAX_TRIES) remaining.push({ ...e, tries: e.tries + 1 });
      }
      // Entries published while we were sending were appended meanwhile; keep them after ours.
      this.#entries = [...remaining, ...this.#entries];
      if (pending.some((e) => !e.ephemeral)) await this.#persist();
      if (pushed.length > 0) this.onPushed(pushed);
      if (remaining.length > 0) this.#schedule(Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** Math.min(...remaining.map((e) => e.tries))));
    } finally {
      this.#flushing = false;
      if (this.#again) {
        this.#again = false;
        this.#schedule(0);
      }
    }
  }

  async #send(t: WakuTransport, e: OutboxEntry): Promise<boolean> {
    try {
      const encoder = t.statusEncoder(e.contentTopic, DEFAULT_SHARD);
      const r = await t.node.lightPush.send(encoder, { payload: e.payload, timestamp: new Date(e.timestamp) }, { autoRetry: false });
      if (r.successes.length === 0) return false;
      // Accepted: whatever happens while reporting it, the entry is done (never pushed twice).
      await t
        .hashOf(encoder, e.payload, new Date(e.timestamp))
        .then((hash) => this.onPublished({ contentTopic: e.contentTopic, hash, timestamp: e.timestamp }))
        .catch((err: unknown) => log.debug(`hash of a pushed envelope: ${String(err)}`));
      return true;
    } catch (err) {
      log.debug(`light push failed: ${String(err)}`);
      return false;
    }
  }

  async #persist(): Promise<void> {
    const entries = this.#entries.filter((e) => !e.ephemeral);
    await this.#ctx.store.commit(new Batch().put('sessions', OUTBOX_RECORD_ID, { v: 1, entries }));
  }

  /** Entries waiting for a node to accept them (tests and diagnostics). */
  get pending(): readonly OutboxEntry[] {
    return this.#entries;
  }

  stop(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#transport = null;
  }
}
