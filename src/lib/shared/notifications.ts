/**
 * Local notifications, shared by the worker (decides), the page (forwards) and the service worker
 * (shows and handles clicks). Plain data only. No push service is involved anywhere: a push
 * service would learn when and how often this device receives messages.
 */

/** What the worker asks to be shown. `body` is absent unless the user opted into previews. */
export interface LocalNotification {
  readonly chatId: string;
  readonly title: string;
  readonly body?: string;
}

/** Notification settings of the open profile (kept in its encrypted vault by the worker). */
export interface NotificationSettings {
  readonly enabled: boolean;
  /** Show the first characters of the message; off by default. */
  readonly preview: boolean;
  /** Chat ids the user muted. */
  readonly muted: readonly string[];
  /**
   * "Check for messages in the background" (Periodic Background Sync, installed Chromium apps):
   * off by default, because it stores topic names and node addresses unencrypted for the service
   * worker (background-check.ts).
   */
  readonly background: boolean;
}

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = { enabled: true, preview: false, muted: [], background: false };

/** Longest preview shown in a notification, in characters. */
export const MAX_PREVIEW_CHARS = 120;

/** The tag of the Periodic Background Sync the page registers where it exists. */
export const PERIODIC_SYNC_TAG = 'parley-store-check';

/** Messages between the service worker and its pages. */
export type ServiceWorkerMessage =
  | { readonly type: 'SKIP_WAITING' }
  /** SW → page: the user clicked a notification; show this in-app path. */
  | { readonly type: 'open'; readonly path: string }
  /** SW → page: periodic sync fired while a page is open; run a store check now. */
  | { readonly type: 'store-check' };

/** The in-app path a chat notification opens. */
export const chatPath = (chatId: string): string => `/chats/${encodeURIComponent(chatId)}`;

/** The notification tag: one notification per chat, replaced by the next one. */
export const chatTag = (chatId: string): string => `chat:${chatId}`;

export function clampPreview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_PREVIEW_CHARS ? `${flat.slice(0, MAX_PREVIEW_CHARS - 1)}…` : flat;
}
