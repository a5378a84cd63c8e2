/**
 * Local notifications, decided in the worker. Owns: the open profile's notification settings
 * (global on/off, preview opt-in, per-chat mute; sealed in the profile's vault under
 * settings/notifications, because which chats exist is private), the page-visibility flag the
 * page reports, and the decision whether an incoming message notifies.
 *
 * Does not own: showing it. A dedicated worker has no `navigator.serviceWorker` in Chromium
 * (ServiceWorkerContainer is exposed to Window only), so the decision goes out as a `notify`
 * event on the one WorkerApi event stream; the page forwards it to
 * `ServiceWorkerRegistration.showNotification` (src/lib/components/shell/notifications.ts), and
 * the service worker handles the click. No push service is involved.
 */
import type { SessionError } from '$lib/shared/identity.ts';
import {
  DEFAULT_NOTIFICATION_SETTINGS,
  clampPreview,
  type LocalNotification,
  type NotificationSettings,
} from '$lib/shared/notifications.ts';
import { err, ok, type Result } from '$lib/shared/result.ts';
import type { EventHub } from '../events.ts';
import type { SessionService } from './session.ts';

export const NOTIFICATION_SETTINGS_ID = 'notifications';
/** A generous cap on muted chats, so a corrupted list cannot grow without bound. */
export const MAX_MUTED_CHATS = 10_000;

/** Where the settings live; the vault of the open profile in production, memory in tests. */
export interface NotificationSettingsStore {
  load(): Promise<Result<unknown, SessionError>>;
  save(settings: NotificationSettings): Promise<Result<void, SessionError>>;
}

export interface IncomingMessage {
  readonly chatId: string;
  /** The sender's display name (or 3-word name), shown as the title. */
  readonly senderName: string;
  /** The message text; shown only when the user opted into previews. */
  readonly preview?: string;
}

export type NotifyOutcome = 'shown' | 'page-visible' | 'disabled' | 'muted' | 'locked';

export function vaultSettingsStore(session: SessionService): NotificationSettingsStore {
  return {
    load: async () => {
      const open = session.open;
      if (!open) return err('session/locked');
      const r = await open.vault.get('settings', NOTIFICATION_SETTINGS_ID);
      return r.ok ? ok(r.value) : err('session/locked');
    },
    save: async (settings) => {
      const open = session.open;
      if (!open) return err('session/locked');
      const r = await open.vault.put({ store: 'settings', id: NOTIFICATION_SETTINGS_ID, value: settings });
      return r.ok ? ok(undefined) : err('session/locked');
    },
  };
}

/** Reads stored settings defensively: anything malformed falls back to the defaults field by field. */
export function parseSettings(value: unknown): NotificationSettings {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Partial<Record<keyof NotificationSettings, unknown>>;
  const muted = Array.isArray(v.muted) ? v.muted.filter((id): id is string => typeof id === 'string').slice(0, MAX_MUTED_CHATS) : [];
  return {
    enabled: typeof v.enabled === 'boolean' ? v.enabled : DEFAULT_NOTIFICATION_SETTINGS.enabled,
    preview: typeof v.preview === 'boolean' ? v.preview : DEFAULT_NOTIFICATION_SETTINGS.preview,
    muted,
    background: typeof v.background === 'boolean' ? v.background : DEFAULT_NOTIFICATION_SETTINGS.background,
  };
}

export class NotificationService {
  readonly #events: EventHub;
  readonly #store: NotificationSettingsStore;
  #pageVisible = true;
  /** Told after every saved change (the background check follows `enabled` and `background`). */
  onChanged: (settings: NotificationSettings) => void = () => undefined;

  constructor(events: EventHub, store: NotificationSettingsStore) {
    this.#events = events;
    this.#store = store;
  }

  /** The page reports document.visibilityState; a visible page shows messages itself. */
  setPageVisible(visible: boolean): void {
    this.#pageVisible = visible;
  }

  async settings(): Promise<Result<NotificationSettings, SessionError>> {
    const r = await this.#store.load();
    return r.ok ? ok(parseSettings(r.value)) : r;
  }

  async update(change: {
    readonly enabled?: boolean;
    readonly preview?: boolean;
    readonly background?: boolean;
  }): Promise<Result<NotificationSettings, SessionError>> {
    return this.#change((s) => ({
      ...s,
      enabled: typeof change.enabled === 'boolean' ? change.enabled : s.enabled,
      preview: typeof change.preview === 'boolean' ? change.preview : s.preview,
      background: typeof change.background === 'boolean' ? change.background : s.background,
    }));
  }

  async setMuted(chatId: string, muted: boolean): Promise<Result<NotificationSettings, SessionError>> {
    if (chatId.length === 0) return err('session/invalid_setting');
    return this.#change((s) => {
      const others = s.muted.filter((id) => id !== chatId);
      return { ...s, muted: muted ? [...others, chatId].slice(-MAX_MUTED_CHATS) : others };
    });
  }

  /**
   * The hook for incoming chat messages: call it for every new message from someone else. It
   * notifies only when the page is hidden, notifications are on and the chat is not muted.
   */
  async notifyIncoming(message: IncomingMessage): Promise<NotifyOutcome> {
    if (this.#pageVisible) return 'page-visible';
    return this.#notify(message, { respectMute: true });
  }

  /** "Send a test notification" in settings: the same path, shown even though the page is open. */
  async notifyTest(): Promise<NotifyOutcome> {
    return this.#notify({ chatId: 'test', senderName: 'Parley', preview: 'This is how a message preview looks.' }, { respectMute: false });
  }

  async #notify(message: IncomingMessage, opts: { respectMute: boolean }): Promise<NotifyOutcome> {
    const r = await this.settings();
    if (!r.ok) return 'locked';
    const s = r.value;
    if (!s.enabled) return 'disabled';
    if (opts.respectMute && s.muted.includes(message.chatId)) return 'muted';
    const preview = s.preview && message.preview ? clampPreview(message.preview) : '';
    const notification: LocalNotification = {
      chatId: message.chatId,
      title: message.senderName,
      ...(preview ? { body: preview } : { body: 'New message' }),
    };
    this.#events.emit({ type: 'notify', notification });
    return 'shown';
  }

  async #change(next: (s: NotificationSettings) => NotificationSettings): Promise<Result<NotificationSettings, SessionError>> {
    const current = await this.settings();
    if (!current.ok) return current;
    const value = next(current.value);
    const saved = await this.#store.save(value);
    if (!saved.ok) return saved;
    this.onChanged(value);
    return ok(value);
  }
}
