/**
 * How chats and messages are kept in the vault ('chats' keyed by the peer's pkhex, 'messages'
 * keyed by message id and grouped by chat), their validation on read, and their views for the UI.
 */
import type { ChatView, DeliveryState, MessageView, ReactionView } from '$lib/shared/chat.ts';
import { aliasFromPublicKey, colorHashOf, emojiHashOf, encodeChatKey, ringToConicGradient } from '../../identity/index.ts';
import { hexToBytes } from '$lib/shared/bytes.ts';
import { NO_CONTACT, isContactRequestState, viewOf, type ContactRequestState } from './contact-state.ts';

export interface ChatRecord {
  readonly v: 1;
  readonly id: string;
  readonly lastClock: bigint;
  readonly unread: number;
  readonly lastMessageId: string;
  readonly lastActivity: number;
  readonly contact: ContactRequestState;
  readonly displayName: string;
  readonly verified: boolean;
  readonly blocked: boolean;
  /**
   * Set on contacts moved over from the old local contacts list (legacy-contacts.ts): when the
   * user saved them there. They are contacts with no request sent yet.
   */
  readonly savedAt?: number;
}

export interface ReactionRecord {
  readonly author: string;
  readonly type: number;
  readonly clock: bigint;
  readonly retracted: boolean;
}

export interface MessageRecord {
  readonly v: 1;
  readonly id: string;
  readonly chatId: string;
  /** pkhex of the author. */
  readonly author: string;
  readonly clock: bigint;
  readonly timestamp: number;
  readonly text: string;
  readonly kind: 'text' | 'contact-request';
  readonly responseTo: string;
  readonly editClock: bigint;
  readonly deleted: boolean;
  readonly pinned: boolean;
  readonly pinClock: bigint;
  /** pkhex of whoever set the current pin state (absent on records from before pins). */
  readonly pinnedBy?: string;
  /** Deleted for me: hidden on this device only, nothing is sent (absent = shown). */
  readonly hidden?: boolean;
  readonly reactions: Readonly<Record<string, ReactionRecord>>;
  /** Own messages only. */
  readonly delivery?: DeliveryState;
  /** MVDS ids (hex) carrying this message: an ACK of any marks it delivered. */
  readonly mvdsIds: readonly string[];
}

export function newChat(id: string, now: number): ChatRecord {
  return { v: 1, id, lastClock: 0n, unread: 0, lastMessageId: '', lastActivity: now, contact: NO_CONTACT, displayName: '', verified: false, blocked: false };
}

export function isChatRecord(v: unknown): v is ChatRecord {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return r['v'] === 1 && typeof r['id'] === 'string' && typeof r['lastClock'] === 'bigint' && isContactRequestState(r['contact']);
}

/**
 * The vault group a record is listed under (RecordWrite.group), recomputed from its value: on disk
 * the group is an opaque keyed hash, so a backup carries it in the clear inside the sealed file.
 */
export function vaultGroupOf(store: string, value: unknown): string | undefined {
  return store === 'messages' && isMessageRecord(value) ? value.chatId : undefined;
}

export function isMessageRecord(v: unknown): v is MessageRecord {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return r['v'] === 1 && typeof r['id'] === 'string' && typeof r['chatId'] === 'string' && typeof r['clock'] === 'bigint' && typeof r['text'] === 'string';
}

export function reactionViews(m: MessageRecord, self: string): ReactionView[] {
  const counts = new Map<number, ReactionView>();
  for (const r of Object.values(m.reactions)) {
    if (r.retracted) continue;
    const prev = counts.get(r.type) ?? { type: r.type, count: 0, mine: false };
    counts.set(r.type, { type: r.type, count: prev.count + 1, mine: prev.mine || r.author === self });
  }
  return [...counts.values()].sort((a, b) => a.type - b.type);
}

export function messageView(m: MessageRecord, self: string, quote?: MessageRecord): MessageView {
  const view: MessageView = {
    id: m.id,
    chatId: m.chatId,
    outgoing: m.author === self,
    clock: m.clock.toString(),
    timestamp: m.timestamp,
    text: m.deleted ? '' : m.text,
    kind: m.kind,
    responseTo: m.responseTo,
    edited: m.editClock > 0n,
    deleted: m.deleted,
    pinned: m.pinned,
    ...(m.pinned && m.pinnedBy ? { pinnedByMe: m.pinnedBy === self } : {}),
    ...(m.hidden ? { hidden: true } : {}),
    reactions: reactionViews(m, self),
    ...(m.delivery ? { delivery: m.delivery } : {}),
  };
  return quote ? { ...view, quote: quote.deleted ? '' : quote.text } : view;
}

export function chatView(c: ChatRecord, last: MessageRecord | undefined, self: string): ChatView {
  const pub = hexToBytes(c.id);
  const alias = aliasFromPublicKey(pub);
  return {
    id: c.id,
    chatKey: encodeChatKey(pub),
    name: c.displayName || alias,
    alias,
    emojiHash: emojiHashOf(pub),
    ringGradient: ringToConicGradient(colorHashOf(pub)),
    request: viewOf(c.contact),
    unread: c.unread,
    lastActivity: c.lastActivity,
    verified: c.verified,
    blocked: c.blocked,
    // Saved locally and nothing happened since: no request either way (any step sets a clock).
    ...(c.savedAt !== undefined && c.contact.localClock === 0n && c.contact.remoteClock === 0n ? { saved: true } : {}),
    ...(last
      ? { lastMessage: { text: last.deleted || last.hidden ? '' : last.text, timestamp: last.timestamp, outgoing: last.author === self, ...(last.delivery ? { delivery: last.delivery } : {}) } }
      : {}),
  };
}

/** Display order within a chat (§6.3): by clock, ties by message id. */
export function compareMessages(a: MessageRecord, b: MessageRecord): number {
  if (a.clock !== b.clock) return a.clock < b.clock ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
