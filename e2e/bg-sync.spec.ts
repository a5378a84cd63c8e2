/**
 * The key-less background store check (Periodic Background Sync) in real Chromium with its real
 * service worker and real devnodes: Bob opts in, closes Parley (his page leaves for about:blank,
 * so no Parley window and no worker remain, while his context and service worker stay), Alice
 * writes, and a periodic sync dispatched through the DevTools protocol makes Bob's service worker
 * ask his node and show a generic notification; a second run with nothing new shows none; with
 * notifications turned off the record is gone and nothing is checked.
 *
 * Chromium grants Periodic Background Sync only to installed apps; the test grants the
 * permission through CDP (Browser.grantPermissions) instead of installing.
 */
import { expect, test, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { becomeContacts, closeUsers, newUser, send, type User } from './support/chat.ts';

test.afterEach(closeUsers);

const TAG = 'parley-store-check';

interface SwView {
  notifications: { title: string; body: string; tag: string }[];
  lastRun: { at: number; outcome: string } | null;
  records: number;
}

/** What Bob's service worker sees: its notifications, its last run and the stored records. */
async function swView(context: BrowserContext): Promise<SwView> {
  const sw = context.serviceWorkers().at(-1);
  if (!sw) throw new Error('no service worker');
  return sw.evaluate(async () => {
    type Req<T> = { result: T; onsuccess: (() => void) | null; onerror: (() => void) | null; error: unknown };
    const g = globalThis as unknown as {
      registration: { getNotifications(): Promise<{ title: string; body: string; tag: string }[]> };
      indexedDB: { open(name: string): Req<{ transaction(s: string[]): { objectStore(n: string): { get(k: string): Req<unknown>; count(): Req<number> } }; close(): void }> };
    };
    const done = <T,>(r: Req<T>): Promise<T> =>
      new Promise((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(new Error(String(r.error)));
      });
    const db = await done(g.indexedDB.open('parley-background'));
    try {
      const tx = db.transaction(['records', 'state']);
      const [lastRun, records] = await Promise.all([done(tx.objectStore('state').get('~last-run')), done(tx.objectStore('records').count())]);
      const notifications = (await g.registration.getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag }));
      return { notifications, lastRun: (lastRun as SwView['lastRun']) ?? null, records };
    } finally {
      db.close();
    }
  });
}

/** A CDP session on Bob's page that can grant permissions and fire periodic syncs at his service worker. */
async function devtools(user: User, origin: string): Promise<{ cdp: CDPSession; registrationId: () => string }> {
  const cdp = await user.context.newCDPSession(user.page);
  const { targetInfo } = (await cdp.send('Target.getTargetInfo')) as { targetInfo: { browserContextId: string } };
  // One call grants both: Browser.grantPermissions replaces what was granted before.
  await cdp.send('Browser.grantPermissions', {
    origin,
    browserContextId: targetInfo.browserContextId,
    permissions: ['notifications', 'periodicBackgroundSync'],
  } as never);
  let id = '';
  cdp.on('ServiceWorker.workerRegistrationUpdated', (e: { registrations: { registrationId: string; scopeURL: string; isDeleted: boolean }[] }) => {
    const r = e.registrations.find((x) => x.scopeURL.startsWith(origin) && !x.isDeleted);
    if (r) id = r.registrationId;
  });
  await cdp.send('ServiceWorker.enable');
  return { cdp, registrationId: () => id };
}

/** Leaves Parley: no Parley window, so the service worker runs the key-less check itself. */
const leave = (page: Page): Promise<unknown> => page.goto('about:blank');

test('with Parley closed, a periodic sync checks the store and shows one generic notification; nothing new shows none; notifications off checks nothing', async ({ browser, baseURL }) => {
  test.setTimeout(90_000);
  const origin = new URL(baseURL ?? '').origin;
  const alice = await newUser(browser, 0);
  const bob = await newUser(browser, 1);
  await becomeContacts(alice, bob);
  const { cdp, registrationId } = await devtools(bob, origin);
  await expect.poll(registrationId).not.toBe('');
  const sync = async (): Promise<number> => {
    const before = (await swView(bob.context)).lastRun?.at ?? 0;
    await cdp.send('ServiceWorker.dispatchPeriodicSyncEvent', { origin, registrationId: registrationId(), tag: TAG });
    await expect.poll(async () => (await swView(bob.context)).lastRun?.at ?? 0, { timeout: 30_000 }).toBeGreaterThan(before);
    return before;
  };

  // Bob opts in: the page says background checks are available and what they store.
  await bob.page.goto('/settings/notifications');
  await expect(bob.page.getByTestId('background-sync')).toContainText('check for new messages in the background');
  await expect(bob.page.getByTestId('permission-state')).toContainText('allows Parley');
  const optIn = bob.page.getByLabel('Check for messages in the background');
  await optIn.check();
  await expect(optIn).toBeChecked();
  await expect.poll(async () => (await swView(bob.context)).records).toBe(1);

  // Bob closes Parley; Alice writes; the light push is accepted; Alice closes too (no resends).
  await leave(bob.page);
  await send(alice, 'Are you there, Bob?');
  await expect(alice.page.getByTestId('delivery').last()).toHaveAttribute('data-state', /sent|delivered/);
  await leave(alice.page);

  await sync();
  let view = await swView(bob.context);
  expect(view.lastRun?.outcome).toBe('notified');
  expect(view.notifications).toEqual([{ title: 'Parley', body: 'New messages may be waiting. Open Parley to read them.', tag: 'parley-background' }]);

  // The user dismisses it; the next run finds only what it already notified about.
  await bob.context.serviceWorkers().at(-1)?.evaluate(async () => {
    const g = globalThis as unknown as { registration: { getNotifications(): Promise<{ close(): void }[]> } };
    for (const n of await g.registration.getNotifications()) n.close();
  });
  await sync();
  view = await swView(bob.context);
  expect(view.lastRun?.outcome).toBe('nothing-new');
  expect(view.notifications).toEqual([]);

  // Bob turns notifications off: the record is deleted, and a message that would be new is not checked.
  await bob.page.goto('/settings/notifications');
  await bob.page.getByLabel('Show notifications for new messages').uncheck();
  await expect.poll(async () => (await swView(bob.context)).records).toBe(0);
  await leave(bob.page);
  await alice.page.goto('/chats');
  await alice.page.getByTestId('chat-row').filter({ hasText: bob.name }).click();
  await send(alice, 'Bob?');
  await expect(alice.page.getByTestId('delivery').last()).toHaveAttribute('data-state', /sent|delivered/);
  await leave(alice.page);
  await sync();
  view = await swView(bob.context);
  expect(view.lastRun?.outcome).toBe('no-records');
  expect(view.notifications).toEqual([]);
});
