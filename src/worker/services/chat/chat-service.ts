/**
 * The chat use-case behind WorkerApi: opens the engine when a profile is unlocked and closes it on
 * lock, lists chats (split into the chat list and the requests inbox) and messages, and turns what
 * the engine received into UI events and local notifications.
 */
import type { ChatError, ChatHistoryView, ChatSettings, ChatView, HistoryFetchView, MessageView } from '$lib/shared/chat.ts';
import { err, ok, type Result } from '$lib/shared/result.ts';
import { createLogger } from '$lib/shared/log.ts';
import type { EventHub } from '../../events.ts';
import type { NetworkService } from '../network.ts';
import type { NotificationService } from '../notifications.ts';
import type { OpenProfile } from '../session.ts';
import { ChatEngine } from './engine.ts';
import { migrateLegacyContacts } from './legacy-contacts.ts';
import type { Received } from './receiver.ts';
import { chatView, compareMessages, messageView, type ChatRecord, type MessageRecord } from './records.ts';
import { Batch } from './store.ts';

const log = createLogger('chats');
/** §4.7: answer an undecryptable message with our bundle at most this often per peer. */
const BUNDLE_ADVERT_EVERY_MS = 2 * 3600 * 1000;
export const CHAT_SETTINGS_ID = 'chat-settings';


export class ChatService {
  readonly #events: EventHub;
  readonly #network: NetworkService;
  readonly #notifications: NotificationService;
  #engine: ChatEngine | null = null;
  #opening: Promise<void> | null = null;
  #settings: ChatSettings = { contactsOnly: false };
  #openChat: string | null = null;
  readonly #advertisedTo = new Map<string, number>();

  constructor(events: EventHub, network: NetworkService, notifications: NotificationService) {
    this.#events = events;
    this.#network = network;
    this.#notifications = notifications;
  }

  get engine(): ChatEngine | null {
    return this.#engine;
  }

  get settings(): ChatSettings {
    return this.#settings;
  }

  async setContactsOnly(contactsOnly: boolean): Promise<Result<ChatSettings, ChatError>> {
    const engine = await this.ready();
    if (!engine) return err('chat/not_ready');
    const next = { contactsOnly };
    const r = await engine.ctx.profile.vault.put({ store: 'settings', id: CHAT_SETTINGS_ID, value: next });
    if (!r.ok) return err('chat/not_ready');
    this.#settings = next;
    for (const c of await engine.ctx.store.chats()) await this.emitChat(engine, c.id);
    return ok(next);
  }

  /** Follows the session: an engine exists exactly while a profile is open. */
  profileChanged(open: OpenProfile | null): void {
    this.#close();
    if (open) this.#opening = this.#open(open).catch((e: unknown) => log.error(`chat engine failed to open: ${String(e)}`));
  }

  async ready(): Promise<ChatEngine | null> {
    await this.#opening;
    return this.#engine;
  }

  async #open(open: OpenProfile): Promise<void> {
    const engine = await ChatEngine.open(open, this.#events);
    const moved = await migrateLegacyContacts(open.vault, engine.ctx.store, engine.ctx.self);
    if (moved.migrated + moved.merged + moved.kept > 0) log.info(`old contacts list: ${moved.migrated} moved to chat contacts, ${moved.merged} merged, ${moved.kept} unreadable kept`);
    const stored = await engine.ctx.store.value('settings', CHAT_SETTINGS_ID, (v): v is ChatSettings => typeof (v as ChatSettings | null)?.contactsOnly === 'boolean');
    this.#settings = stored ?? { contactsOnly: false };
    engine.onReceived = (r) => void this.#afterReceive(engine, r);
    engine.sender.onSent = (ids) => void this.#afterSent(engine, ids);
    this.#engine = engine;
    engine.sync.setOpenChat(this.#openChat);
    await this.#network.addClient(engine);
  }

  #close(): void {
    const engine = this.#engine;
    this.#engine = null;
    if (!engine) return;
    this.#network.removeClient(engine);
    engine.close();
  }

  /** Whether a chat belongs in the requests inbox rather than the chat list. */
  isRequest(c: ChatRecord): boolean {
    const added = c.contact.localState === 2;
    if (added) return false;
    return this.#settings.contactsOnly || c.contact.remoteState === 3 || c.contact.localState === 4;
  }

  async view(engine: ChatEngine, c: ChatRecord): Promise<ChatView> {
    const last = c.lastMessageId ? await engine.ctx.store.message(c.lastMessageId) : undefined;
    return { ...chatView(c, last, engine.ctx.self), inbox: this.isRequest(c) ? 'requests' : 'chats' };
  }

  async listChats(): Promise<Result<ChatView[], ChatError>> {
    const engine = await this.ready();
    if (!engine) return err('chat/not_ready');
    const chats = await engine.ctx.store.chats();
    const views = await Promise.all(chats.filter((c) => !c.blocked || c.lastMessageId).map((c) => this.view(engine, c)));
    return ok(views.sort((a, b) => b.lastActivity - a.lastActivity));
  }

