/**
 * UI state of 1:1 chats: the chat list and requests inbox, the messages of opened chats, and the
 * store catch-up progress, all fed by worker events. Every action is a WorkerApi call.
 */
import type { ChatHistoryView, ChatView, HistoryFetchView, HistoryGapView, MessageView } from '$lib/shared/chat.ts';
import type { ErrorInfo, Result } from '$lib/shared/result.ts';
import { workerClient } from '$lib/client/worker-client.ts';
import { errorText } from './error-text.ts';

const compare = (a: MessageView, b: MessageView): number => {
  const ca = BigInt(a.clock);
  const cb = BigInt(b.clock);
  if (ca !== cb) return ca < cb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
};

export class ChatsManager {
  chats = $state<ChatView[]>([]);
  messages = $state<Record<string, MessageView[]>>({});
  sync = $state<{ running: boolean; done: number; total: number; messages: number }>({ running: false, done: 0, total: 0, messages: 0 });
  /** Gaps, floor and history fetches per chat (kept for the chats that were opened). */
  history = $state<Record<string, ChatHistoryView>>({});
  error = $state<string | null>(null);
  busy = $state(false);
  contactsOnly = $state(false);
  /** Unsent text per chat, in this page's memory only: gone on lock, reload or another profile. */
  drafts = $state<Record<string, string>>({});
  #openChat: string | null = null;

  constructor() {
    workerClient().onEvent((event) => {
      if (event.type === 'chat') this.#upsertChat(event.chat);
      else if (event.type === 'message') this.#upsertMessage(event.message);
      else if (event.type === 'chat-sync') this.sync = { running: event.running, done: event.done, total: event.total, messages: event.messages };
      else if (event.type === 'chat-history') this.history = { ...this.history, [event.history.chatId]: event.history };
      else if (event.type === 'session' && event.session.state !== 'unlocked') this.#reset();
    });
  }

  /** Unread messages over all chats and requests (blocked ones excepted): the tab title and app badge. */
  get totalUnread(): number {
    let n = 0;
    for (const c of this.chats) if (!c.blocked && c.request !== 'declined') n += c.unread;
    return n;
  }

  get list(): ChatView[] {
    return this.chats.filter((c) => c.inbox !== 'requests');
  }

  get requests(): ChatView[] {
    return this.chats.filter((c) => c.inbox === 'requests' && c.request !== 'declined');
  }

  chat(id: string): ChatView | undefined {
    return this.chats.find((c) => c.id === id);
  }

