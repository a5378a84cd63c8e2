/**
 * 1:1 chat types shared by the page and the worker: what the UI lists and renders. Plain data.
 * Clocks cross as decimal strings (they are 64-bit).
 */
import type { ErrorInfo } from './result.ts';

export type DeliveryState = 'sending' | 'sent' | 'delivered';
export type RequestView = 'none' | 'sent' | 'received' | 'mutual' | 'declined';

/** Status's six reactions (status-protocol.md §6.7), by wire number. */
export const REACTIONS: Readonly<Record<number, string>> = { 1: '❤️', 2: '👍', 3: '👎', 4: '😂', 5: '😢', 6: '😡' };

export interface ReactionView {
  readonly type: number;
  readonly count: number;
  readonly mine: boolean;
}

export interface MessageView {
  readonly id: string;
  readonly chatId: string;
  readonly outgoing: boolean;
  /** Lamport clock, decimal. Messages are ordered by (clock, id). */
  readonly clock: string;
  readonly timestamp: number;
  readonly text: string;
  readonly kind: 'text' | 'contact-request';
  readonly responseTo: string;
  /** The quoted message's text, when known. */
  readonly quote?: string;
  readonly edited: boolean;
  readonly deleted: boolean;
  readonly pinned: boolean;
  /** Who pinned it, when pinned and known. */
  readonly pinnedByMe?: boolean;
  /** Deleted for me on this device: the UI drops it from the list (only ever seen in events). */
  readonly hidden?: boolean;
  readonly reactions: readonly ReactionView[];
  readonly delivery?: DeliveryState;
}

export interface ChatView {
  /** The peer's `0x04…` key. */
  readonly id: string;
  readonly chatKey: string;
  readonly name: string;
  readonly alias: string;
  readonly emojiHash: readonly string[];
  readonly ringGradient: string;
  readonly request: RequestView;
  readonly unread: number;
  readonly lastMessage?: { readonly text: string; readonly timestamp: number; readonly outgoing: boolean; readonly delivery?: DeliveryState };
  readonly lastActivity: number;
  readonly verified: boolean;
  readonly blocked: boolean;
  /**
   * A contact kept from the old local contacts list, with no contact request sent or received yet
   * (request is 'none'). The contacts panel offers to send one.
   */
  readonly saved?: true;
  /** Where the UI lists it: the chat list, or the contact-requests inbox. */
  readonly inbox?: 'chats' | 'requests';
}

export interface ChatSettings {
  /** Hold messages from people you have not added in the requests inbox (§6.4). */
  readonly contactsOnly: boolean;
}

export type ChatErrorCode =
  | 'chat/unknown_chat'
  | 'chat/unknown_message'
  | 'chat/not_author'
  | 'chat/empty_text'
  | 'chat/text_too_long'
  | 'chat/not_a_contact'
  | 'chat/blocked'
  | 'chat/not_ready'
  | HistoryFetchError
  | 'chat/fetch_running'
  | 'chat/not_synced'
  | 'chat/bad_range';
export type ChatError = ErrorInfo<ChatErrorCode>;

/** Why fetching history from the store nodes failed. */
export type HistoryFetchError = 'chat/store_unavailable' | 'chat/store_timeout' | 'chat/fetch_failed';

/** A stretch of a chat's history that may be missing (ms since the epoch, `from` inclusive). */
export interface HistoryGapView {
  readonly from: number;
  readonly to: number;
}

/** A "fetch older messages" or gap fetch of one chat, while it runs and once it ended. */
export interface HistoryFetchView {
  readonly kind: 'older' | 'gap';
  readonly running: boolean;
  /** Store queries (≤ 24 h windows) done and planned. */
  readonly done: number;
  readonly total: number;
  /** Messages of this chat that the fetch brought in. */
  readonly found: number;
  /** ms: how far back this fetch searched. */
  readonly searchedFrom: number;
  /** Set when a query failed: the part it did not reach stays a gap. */
  readonly error?: HistoryFetchError;
}

/** What this device holds of a chat's history on the store nodes. */
export interface ChatHistoryView {
  readonly chatId: string;
  /** ms: history was requested back to here; null before the first catch-up. */
  readonly floor: number | null;
  /** Gaps above the floor, oldest first. */
  readonly gaps: readonly HistoryGapView[];
  /** A catch-up that covers this chat is running. */
  readonly syncing: boolean;
  readonly fetch?: HistoryFetchView;
}

/** Longest text we send (status-protocol.md §6.4: 4096 code points). */
export const MAX_TEXT_CODE_POINTS = 4096;
