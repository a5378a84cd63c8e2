/** e2e helpers for the PWA shell: service worker readiness and notifications seen by its registration. */
import { expect, type Page } from '@playwright/test';

/** Waits until the service worker is active and controls this page (it claims on first install). */
export async function serviceWorkerControls(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const sw = (globalThis as unknown as { navigator: { serviceWorker: { ready: Promise<unknown> } } }).navigator.serviceWorker;
    await sw.ready;
  });
  await expect.poll(() => page.evaluate(() => (globalThis as unknown as { navigator: { serviceWorker: { controller: unknown } } }).navigator.serviceWorker.controller !== null)).toBe(true);
}

export interface ShownNotification {
  title: string;
  body: string;
  tag: string;
  data: unknown;
}

/** What `registration.getNotifications()` reports: the notifications the service worker shows. */
export async function shownNotifications(page: Page): Promise<ShownNotification[]> {
  return page.evaluate(async () => {
    type Reg = { getNotifications(): Promise<{ title: string; body: string; tag: string; data: unknown }[]> };
    const sw = (globalThis as unknown as { navigator: { serviceWorker: { ready: Promise<Reg> } } }).navigator.serviceWorker;
    const list = await (await sw.ready).getNotifications();
    return list.map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data }));
  });
}
