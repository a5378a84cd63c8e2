/// <reference lib="webworker" />
/**
 * Parley's service worker. Owns: the precached app shell (Workbox; the manifest is injected at
 * build time by @vite-pwa/sveltekit), the SPA navigation fallback, the update hand-over (only when
 * the page asks, after the user clicked "reload"), showing local notifications' clicks, and the
 * Periodic Background Sync hook (service-worker-check.ts: a key-less store check when no page is
 * open). Does not own: keys, the vaults, the live connection to Waku nodes (all in the dedicated
 * worker), and it never talks to a push service.
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { clientsClaim } from 'workbox-core';
import { PERIODIC_SYNC_TAG, type ServiceWorkerMessage } from '$lib/shared/notifications.ts';
import { backgroundCheck, preloadStoreClient } from './service-worker-check.ts';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };

precacheAndRoute(self.__WB_MANIFEST);
// The first install takes the open page at once, so it works offline without a reload. Updates
// still wait: a new worker activates only after SKIP_WAITING, i.e. after the user said reload.
clientsClaim();
cleanupOutdatedCaches();
// Every in-app path is the SPA shell; files (with an extension) and the deployment config are not.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/\.[a-z0-9]+$/i] }));

// The background store client may be imported only now (see preloadStoreClient).
self.addEventListener('install', () => preloadStoreClient());

self.addEventListener('message', (event) => {
  const data = event.data as ServiceWorkerMessage | undefined;
  // Sent by workbox-window's messageSkipWaiting(), only after the user chose to reload.
  if (data?.type === 'SKIP_WAITING') void self.skipWaiting();
});

async function windows(): Promise<readonly WindowClient[]> {
  return self.clients.matchAll({ type: 'window', includeUncontrolled: true });
}

/** Focus an open Parley window on `path` (the page routes in-app), or open one. */
async function openPath(path: string): Promise<void> {
  const open = await windows();
  const target = open.find((c) => c.focused) ?? open[0];
  if (!target) {
    await self.clients.openWindow(path);
    return;
  }
  await target.focus();
  const message: ServiceWorkerMessage = { type: 'open', path };
  target.postMessage(message);
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const path = (event.notification.data as { path?: unknown } | null)?.path;
  // Only ever an in-app path: a notification can't send the user to another origin.
  const safe = typeof path === 'string' && path.startsWith('/') && !path.startsWith('//') ? path : '/';
  event.waitUntil(openPath(safe));
});

interface PeriodicSyncEvent extends ExtendableEvent {
  readonly tag: string;
}

/**
 * Installed Chromium PWAs only. With a page open, its worker (which has the keys and a live
 * connection) checks the store, so we only ask it to. With none, run the key-less check of
 * service-worker-check.ts for the profiles that opted in; it can only say "may be waiting".
 */
self.addEventListener('periodicsync', (event: Event) => {
  const sync = event as PeriodicSyncEvent;
  if (sync.tag !== PERIODIC_SYNC_TAG) return;
  const message: ServiceWorkerMessage = { type: 'store-check' };
  sync.waitUntil(
    windows().then(async (open) => {
      if (open.length > 0) open.forEach((c) => c.postMessage(message));
      else await backgroundCheck().catch(() => 'failed');
    }),
  );
});
