/**
 * Applying received application messages to chats and messages (status-protocol.md §6.4–§6.8):
 * decode by AMM type, validate, then update records through the batch. Never throws on bad input:
 * every rejection is returned with a reason.
 */
import {
  AmmType,
  decodeProto,
  emojiReactionId,
  observeClock,
  validateChatMessage,
  validateDeleteMessage,
  validateEditMessage,
  validateEmojiReaction,
  validatePinMessage,
  type ParsedAmm,
} from '../../protocol/index.ts';
import { ChatMessageSchema, ChatMessage_ContentType, DeleteMessageSchema, EditMessageSchema } from '../../protocol/generated/chat_message_pb.ts';
import { AcceptContactRequestSchema, ContactUpdateSchema, RetractContactRequestSchema, type ContactRequestPropagatedState } from '../../protocol/generated/contact_pb.ts';
import { EmojiReactionSchema } from '../../protocol/generated/emoji_reaction_pb.ts';
import { PinMessageSchema } from '../../protocol/generated/pin_message_pb.ts';
import { MessageType } from '../../protocol/generated/enums_pb.ts';
import { isAlias } from '../../identity/index.ts';
import { bytesToHex } from '$lib/shared/bytes.ts';
import { applyPropagated, remoteReceived, remoteRetracted, viewOf, type ContactRequestState } from './contact-state.ts';
import { newChat, type ChatRecord, type MessageRecord } from './records.ts';
import type { Batch, ChatStore } from './store.ts';

export type Rejection =
  | 'undecodable' | 'invalid' | 'unsupported_type' | 'not_one_to_one' | 'duplicate' | 'blocked'
  | 'unknown_original' | 'not_author' | 'stale_clock' | 'deleted_original';

export interface ApplyContext {
  readonly store: ChatStore;
  readonly batch: Batch;
  /** Own pkhex. */
  readonly self: string;
  /** §2.5 envelope time (ms) of the Waku message. */
  readonly envelopeMs: bigint;
  readonly nowMs: number;
}

export interface Applied {
  readonly chatId: string;
  readonly message?: MessageRecord;
  /** The sender's view of us is stale: send them a ContactUpdate (§6.8 rule 5). */
  readonly sendContactUpdate?: boolean;
  readonly newRequest?: boolean;
  /** A new chat message (its record may already carry held edits applied on arrival). */
  readonly isNew?: boolean;
}

/**
 * `holdFor`: the action names a message we do not have (yet); the caller keeps it and applies it
 * when that message arrives (held-actions.ts).
 */
export type ApplyResult = { ok: true; value: Applied } | { ok: false; reason: Rejection; holdFor?: string };

const reject = (reason: Rejection): ApplyResult => ({ ok: false, reason });
const missing = (messageId: string): ApplyResult => ({ ok: false, reason: 'unknown_original', holdFor: messageId });

async function chatFor(ctx: ApplyContext, id: string): Promise<ChatRecord> {
  return ctx.batch.chats.find((c) => c.id === id) ?? (await ctx.store.chat(id)) ?? newChat(id, ctx.nowMs);
}

function theirView(p: ContactRequestPropagatedState | undefined) {
  if (!p) return undefined;
  return { localClock: p.localClock, localState: Number(p.localState), remoteClock: p.remoteClock, remoteState: Number(p.remoteState) };
}

export async function applyAmm(ctx: ApplyContext, amm: ParsedAmm): Promise<ApplyResult> {
  const author = `0x${bytesToHex(amm.author)}`;
  switch (amm.type) {
    case AmmType.CHAT_MESSAGE: return applyChatMessage(ctx, amm, author);
    case AmmType.ACCEPT_CONTACT_REQUEST: return applyAccept(ctx, amm, author);
    case AmmType.RETRACT_CONTACT_REQUEST: return applyRetract(ctx, amm, author);
    case AmmType.CONTACT_UPDATE: return applyContactUpdate(ctx, amm, author);
    case AmmType.EDIT_MESSAGE: return applyEdit(ctx, amm, author);
    case AmmType.DELETE_MESSAGE: return applyDelete(ctx, amm, author);
    case AmmType.EMOJI_REACTION: return applyReaction(ctx, amm, author);
    case AmmType.PIN_MESSAGE: return applyPin(ctx, amm, author);
    // Its bundle was absorbed by the encryption layer; the profile part is not used yet.
    case AmmType.CONTACT_CODE_ADVERTISEMENT: return { ok: true, value: { chatId: '' } };
    default: return reject('unsupported_type');
  }
}

