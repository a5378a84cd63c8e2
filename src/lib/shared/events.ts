/**
 * The typed stream of worker → UI events. The UI subscribes once through WorkerApi.subscribe;
 * every event is plain, structured-clonable data.
 */
import type { ChatHistoryView, ChatView, MessageView } from './chat.ts';
import type { SessionState } from './identity.ts';
import type { NetworkStatus } from './network.ts';
import type { LocalNotification } from './notifications.ts';

export interface DiagnosticMessage {
  /** Deterministic Waku message hash (hex): the same message seen twice has the same id. */
  readonly hash: string;
  readonly text: string;
  /** Waku timestamp of the message, ms since the epoch. */
  readonly sentAt: number;
  /** How this client learned about it. */
  readonly via: 'filter' | 'store';
}

export type WorkerEvent =
  | { readonly type: 'network-status'; readonly status: NetworkStatus }
  | { readonly type: 'diagnostic-message'; readonly message: DiagnosticMessage }
  | { readonly type: 'session'; readonly session: SessionState }
  /** Show this local notification (the page forwards it to the service worker registration). */
  | { readonly type: 'notify'; readonly notification: LocalNotification }
  | { readonly type: 'chat'; readonly chat: ChatView }
  | { readonly type: 'message'; readonly message: MessageView }
  /** Store catch-up progress: windows done of total, and messages fetched so far. */
  | { readonly type: 'chat-sync'; readonly running: boolean; readonly done: number; readonly total: number; readonly messages: number }
  /** A chat's gaps, floor or history fetch changed (sent for the open chat and for fetches). */
  | { readonly type: 'chat-history'; readonly history: ChatHistoryView };

export type WorkerEventListener = (event: WorkerEvent) => void;