  async messages(chatId: string): Promise<Result<MessageView[], ChatError>> {
    const engine = await this.ready();
    if (!engine) return err('chat/not_ready');
    if (!(await engine.ctx.store.chat(chatId))) return err('chat/unknown_chat');
    const records = (await engine.ctx.store.messagesOf(chatId)).sort(compareMessages);
    const byId = new Map(records.map((m) => [m.id, m]));
    const shown = records.filter((m) => !m.hidden);
    return ok(shown.map((m) => messageView(m, engine.ctx.self, m.responseTo ? byId.get(m.responseTo) : undefined)));
  }

  /** The page says which chat is on screen; catch-up serves it first. */
  setOpenChat(chatId: string | null): void {
    this.#openChat = chatId;
    void this.ready().then(async (engine) => {
      if (!engine || this.#openChat !== chatId) return;
      engine.sync.setOpenChat(chatId && (await engine.ctx.store.chat(chatId)) ? chatId : null);
    });
  }

  async history(chatId: string): Promise<Result<ChatHistoryView, ChatError>> {
    const engine = await this.ready();
    if (!engine) return err('chat/not_ready');
    if (!(await engine.ctx.store.chat(chatId))) return err('chat/unknown_chat');
    return ok(engine.sync.history(chatId));
  }

  async fetchOlder(chatId: string): Promise<Result<HistoryFetchView, ChatError>> {
    const engine = await this.ready();
    if (!engine) return err('chat/not_ready');
    if (!(await engine.ctx.store.chat(chatId))) return err('chat/unknown_chat');
    return engine.sync.fetchOlder(chatId);
  }

  async fillGap(chatId: string, fromMs: number, toMs: number): Promise<Result<HistoryFetchView, ChatError>> {
    const engine = await this.ready();
    if (!engine) return err('chat/not_ready');
    if (!(await engine.ctx.store.chat(chatId))) return err('chat/unknown_chat');
    if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || fromMs < 0 || fromMs >= toMs) return err('chat/bad_range');
    return engine.sync.fillGap(chatId, { from: Math.floor(fromMs / 1000), to: Math.ceil(toMs / 1000) });
  }

  async emitChat(engine: ChatEngine, chatId: string): Promise<void> {
    const c = await engine.ctx.store.chat(chatId);
    if (c) this.#events.emit({ type: 'chat', chat: await this.view(engine, c) });
  }

  async emitMessage(engine: ChatEngine, m: MessageRecord): Promise<void> {
    const quote = m.responseTo ? await engine.ctx.store.message(m.responseTo) : undefined;
    this.#events.emit({ type: 'message', message: messageView(m, engine.ctx.self, quote) });
  }

  /** A DH-only message with an empty plaintext carries our bundle to a peer who can't reach us (§4.7). */
  async #advertiseBundle(engine: ChatEngine, peer: string): Promise<void> {
    if (Date.now() - (this.#advertisedTo.get(peer) ?? 0) < BUNDLE_ADVERT_EVERY_MS) return;
    this.#advertisedTo.set(peer, Date.now());
    await engine.ctx.serial(() => engine.sender.sendNow(peer, new Uint8Array(0), new Batch())).catch((e: unknown) => log.warn(`bundle advertisement: ${String(e)}`));
  }

  async #afterReceive(engine: ChatEngine, r: Received): Promise<void> {
    if (r.needsBundle) await this.#advertiseBundle(engine, r.from);
    const chatIds = new Set(r.applied.map((a) => a.chatId).filter(Boolean));
    for (const id of r.delivered) {
      const m = await engine.ctx.store.message(id);
      if (m) {
        chatIds.add(m.chatId);
        await this.emitMessage(engine, m);
      }
    }
    for (const a of r.applied) if (a.message) await this.emitMessage(engine, a.message);
    for (const id of chatIds) await this.emitChat(engine, id);
    await engine.refreshTopics();
    for (const a of r.applied) await this.#maybeNotify(engine, a.chatId, a.message, a.isNew === true);
    for (const peer of r.contactUpdates) await this.sendContactUpdate?.(peer);
  }

  async #afterSent(engine: ChatEngine, messageIds: readonly string[]): Promise<void> {
    const chats = new Set<string>();
    for (const id of messageIds) {
      const m = await engine.ctx.store.message(id);
      if (!m) continue;
      chats.add(m.chatId);
      await this.emitMessage(engine, m);
    }
    for (const id of chats) await this.emitChat(engine, id);
  }

  /** Set by the chat actions, which know how to send one. */
  sendContactUpdate?: (peer: string) => Promise<void>;

  async #maybeNotify(engine: ChatEngine, chatId: string, m: MessageRecord | undefined, isNew: boolean): Promise<void> {
    // Edits notify nothing; a new message whose held edit was applied on arrival still does.
    if (!m || m.author === engine.ctx.self || m.deleted || (m.editClock > 0n && !isNew)) return;
    const c = await engine.ctx.store.chat(chatId);
    if (!c || c.blocked) return;
    const view = await this.view(engine, c);
    await this.#notifications.notifyIncoming({ chatId, senderName: view.name, preview: m.text });
  }
}