async function applyChatMessage(ctx: ApplyContext, amm: ParsedAmm, author: string): Promise<ApplyResult> {
  const decoded = decodeProto(ChatMessageSchema, amm.payload);
  if (!decoded.ok) return reject('undecodable');
  const m = decoded.value;
  if (!validateChatMessage(m, { referenceMs: ctx.envelopeMs, isAlias }).ok) return reject('invalid');
  if (m.messageType !== MessageType.ONE_TO_ONE) return reject('not_one_to_one');
  const fromSelf = author === ctx.self;
  const chatId = fromSelf ? m.chatId : author;
  if (await ctx.store.message(amm.messageId)) return reject('duplicate');
  let chat = await chatFor(ctx, chatId);
  if (chat.blocked) return reject('blocked');
  let contact: ContactRequestState = chat.contact;
  let sendContactUpdate = false;
  let newRequest = false;
  const theirs = theirView(m.contactRequestPropagatedState);
  if (!fromSelf && theirs) ({ state: contact, sendUpdate: sendContactUpdate } = applyPropagated(contact, theirs));
  const isRequest = m.contentType === ChatMessage_ContentType.CONTACT_REQUEST;
  if (!fromSelf && isRequest && !['mutual', 'declined'].includes(viewOf(contact))) {
    ({ state: contact, isNewRequest: newRequest } = remoteReceived(contact, m.clock));
  }
  const record: MessageRecord = {
    v: 1, id: amm.messageId, chatId, author, clock: m.clock, timestamp: Number(m.timestamp), text: m.text,
    kind: isRequest ? 'contact-request' : 'text', responseTo: m.responseTo, editClock: 0n, deleted: false,
    pinned: false, pinClock: 0n, reactions: {}, mvdsIds: [],
  };
  const newer = m.clock >= chat.lastClock;
  chat = {
    ...chat,
    contact,
    lastClock: observeClock(chat.lastClock, m.clock),
    unread: fromSelf ? chat.unread : chat.unread + 1,
    ...(newer ? { lastMessageId: record.id, lastActivity: ctx.nowMs } : {}),
    ...(!fromSelf && m.displayName ? { displayName: m.displayName.trim() } : {}),
  };
  ctx.batch.chat(chat).message(record);
  return { ok: true, value: { chatId, message: record, sendContactUpdate, newRequest, isNew: true } };
}

async function applyAccept(ctx: ApplyContext, amm: ParsedAmm, author: string): Promise<ApplyResult> {
  const decoded = decodeProto(AcceptContactRequestSchema, amm.payload);
  if (!decoded.ok || decoded.value.clock === 0n) return reject('undecodable');
  if (author === ctx.self) return reject('not_one_to_one');
  const chat = await chatFor(ctx, author);
  if (decoded.value.clock <= chat.contact.remoteClock) return reject('stale_clock');
  const request = decoded.value.id ? await ctx.store.message(decoded.value.id) : undefined;
  // An accept that names a request must name one we sent to this peer.
  if (request && (request.chatId !== author || request.author !== ctx.self)) return reject('unknown_original');
  const contact = remoteReceived(chat.contact, decoded.value.clock).state;
  ctx.batch.chat({ ...chat, contact, lastActivity: ctx.nowMs });
  return { ok: true, value: { chatId: author } };
}

async function applyRetract(ctx: ApplyContext, amm: ParsedAmm, author: string): Promise<ApplyResult> {
  const decoded = decodeProto(RetractContactRequestSchema, amm.payload);
  if (!decoded.ok || decoded.value.clock === 0n) return reject('undecodable');
  if (author === ctx.self) return reject('not_one_to_one');
  const chat = await chatFor(ctx, author);
  ctx.batch.chat({ ...chat, contact: remoteRetracted(chat.contact, decoded.value.clock) });
  return { ok: true, value: { chatId: author } };
}

async function applyContactUpdate(ctx: ApplyContext, amm: ParsedAmm, author: string): Promise<ApplyResult> {
  const decoded = decodeProto(ContactUpdateSchema, amm.payload);
  if (!decoded.ok || decoded.value.clock === 0n) return reject('undecodable');
  if (author === ctx.self) return reject('not_one_to_one');
  const u = decoded.value;
  const chat = await chatFor(ctx, author);
  let contact = chat.contact;
  let sendContactUpdate = false;
  const theirs = theirView(u.contactRequestPropagatedState);
  if (theirs) ({ state: contact, sendUpdate: sendContactUpdate } = applyPropagated(contact, theirs));
  if (u.contactRequestClock > 0n) contact = remoteReceived(contact, u.contactRequestClock).state;
  const name = u.displayName.trim();
  ctx.batch.chat({ ...chat, contact, ...(name && !isAlias(name) ? { displayName: name } : {}) });
  return { ok: true, value: { chatId: author, sendContactUpdate } };
}

