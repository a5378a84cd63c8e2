/**
 * UI state of Settings → Notifications: the browser permission, the profile's notification
 * settings (through WorkerApi), and the per-chat mute list. Permission is only ever requested
 * from a click handler (requestPermission below is called by a button).
 */
import { workerClient } from '$lib/client/worker-client.ts';
import type { NotificationSettings } from '$lib/shared/notifications.ts';
import type { Result } from '$lib/shared/result.ts';

export type PermissionState = NotificationPermission | 'unsupported';

const permissionNow = (): PermissionState => (typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);

export class NotificationSettingsManager {
  permission = $state<PermissionState>(permissionNow());
  settings = $state<NotificationSettings | null>(null);
  testResult = $state<string | null>(null);
  error = $state<string | null>(null);

  async load(): Promise<void> {
    this.#take(await workerClient().api.getNotificationSettings());
  }

  /** Must run inside a user gesture (a click); browsers ignore or penalise unprompted requests. */
  async requestPermission(): Promise<void> {
    if (this.permission === 'unsupported') return;
    this.permission = await Notification.requestPermission();
  }

  setEnabled = async (enabled: boolean) => this.#take(await workerClient().api.updateNotificationSettings({ enabled }));
  setPreview = async (preview: boolean) => this.#take(await workerClient().api.updateNotificationSettings({ preview }));
  /** Opt in or out of the background check; `register` adds or removes the periodic sync. */
  async setBackground(background: boolean, register: (on: boolean) => Promise<boolean>): Promise<void> {
    this.#take(await workerClient().api.updateNotificationSettings({ background }));
    if (this.settings?.background === background) await register(background);
  }
  unmute = async (chatId: string) => this.#take(await workerClient().api.setChatMuted(chatId, false));

  async sendTest(): Promise<void> {
    this.permission = permissionNow();
    const outcome = await workerClient().api.sendTestNotification();
    this.testResult =
      outcome === 'disabled'
        ? 'Notifications are turned off above.'
        : this.permission !== 'granted'
          ? 'Allow notifications first.'
          : 'Sent. It appears as a system notification.';
  }

  #take(r: Result<NotificationSettings>): void {
    if (r.ok) {
      this.settings = r.value;
      this.error = null;
    } else this.error = 'Unlock your profile to change notification settings.';
  }
}
