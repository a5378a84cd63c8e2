/**
 * What the user does in 1:1 chats: send a contact request, accept or decline one, send, edit and
 * delete messages, react, mark read, block and verify (status-protocol.md §6.3, §6.7, §6.8).
 * Each action validates, stages records and MVDS state in one batch, commits, then emits.
 */
import { MAX_TEXT_CODE_POINTS, type ChatError, type ChatView, type MessageView } from '$lib/shared/chat.ts';
import { err, ok, type Result } from '$lib/shared/result.ts';
import { emojiReactionId, nextSendClock, type BuiltAmm } from '../../protocol/index.ts';
import { parseShareLink, toPkHex } from '../../identity/index.ts';
import { hexToBytes } from '$lib/shared/bytes.ts';
import type { ChatService } from './chat-service.ts';
import { localDismissed, localRetracted, localSent, viewOf, type ContactRequestState } from './contact-state.ts';
import type { ChatEngine } from './engine.ts';
import { acceptAmm, chatMessageAmm, contactUpdateAmm, deleteAmm, editAmm, pinAmm, reactionAmm, retractAmm, type Author } from './messages-out.ts';
import { messageView, newChat, type ChatRecord, type MessageRecord } from './records.ts';
import { Batch } from './store.ts';

type ActionResult<T> = Promise<Result<T, ChatError>>;

function checkText(text: string): ChatError | null {
  if (text.trim().length === 0) return { code: 'chat/empty_text' };
  if ([...text].length > MAX_TEXT_CODE_POINTS) return { code: 'chat/text_too_long' };
  return null;
}

export class ChatActions {
  readonly #chats: ChatService;
  readonly #displayName: () => string;

  constructor(chats: ChatService, displayName: () => string) {
    this.#chats = chats;
    this.#displayName = displayName;
    chats.sendContactUpdate = (peer) => this.#sendContactUpdate(peer);
  }