/**
 * The original of an edit/delete/reaction/pin, checked to be in this 1:1 chat: 'missing' when we
 * have no message with that id at all (hold the action), undefined when it is in another chat.
 */
async function original(ctx: ApplyContext, messageId: string, author: string): Promise<MessageRecord | 'missing' | undefined> {
  const m = ctx.batch.writes.find((w) => w.store === 'messages' && w.id === messageId)?.value as MessageRecord | undefined;
  const found = m ?? (await ctx.store.message(messageId));
  if (!found) return 'missing';
  const chatId = author === ctx.self ? found.chatId : author;
  return found.chatId === chatId ? found : undefined;
}

async function applyEdit(ctx: ApplyContext, amm: ParsedAmm, author: string): Promise<ApplyResult> {
  const decoded = decodeProto(EditMessageSchema, amm.payload);
  if (!decoded.ok) return reject('undecodable');
  if (!validateEditMessage(decoded.value).ok) return reject('invalid');
  const target = await original(ctx, decoded.value.messageId, author);
  if (target === 'missing') return missing(decoded.value.messageId);
  if (!target) return reject('unknown_original');
  if (target.author !== author) return reject('not_author');
  if (target.deleted) return reject('deleted_original');
  if (decoded.value.clock <= target.editClock || decoded.value.clock <= target.clock) return reject('stale_clock');
  const edited: MessageRecord = { ...target, text: decoded.value.text, editClock: decoded.value.clock };
  ctx.batch.message(edited);
  return { ok: true, value: { chatId: target.chatId, message: edited } };
}

async function applyDelete(ctx: ApplyContext, amm: ParsedAmm, author: string): Promise<ApplyResult> {
  const decoded = decodeProto(DeleteMessageSchema, amm.payload);
  if (!decoded.ok) return reject('undecodable');
  if (!validateDeleteMessage(decoded.value).ok) return reject('invalid');
  const target = await original(ctx, decoded.value.messageId, author);
  if (target === 'missing') return missing(decoded.value.messageId);
  if (!target) return reject('unknown_original');
  if (target.author !== author) return reject('not_author');
  if (target.deleted) return reject('duplicate');
  const deleted: MessageRecord = { ...target, deleted: true, text: '', reactions: {}, pinned: false };
  ctx.batch.message(deleted);
  return { ok: true, value: { chatId: target.chatId, message: deleted } };
}

async function applyReaction(ctx: ApplyContext, amm: ParsedAmm, author: string): Promise<ApplyResult> {
  const decoded = decodeProto(EmojiReactionSchema, amm.payload);
  if (!decoded.ok) return reject('undecodable');
  const r = decoded.value;
  if (!validateEmojiReaction(r, BigInt(ctx.nowMs)).ok) return reject('invalid');
  const target = await original(ctx, r.messageId, author);
  if (target === 'missing') return missing(r.messageId);
  if (!target) return reject('unknown_original');
  if (target.deleted) return reject('deleted_original');
  const id = emojiReactionId(author, r.messageId, r.type);
  const known = target.reactions[id];
  if (known && r.clock <= known.clock) return reject('stale_clock');
  const reacted: MessageRecord = { ...target, reactions: { ...target.reactions, [id]: { author, type: r.type, clock: r.clock, retracted: r.retracted } } };
  ctx.batch.message(reacted);
  return { ok: true, value: { chatId: target.chatId, message: reacted } };
}

/**
 * §6.7 PinMessage: in a 1:1 chat either participant may pin or unpin any message of the chat;
 * the highest clock wins (a pin with a clock ≤ the message's pin clock changes nothing).
 */
async function applyPin(ctx: ApplyContext, amm: ParsedAmm, author: string): Promise<ApplyResult> {
  const decoded = decodeProto(PinMessageSchema, amm.payload);
  if (!decoded.ok) return reject('undecodable');
  const p = decoded.value;
  if (!validatePinMessage(p, ctx.envelopeMs).ok) return reject('invalid');
  if (p.messageType !== MessageType.ONE_TO_ONE) return reject('not_one_to_one');
  const target = await original(ctx, p.messageId, author);
  if (target === 'missing') return missing(p.messageId);
  if (!target) return reject('unknown_original');
  if (target.deleted) return reject('deleted_original');
  if (p.clock <= target.pinClock) return reject('stale_clock');
  const pinned: MessageRecord = { ...target, pinned: p.pinned, pinClock: p.clock, pinnedBy: author };
  ctx.batch.message(pinned);
  return { ok: true, value: { chatId: target.chatId, message: pinned } };
}