  #reset(): void {
    this.chats = [];
    this.messages = {};
    this.history = {};
    this.drafts = {};
  }

  setDraft(chatId: string, text: string): void {
    if ((this.drafts[chatId] ?? '') === text) return;
    const { [chatId]: _old, ...rest } = this.drafts;
    this.drafts = text.trim() ? { ...rest, [chatId]: text } : rest;
  }

  #upsertChat(chat: ChatView): void {
    const rest = this.chats.filter((c) => c.id !== chat.id);
    this.chats = [chat, ...rest].sort((a, b) => b.lastActivity - a.lastActivity);
    if (chat.id === this.#openChat && chat.unread > 0 && document.visibilityState === 'visible') void workerClient().api.markRead(chat.id);
  }

  /** Message events that arrive while a chat's list is being read (applied on top of it). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  readonly #loading = new Map<string, MessageView[]>();

  #upsertMessage(m: MessageView): void {
    this.#loading.get(m.chatId)?.push(m);
    const list = this.messages[m.chatId];
    if (!list) return;
    const next = list.filter((x) => x.id !== m.id);
    if (!m.hidden) next.push(m);
    this.messages = { ...this.messages, [m.chatId]: next.sort(compare) };
  }

  async #run<T, E extends ErrorInfo>(action: () => Promise<Result<T, E>>): Promise<T | null> {
    this.busy = true;
    this.error = null;
    try {
      const r = await action();
      if (r.ok) return r.value;
      this.error = errorText(r.error);
      return null;
    } finally {
      this.busy = false;
    }
  }

  async load(): Promise<void> {
    const chats = await this.#run(() => workerClient().api.listChats());
    if (chats) this.chats = [...chats];
    this.contactsOnly = (await workerClient().api.getChatSettings()).contactsOnly;
  }

  /** The chat list without touching busy or error: the shell keeps unread counts for the title and badge. */
  async refreshQuietly(): Promise<void> {
    const r = await workerClient().api.listChats();
    if (r.ok) this.chats = [...r.value];
  }

  async setContactsOnly(on: boolean): Promise<void> {
    const s = await this.#run(() => workerClient().api.setContactsOnly(on));
    if (s) this.contactsOnly = s.contactsOnly;
  }

  async open(chatId: string | null): Promise<void> {
    this.#openChat = chatId;
    void workerClient().api.setOpenChat(chatId);
    if (!chatId) return;
    // Catch-up serves the open chat first: its messages may arrive while the list is being read.
    const early: MessageView[] = [];
    this.#loading.set(chatId, early);
    const list = await this.#run(() => workerClient().api.getMessages(chatId)).finally(() => this.#loading.delete(chatId));
    if (list) {
      this.messages = { ...this.messages, [chatId]: [...list] };
      for (const m of early) this.#upsertMessage(m);
    }
    const history = await workerClient().api.getChatHistory(chatId);
    if (history.ok) this.history = { ...this.history, [chatId]: history.value };
    await workerClient().api.markRead(chatId);
  }

  /** "Fetch older messages" at the top of a chat; progress and result arrive as history events. */
  async fetchOlder(chatId: string): Promise<HistoryFetchView | null> {
    return this.#fetched(chatId, await workerClient().api.fetchOlderMessages(chatId));
  }

  /** "Fetch" on a gap marker. */
  async fillGap(chatId: string, gap: HistoryGapView): Promise<HistoryFetchView | null> {
    return this.#fetched(chatId, await workerClient().api.fillHistoryGap(chatId, gap.from, gap.to));
  }

  #fetched(chatId: string, r: Result<HistoryFetchView, ErrorInfo>): HistoryFetchView | null {
    if (!r.ok) {
      this.historyError = { ...this.historyError, [chatId]: errorText(r.error) };
      return null;
    }
    this.historyError = { ...this.historyError, [chatId]: '' };
    return r.value;
  }

  /** Why the last history request of a chat was refused ('' when it was not). */
  historyError = $state<Record<string, string>>({});

  clearError(): void {
    this.error = null;
  }

  sendRequest = (target: string, text: string) => this.#run(() => workerClient().api.sendContactRequest(target, text));
  accept = (chatId: string) => this.#run(() => workerClient().api.acceptContactRequest(chatId));
  retract = (chatId: string) => this.#run(() => workerClient().api.retractContact(chatId));
  decline = (chatId: string) => this.#run(() => workerClient().api.declineContactRequest(chatId));
  send = (chatId: string, text: string, responseTo = '') => this.#run(() => workerClient().api.sendMessage(chatId, text, responseTo));
  edit = (chatId: string, id: string, text: string) => this.#run(() => workerClient().api.editMessage(chatId, id, text));
  remove = (chatId: string, id: string) => this.#run(() => workerClient().api.deleteMessage(chatId, id));
  removeForMe = (chatId: string, id: string) => this.#run(() => workerClient().api.deleteMessageForMe(chatId, id));
  pin = (chatId: string, id: string, pinned: boolean) => this.#run(() => workerClient().api.pinMessage(chatId, id, pinned));
  react = (chatId: string, id: string, type: number) => this.#run(() => workerClient().api.react(chatId, id, type));
  async isMuted(chatId: string): Promise<boolean> {
    const r = await workerClient().api.getNotificationSettings();
    return r.ok && r.value.muted.includes(chatId);
  }

  async setMuted(chatId: string, muted: boolean): Promise<boolean> {
    const r = await this.#run(() => workerClient().api.setChatMuted(chatId, muted));
    return r === null ? !muted : r.muted.includes(chatId);
  }

  setFlags = (chatId: string, flags: { blocked?: boolean; verified?: boolean }) => this.#run(() => workerClient().api.setChatFlags(chatId, flags));
}

let manager: ChatsManager | null = null;

export function chatsManager(): ChatsManager {
  manager ??= new ChatsManager();
  return manager;
}