  /**
   * The newest version of a chat record. Call inside ctx.serial, so that no other change can land
   * between this read and the write built from it (a stale read here once undid an acceptance).
   */
  async #fresh(engine: ChatEngine, chat: ChatRecord): Promise<ChatRecord> {
    return (await engine.ctx.store.chat(chat.id)) ?? chat;
  }

  /** One contact-request step (§6.8): a new clock, the state change, and its message unless local-only. */
  async #contactStep(
    engine: ChatEngine,
    known: ChatRecord,
    step: { amm?: (clock: bigint) => BuiltAmm; contact: (c: ContactRequestState, clock: bigint) => ContactRequestState },
  ): Promise<void> {
    await engine.ctx.serial(async () => {
      const chat = await this.#fresh(engine, known);
      const clock = nextSendClock(chat.lastClock, BigInt(Date.now()));
      const batch = new Batch();
      if (step.amm) engine.sender.appendReliable(chat.id, step.amm(clock), batch);
      batch.chat({ ...chat, contact: step.contact(chat.contact, clock), lastClock: clock, lastActivity: Date.now() });
      await engine.ctx.commit(batch);
    });
  }

  #author(engine: ChatEngine): Author {
    const key = engine.ctx.profile.keys.chatKey;
    return { privateKey: key.privateKey, publicKey: key.uncompressedPublicKey };
  }

  async #chat(chatId: string): Promise<{ engine: ChatEngine; chat: ChatRecord } | ChatError> {
    const engine = await this.#chats.ready();
    if (!engine) return { code: 'chat/not_ready' };
    const chat = await engine.ctx.store.chat(chatId);
    if (!chat) return { code: 'chat/unknown_chat' };
    return chat.blocked ? { code: 'chat/blocked' } : { engine, chat };
  }

  /** Appends a reliable chat message to `chat` and commits it with the chat's new state. */
  async #sendChatMessage(engine: ChatEngine, chatArg: ChatRecord, text: string, opts: { kind: 'text' | 'contact-request'; responseTo: string; contact?: ContactRequestState }): Promise<MessageRecord> {
    return engine.ctx.serial(async () => {
      const chat = await this.#fresh(engine, chatArg);
      const now = Date.now();
      const clock = nextSendClock(chat.lastClock, BigInt(now));
      const contact = opts.kind === 'contact-request' ? localSent(chat.contact, clock) : chat.contact;
      const amm = chatMessageAmm(this.#author(engine), { clock, timestamp: now, text, chatId: chat.id, kind: opts.kind, responseTo: opts.responseTo, displayName: this.#displayName(), contact });
      const batch = new Batch();
      const mvdsId = engine.sender.appendReliable(chat.id, amm, batch);
      const record: MessageRecord = {
        v: 1, id: amm.messageId, chatId: chat.id, author: engine.ctx.self, clock, timestamp: now, text, kind: opts.kind,
        responseTo: opts.responseTo, editClock: 0n, deleted: false, pinned: false, pinClock: 0n, reactions: {}, delivery: 'sending', mvdsIds: [mvdsId],
      };
      batch.chat({ ...chat, contact, lastClock: clock, lastMessageId: record.id, lastActivity: now }).message(record);
      await engine.ctx.commit(batch);
      return record;
    });
  }

  async #emit(engine: ChatEngine, chatId: string, m?: MessageRecord): Promise<ChatView> {
    if (m) await this.#chats.emitMessage(engine, m);
    await this.#chats.emitChat(engine, chatId);
    const c = await engine.ctx.store.chat(chatId);
    return this.#chats.view(engine, c!);
  }

  async sendContactRequest(target: string, text: string): ActionResult<ChatView> {
    const engine = await this.#chats.ready();
    if (!engine) return err('chat/not_ready');
    const parsed = parseShareLink(target);
    if (!parsed.ok) return err('chat/unknown_chat', parsed.error.code);
    const bad = checkText(text);
    if (bad) return { ok: false, error: bad };
    const chatId = toPkHex(parsed.value.publicKey);
    if (chatId === engine.ctx.self) return err('chat/unknown_chat', 'self');
    const chat = await engine.ctx.serial(async () => {
      const known = await engine.ctx.store.chat(chatId);
      if (known) return known;
      const created = newChat(chatId, Date.now());
      await engine.ctx.commit(new Batch().chat(created));
      return created;
    });
    if (chat.blocked) return err('chat/blocked');
    await engine.refreshTopics();
    // Learn their bundle first, so the request starts an X3DH session rather than DH-only (§4.7).
    const peer = await engine.ctx.peer(chatId, hexToBytes(chatId));
    if (Object.keys(peer.installations).length === 0) await engine.fetchContactCode(hexToBytes(chatId));
    const m = await this.#sendChatMessage(engine, (await engine.ctx.store.chat(chatId))!, text, { kind: 'contact-request', responseTo: '' });
    return ok(await this.#emit(engine, chatId, m));
  }

  async accept(chatId: string): ActionResult<ChatView> {
    const found = await this.#chat(chatId);
    if ('code' in found) return { ok: false, error: found };
    const { engine } = found;
    if (viewOf(found.chat.contact) !== 'received' && viewOf(found.chat.contact) !== 'declined') return ok(await this.#emit(engine, chatId));
    const request = (await engine.ctx.store.messagesOf(chatId)).filter((m) => m.kind === 'contact-request' && m.author !== engine.ctx.self).at(-1);
    await this.#contactStep(engine, found.chat, {
      amm: (clock) => acceptAmm(this.#author(engine), request?.id ?? '', clock),
      contact: localSent,
    });
    return ok(await this.#emit(engine, chatId));
  }

  /** Retract a request or remove a contact: both sides go back to "none" (§6.8 rule 4). */
  async retract(chatId: string): ActionResult<ChatView> {
    const found = await this.#chat(chatId);
    if ('code' in found) return { ok: false, error: found };
    const { engine } = found;
    await this.#contactStep(engine, found.chat, { amm: (clock) => retractAmm(this.#author(engine), clock), contact: localRetracted });
    return ok(await this.#emit(engine, chatId));
  }

  /** Decline: nothing is sent to the other side (§6.8). */
  async decline(chatId: string): ActionResult<ChatView> {
    const found = await this.#chat(chatId);
    if ('code' in found) return { ok: false, error: found };
    const { engine } = found;
    await this.#contactStep(engine, found.chat, { contact: localDismissed });
    return ok(await this.#emit(engine, chatId));
  }

  async send(chatId: string, text: string, responseTo: string): ActionResult<MessageView> {
    const found = await this.#chat(chatId);
    if ('code' in found) return { ok: false, error: found };
    const bad = checkText(text);
    if (bad) return { ok: false, error: bad };
    const { engine, chat } = found;
    if (responseTo && (await engine.ctx.store.message(responseTo))?.chatId !== chatId) return err('chat/unknown_message');
    const m = await this.#sendChatMessage(engine, chat, text, { kind: 'text', responseTo });
    await this.#emit(engine, chatId, m);
    return ok(await this.#view(engine, m));
  }

  async #view(engine: ChatEngine, m: MessageRecord): Promise<MessageView> {
    const r = await this.#chats.messages(m.chatId);
    return (r.ok ? r.value.find((v) => v.id === m.id) : undefined)!;
  }

  async #ownMessage(chatId: string, messageId: string): Promise<{ engine: ChatEngine; chat: ChatRecord; m: MessageRecord } | ChatError> {
    const found = await this.#chat(chatId);
    if ('code' in found) return found;
    const m = await found.engine.ctx.store.message(messageId);
    if (!m || m.chatId !== chatId) return { code: 'chat/unknown_message' };
    if (m.author !== found.engine.ctx.self) return { code: 'chat/not_author' };
    return { ...found, m };
  }

  async edit(chatId: string, messageId: string, text: string): ActionResult<MessageView> {
    const bad = checkText(text);
    if (bad) return { ok: false, error: bad };
    const found = await this.#ownMessage(chatId, messageId);
    if ('code' in found) return { ok: false, error: found };
    const { engine, m } = found;
    const edited = await engine.ctx.serial(async () => {
      const chat = await this.#fresh(engine, found.chat);
      const clock = nextSendClock(chat.lastClock > m.editClock ? chat.lastClock : m.editClock, BigInt(Date.now()));
      const batch = new Batch();
      engine.sender.appendReliable(chatId, editAmm(this.#author(engine), { clock, chatId, messageId, text }), batch);
      const next: MessageRecord = { ...m, text, editClock: clock };
      batch.chat({ ...chat, lastClock: clock }).message(next);
      await engine.ctx.commit(batch);
      return next;
    });
    await this.#emit(engine, chatId, edited);
    return ok(await this.#view(engine, edited));
  }

  /** Delete for everyone: the author only (§6.7). */
  async remove(chatId: string, messageId: string): ActionResult<MessageView> {
    const found = await this.#ownMessage(chatId, messageId);
    if ('code' in found) return { ok: false, error: found };
    const { engine, m } = found;
    const deleted = await engine.ctx.serial(async () => {
      const chat = await this.#fresh(engine, found.chat);
      const clock = nextSendClock(chat.lastClock, BigInt(Date.now()));
      const batch = new Batch();
      engine.sender.appendReliable(chatId, deleteAmm(this.#author(engine), { clock, chatId, messageId }), batch);
      const next: MessageRecord = { ...m, deleted: true, text: '', reactions: {}, pinned: false };
      batch.chat({ ...chat, lastClock: clock }).message(next);
      await engine.ctx.commit(batch);
      return next;
    });
    await this.#emit(engine, chatId, deleted);
    return ok(await this.#view(engine, deleted));
  }

  /**
   * Pin or unpin (§6.7): in a 1:1 chat either side may pin any message of the chat. Reliable
   * (MVDS, §6.10); the clock is above the chat's and the message's last pin clock, so it wins.
   */
  async pin(chatId: string, messageId: string, pinned: boolean): ActionResult<MessageView> {
    const found = await this.#chat(chatId);
    if ('code' in found) return { ok: false, error: found };
    const { engine } = found;
    const next = await engine.ctx.serial(async () => {
      const chat = await this.#fresh(engine, found.chat);
      const m = await engine.ctx.store.message(messageId);
      if (!m || m.chatId !== chatId || m.deleted) return null;
      if (m.pinned === pinned) return m;
      const clock = nextSendClock(chat.lastClock > m.pinClock ? chat.lastClock : m.pinClock, BigInt(Date.now()));
      const batch = new Batch();
      engine.sender.appendReliable(chatId, pinAmm(this.#author(engine), { clock, chatId, messageId, pinned }), batch);
      const record: MessageRecord = { ...m, pinned, pinClock: clock, pinnedBy: engine.ctx.self };
      batch.chat({ ...chat, lastClock: clock }).message(record);
      await engine.ctx.commit(batch);
      return record;
    });
    if (!next) return err('chat/unknown_message');
    await this.#emit(engine, chatId, next);
    return ok(await this.#view(engine, next));
  }

  /** Delete for me: hides a message (anyone's) on this device only; nothing is sent. */
  async hideForMe(chatId: string, messageId: string): ActionResult<MessageView> {
    const found = await this.#chat(chatId);
    if ('code' in found) return { ok: false, error: found };
    const { engine } = found;
    const next = await engine.ctx.serial(async () => {
      const m = await engine.ctx.store.message(messageId);
      if (!m || m.chatId !== chatId) return null;
      if (m.hidden) return m;
      const record: MessageRecord = { ...m, hidden: true };
      await engine.ctx.commit(new Batch().message(record));
      return record;
    });
    if (!next) return err('chat/unknown_message');
    await this.#emit(engine, chatId, next);
    return ok(messageView(next, engine.ctx.self));
  }

  /** Reactions go without MVDS (§6.10); toggling retracts our earlier one of that type. */
  async react(chatId: string, messageId: string, type: number): ActionResult<MessageView> {
    if (!Number.isInteger(type) || type < 1 || type > 6) return err('chat/unknown_message', 'reaction');
    const found = await this.#chat(chatId);
    if ('code' in found) return { ok: false, error: found };
    const { engine } = found;
    const reacted = await engine.ctx.serial(async () => {
      const chat = await this.#fresh(engine, found.chat);
      const m = await engine.ctx.store.message(messageId);
      if (!m || m.chatId !== chatId || m.deleted) return null;
      const mine = Object.entries(m.reactions).find(([, r]) => r.author === engine.ctx.self && r.type === type);
      const retracted = mine !== undefined && !mine[1].retracted;
      const clock = nextSendClock(chat.lastClock > (mine?.[1].clock ?? 0n) ? chat.lastClock : mine![1].clock, BigInt(Date.now()));
      const amm = reactionAmm(this.#author(engine), { clock, chatId, messageId, type, retracted });
      const id = emojiReactionId(engine.ctx.self, messageId, type);
      const next: MessageRecord = { ...m, reactions: { ...m.reactions, [id]: { author: engine.ctx.self, type, clock, retracted } } };
      const batch = new Batch().chat({ ...chat, lastClock: clock }).message(next);
      await engine.sender.sendNow(chatId, amm.bytes, batch);
      return next;
    });
    if (!reacted) return err('chat/unknown_message');
    await this.#emit(engine, chatId, reacted);
    return ok(await this.#view(engine, reacted));
  }

  async markRead(chatId: string): ActionResult<ChatView> {
    const found = await this.#chat(chatId);
    if ('code' in found) return { ok: false, error: found };
    await found.engine.ctx.serial(async () => {
      const chat = await this.#fresh(found.engine, found.chat);
      if (chat.unread > 0) await found.engine.ctx.commit(new Batch().chat({ ...chat, unread: 0 }));
    });
    return ok(await this.#emit(found.engine, chatId));
  }

  async setFlags(chatId: string, flags: { blocked?: boolean; verified?: boolean }): ActionResult<ChatView> {
    const engine = await this.#chats.ready();
    if (!engine) return err('chat/not_ready');
    const chat = await engine.ctx.store.chat(chatId);
    if (!chat) return err('chat/unknown_chat');
    await engine.ctx.serial(async () => engine.ctx.commit(new Batch().chat({ ...(await this.#fresh(engine, chat)), ...flags })));
    await engine.refreshTopics();
    return ok(await this.#emit(engine, chatId));
  }

  async #sendContactUpdate(peer: string): Promise<void> {
    const found = await this.#chat(peer);
    if ('code' in found) return;
    const { engine } = found;
    await engine.ctx.serial(async () => {
      const chat = await this.#fresh(engine, found.chat);
      const clock = nextSendClock(chat.lastClock, BigInt(Date.now()));
      const batch = new Batch();
      engine.sender.appendReliable(peer, contactUpdateAmm(this.#author(engine), { clock, displayName: this.#displayName(), contact: chat.contact }), batch);
      batch.chat({ ...chat, lastClock: clock });
      await engine.ctx.commit(batch);
    });
  }
}
