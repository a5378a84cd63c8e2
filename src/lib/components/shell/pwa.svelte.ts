/**
 * The page side of the PWA shell (Svelte 5 runes): registers the service worker with
 * workbox-window, tracks "an update is waiting" and "offline", and bridges notifications.
 * Owns: registration, the consent-based update (never reloads unless the user clicked), the
 * worker → service-worker notification hand-off, the page-visibility report, and the optional
 * Periodic Background Sync registration. Does not own: what notifies (worker NotificationService)
 * or the precache (src/service-worker-app.ts).
 */
import { Workbox } from 'workbox-window';
import { goto } from '$app/navigation';
import { workerClient } from '$lib/client/worker-client.ts';
import { createLogger } from '$lib/shared/log.ts';
import { PERIODIC_SYNC_TAG, chatPath, chatTag, type LocalNotification, type ServiceWorkerMessage } from '$lib/shared/notifications.ts';

const log = createLogger('pwa');
/** How often an open app looks for a new version (the browser also checks on navigation). */
const UPDATE_CHECK_MS = 60 * 60 * 1000;
/** Periodic Background Sync: the browser treats this as a minimum, and decides itself. */
const PERIODIC_SYNC_MIN_MS = 12 * 60 * 60 * 1000;

interface PeriodicSyncRegistration extends ServiceWorkerRegistration {
  periodicSync?: {
    register(tag: string, opts: { minInterval: number }): Promise<void>;
    unregister(tag: string): Promise<void>;
    getTags(): Promise<string[]>;
  };
}

export class PwaManager {
  updateReady = $state(false);
  offline = $state(typeof navigator !== 'undefined' && !navigator.onLine);
  /** null until registration settles; false where service workers are unavailable. */
  registered = $state<boolean | null>(null);
  /** True where Periodic Background Sync exists and is granted (installed Chromium PWAs). */
  backgroundSync = $state(false);
  #wb: Workbox | null = null;

  start(): void {
    addEventListener('online', () => (this.offline = false));
    addEventListener('offline', () => (this.offline = true));
    this.#reportVisibility();
    document.addEventListener('visibilitychange', () => this.#reportVisibility());
    workerClient().onEvent((event) => {
      if (event.type === 'notify') void this.show(event.notification);
    });
    if (!('serviceWorker' in navigator)) {
      this.registered = false;
      return;
    }
    navigator.serviceWorker.addEventListener('message', (event: MessageEvent<ServiceWorkerMessage>) => this.#onMessage(event.data));
    const wb = new Workbox('/service-worker.js');
    // A new version installed and waits: offer it; it takes over only via applyUpdate().
    wb.addEventListener('waiting', () => (this.updateReady = true));
    this.#wb = wb;
    wb.register()
      .then((registration) => {
        this.registered = registration !== undefined;
        setInterval(() => void wb.update(), UPDATE_CHECK_MS);
      })
      .catch((e: unknown) => {
        this.registered = false;
        log.warn(`service worker registration failed: ${String(e)}`);
      });
  }

  /** The user clicked "reload": let the waiting worker take over, then reload once it controls. */
  applyUpdate(): void {
    const wb = this.#wb;
    if (!wb) return;
    wb.addEventListener('controlling', () => location.reload());
    wb.messageSkipWaiting();
  }

  /** Shows a notification through the service worker registration (works on Android too). */
  async show(n: LocalNotification): Promise<void> {
    if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    const registration = await navigator.serviceWorker.ready;
    await registration.showNotification(n.title, {
      body: n.body,
      tag: chatTag(n.chatId),
      icon: '/icons/icon-192.png',
      badge: '/icons/maskable-192.png',
      data: { path: chatPath(n.chatId) },
    });
  }

  /** Finds out whether Periodic Background Sync is available here (installed Chromium PWAs). */
  async checkBackgroundSync(): Promise<boolean> {
    this.backgroundSync = (await this.#periodicSync()) !== null;
    return this.backgroundSync;
  }

  /** Registers (or removes) the periodic store check; false where it does not exist. */
  async setBackgroundSync(on: boolean): Promise<boolean> {
    const periodicSync = await this.#periodicSync();
    this.backgroundSync = periodicSync !== null;
    if (!periodicSync) return false;
    try {
      if (on) await periodicSync.register(PERIODIC_SYNC_TAG, { minInterval: PERIODIC_SYNC_MIN_MS });
      else await periodicSync.unregister(PERIODIC_SYNC_TAG);
      return true;
    } catch (e) {
      log.info(`periodic background sync unavailable: ${String(e)}`);
      return false;
    }
  }

  async #periodicSync(): Promise<NonNullable<PeriodicSyncRegistration['periodicSync']> | null> {
    if (!('serviceWorker' in navigator)) return null;
    const registration = (await navigator.serviceWorker.ready) as PeriodicSyncRegistration;
    if (!registration.periodicSync) return null;
    try {
      const status = await navigator.permissions.query({ name: 'periodic-background-sync' as PermissionName });
      return status.state === 'granted' ? registration.periodicSync : null;
    } catch {
      return null;
    }
  }

  #reportVisibility(): void {
    void workerClient().api.setPageVisible(document.visibilityState === 'visible');
  }

  #onMessage(message: ServiceWorkerMessage | undefined): void {
    if (message?.type === 'open' && message.path.startsWith('/') && !message.path.startsWith('//')) {
      // eslint-disable-next-line svelte/no-navigation-without-resolve -- an in-app path built by chatPath()
      void goto(message.path);
    } else if (message?.type === 'store-check') void workerClient().api.checkStoreNow();
  }
}

let manager: PwaManager | null = null;

/** The one PwaManager of this page; started by the root layout's <PwaStatus />. */
export function pwaManager(): PwaManager {
  manager ??= new PwaManager();
  return manager;
}
