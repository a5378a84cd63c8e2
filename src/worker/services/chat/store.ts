/**
 * Vault access for the chat engine: typed reads with validation, and writes collected into one
 * batch that lands in a single IndexedDB transaction (ratchet state, MVDS state, chat and message
 * together, or nothing: ARCHITECTURE.md rule 3).
 *
 * Catch-up batching (PERFORMANCE.md): inside `deferring`, commits marked deferrable (the
 * receiver's) are merged into one pending batch, readable through this store at once, and written
 * by `flush` in a single transaction for many messages; any other commit in the meantime (a send)
 * lands together with everything pending first, so nothing is published before what it depends
 * on is stored. Recently stored or read messages are kept in a small cache: the chat service reads
 * back the message it just stored, twice per received message.
 */
import type { RecordWrite, Vault } from '../../vault/vault.ts';
import type { StoreName } from '../../vault/record-cipher.ts';
import { isChatRecord, isMessageRecord, type ChatRecord, type MessageRecord } from './records.ts';

/** Messages kept in the read cache. */
const RECENT_MESSAGES = 512;

export class ChatStore {
  readonly #vault: Vault;
  readonly #chats = new Map<string, ChatRecord>();
  #loadedChats = false;
  readonly #recent = new Map<string, MessageRecord>();
  /** Deferred writes (store, id) → write, in order; null when not deferring. */
  #pending: Map<string, RecordWrite> | null = null;
  #pendingChats = new Map<string, ChatRecord>();

  constructor(vault: Vault) {
    this.#vault = vault;
  }

  async value<T>(store: StoreName, id: string, guard: (v: unknown) => v is T): Promise<T | undefined> {
    const pending = this.#pending?.get(pendingKey(store, id));
    if (pending) return guard(pending.value) ? pending.value : undefined;
    const r = await this.#vault.get(store, id);
    return r.ok && guard(r.value) ? r.value : undefined;
  }

  async chats(): Promise<ChatRecord[]> {
    if (!this.#loadedChats) {
      const listed = await this.#vault.list('chats');
      // Chats set by commits meanwhile are newer than what the vault listed.
      if (listed.ok) for (const { value } of listed.value.entries) if (isChatRecord(value) && !this.#chats.has(value.id)) this.#chats.set(value.id, value);
      this.#loadedChats = true;
    }
    if (this.#pendingChats.size === 0) return [...this.#chats.values()];
    return [...new Map([...this.#chats, ...this.#pendingChats]).values()];
  }

  async chat(id: string): Promise<ChatRecord | undefined> {
    await this.chats();
    return this.#pendingChats.get(id) ?? this.#chats.get(id);
  }

  async message(id: string): Promise<MessageRecord | undefined> {
    const recent = this.#recent.get(id);
    if (recent) return recent;
    const m = await this.value('messages', id, isMessageRecord);
    if (m) this.#remember(m);
    return m;
  }

  #remember(m: MessageRecord): void {
    this.#recent.delete(m.id);
    this.#recent.set(m.id, m);
    if (this.#recent.size > RECENT_MESSAGES) this.#recent.delete(this.#recent.keys().next().value!);
  }

  async messagesOf(chatId: string): Promise<MessageRecord[]> {
    const listed = await this.#vault.listGroup('messages', chatId);
    const stored = listed.ok ? listed.value.entries.map((e) => e.value).filter(isMessageRecord) : [];
    const pending = this.#pending ? [...this.#pending.values()].filter((w) => w.store === 'messages' && w.group === chatId).map((w) => w.value).filter(isMessageRecord) : [];
    if (pending.length === 0) return stored;
    return [...new Map([...stored, ...pending].map((m) => [m.id, m])).values()];
  }

  /**
   * Commits a batch; the caches follow only once the transaction landed. With `deferrable` inside
   * `deferring`, the batch joins the pending one instead (readable at once, written by `flush`).
   */
  async commit(batch: Batch, opts: { deferrable?: boolean } = {}): Promise<void> {
    if (batch.writes.length === 0) return;
    if (this.#pending && opts.deferrable) {
      for (const w of batch.writes) {
        this.#pending.set(pendingKey(w.store, w.id), w);
        if (w.store === 'messages' && isMessageRecord(w.value)) this.#remember(w.value);
      }
      for (const c of batch.chats) this.#pendingChats.set(c.id, c);
      return;
    }
    await this.#write([...this.#takePending(), ...batch.writes], [...this.#pendingChats.values(), ...batch.chats]);
  }

  /** Writes whatever is pending, in one transaction. */
  async flush(): Promise<void> {
    const writes = this.#takePending();
    if (writes.length > 0) await this.#write(writes, [...this.#pendingChats.values()]);
  }

  /**
   * Runs `work` with deferrable commits collected; `flushEvery` (say, every 100 messages) is
   * called by the work itself. Whatever is still pending when it ends is flushed.
   */
  async deferring<T>(work: () => Promise<T>): Promise<T> {
    if (this.#pending) return work();
    this.#pending = new Map();
    this.#pendingChats = new Map();
    try {
      return await work();
    } finally {
      // What was applied before a failure is still written; a failed write resets the caches.
      try {
        await this.flush();
      } finally {
        this.#pending = null;
        this.#pendingChats = new Map();
      }
    }
  }

  #takePending(): RecordWrite[] {
    if (!this.#pending) return [];
    const writes = [...this.#pending.values()];
    this.#pending.clear();
    return writes;
  }

  async #write(writes: RecordWrite[], chats: ChatRecord[]): Promise<void> {
    // The pending chats are taken with their writes, and stay readable while the transaction runs
    // (a chat read then must not see its older version); a failed write resets the cache below.
    this.#pendingChats = new Map();
    for (const c of chats) this.#chats.set(c.id, c);
    let failure: string | undefined;
    try {
      const r = await this.#vault.put(...writes);
      if (!r.ok) failure = r.error.code;
    } catch (e) {
      failure = String(e);
    }
    if (failure !== undefined) {
      this.#forgetCaches();
      throw new Error(`vault write failed: ${failure}`);
    }
    for (const w of writes) if (w.store === 'messages' && isMessageRecord(w.value)) this.#remember(w.value);
  }

  /** Memory must not be ahead of the vault: drop what may be (read again on demand). */
  #forgetCaches(): void {
    this.#chats.clear();
    this.#loadedChats = false;
    this.#recent.clear();
    this.onLostWrites();
  }

  /** Called after a write failed: holders of state derived from commits (peers, MVDS) reload it. */
  onLostWrites: () => void = () => undefined;
}

const pendingKey = (store: StoreName, id: string): string => `${store}\u0000${id}`;

/** Writes to commit together, plus the chat records among them for the cache. */
export class Batch {
  readonly writes: RecordWrite[] = [];
  readonly chats: ChatRecord[] = [];

  put(store: StoreName, id: string, value: unknown, group?: string): this {
    const existing = this.writes.findIndex((w) => w.store === store && w.id === id);
    const write: RecordWrite = group === undefined ? { store, id, value } : { store, id, value, group };
    if (existing >= 0) this.writes[existing] = write;
    else this.writes.push(write);
    return this;
  }

  chat(c: ChatRecord): this {
    const i = this.chats.findIndex((x) => x.id === c.id);
    if (i >= 0) this.chats[i] = c;
    else this.chats.push(c);
    return this.put('chats', c.id, c);
  }

  message(m: MessageRecord): this {
    return this.put('messages', m.id, m, m.chatId);
  }
}
