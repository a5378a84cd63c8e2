/**
 * Vault access for the chat engine: typed reads with validation, and writes collected into one
 * batch that lands in a single IndexedDB transaction (ratchet state, MVDS state, chat and message
 * together, or nothing: ARCHITECTURE.md rule 3).
 */
import type { RecordWrite, Vault } from '../../vault/vault.ts';
import type { StoreName } from '../../vault/record-cipher.ts';
import { isChatRecord, isMessageRecord, type ChatRecord, type MessageRecord } from './records.ts';

export class ChatStore {
  readonly #vault: Vault;
  readonly #chats = new Map<string, ChatRecord>();
  #loadedChats = false;

  constructor(vault: Vault) {
    this.#vault = vault;
  }

  async value<T>(store: StoreName, id: string, guard: (v: unknown) => v is T): Promise<T | undefined> {
    const r = await this.#vault.get(store, id);
    return r.ok && guard(r.value) ? r.value : undefined;
  }

  async chats(): Promise<ChatRecord[]> {
    if (!this.#loadedChats) {
      const listed = await this.#vault.list('chats');
      if (listed.ok) for (const { value } of listed.value.entries) if (isChatRecord(value)) this.#chats.set(value.id, value);
      this.#loadedChats = true;
    }
    return [...this.#chats.values()];
  }

  async chat(id: string): Promise<ChatRecord | undefined> {
    await this.chats();
    return this.#chats.get(id);
  }

  message(id: string): Promise<MessageRecord | undefined> {
    return this.value('messages', id, isMessageRecord);
  }

  async messagesOf(chatId: string): Promise<MessageRecord[]> {
    const listed = await this.#vault.listGroup('messages', chatId);
    if (!listed.ok) return [];
    return listed.value.entries.map((e) => e.value).filter(isMessageRecord);
  }

  /** Commits a batch; the chat cache follows only once the transaction landed. */
  async commit(batch: Batch): Promise<void> {
    if (batch.writes.length === 0) return;
    const r = await this.#vault.put(...batch.writes);
    if (!r.ok) throw new Error(`vault write failed: ${r.error.code}`);
    for (const c of batch.chats) this.#chats.set(c.id, c);
  }
}

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
