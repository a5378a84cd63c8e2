/**
 * The key-less background store check (Periodic Background Sync) in real Chromium with its real
 * service worker and real devnodes: Bob opts in, closes Parley (his page leaves for about:blank,
 * so no Parley window and no worker remain, while his context and service worker stay), Alice
 * writes, and a periodic sync dispatched through the DevTools protocol makes Bob's service worker
 * ask his node and show a generic notification; a second run with nothing new shows none; with
 * notifications turned off the record is gone and nothing is checked. With Parley open, the
 * periodic sync is handed to the page instead, whose worker catches up from the store.
 *
 * Bob runs in a browser that records Chromium's NetLog: every request of his page, worker and
 * service worker (including the background check's WebSockets) goes to the app or his devnode.
 *
 * Chromium grants Periodic Background Sync only to installed apps; the test grants the
 * permission through CDP (Browser.grantPermissions) instead of installing.
 */
import { expect, test, type Browser, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { becomeContacts, closeUsers, newUser, send, type User } from './support/chat.ts';
import { seriousViolations } from './support/axe.ts';
import { appRequests, launchWithNetLog } from './support/netlog.ts';

test.afterEach(closeUsers);

const TAG = 'parley-store-check';

interface SwView {
  notifications: { title: string; body: string; tag: string }[];
  lastRun: { at: number; outcome: string; found: number; fresh: number } | null;
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

/** Waits until the message `text` of `user` left for her outbox (its own row, not an earlier one). */
async function pushed(user: User, text: string): Promise<void> {
  const row = user.page.getByTestId('message').filter({ has: user.page.getByTestId('message-text').getByText(text, { exact: true }) });
  await expect(row.getByTestId('delivery')).toHaveAttribute('data-state', 'sent');
}

/** Leaves Parley: no Parley window, so the service worker runs the key-less check itself. */
const leave = (page: Page): Promise<unknown> => page.goto('about:blank');

test('with Parley closed, a periodic sync checks the store and shows one generic notification; nothing new shows none; notifications off checks nothing', async ({ browser, baseURL, request }) => {
  test.setTimeout(90_000);
  const origin = new URL(baseURL ?? '').origin;
  const net = await launchWithNetLog();
  try {
    await bobsSession(browser, net.browser, origin);
  } catch (e) {
    await net.browser.close();
    throw e;
  }
  const config = (await (await request.get('/parley.config.json')).json()) as { devnetNodes: string[] };
  // Bob's browser starts on the default devnet (both nodes) before he keeps only node 1.
  const nodes = config.devnetNodes.map((a) => `ws://${/^\/ip4\/([^/]+)\/tcp\/(\d+)\//.exec(a)!.slice(1, 3).join(':')}`);
  const destinations = [...new Set(appRequests(await net.finish(), origin).map((r) => new URL(r.url).origin))];
  expect(destinations.filter((d) => d !== origin && !nodes.includes(d)), 'third-party destinations').toEqual([]);
  expect(destinations).toContain(nodes[1]);
});

async function bobsSession(alicesBrowser: Browser, bobsBrowser: Browser, origin: string): Promise<void> {
  const alice = await newUser(alicesBrowser, 0);
  const bob = await newUser(bobsBrowser, 1, { baseURL: origin });
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
  expect(await seriousViolations(bob.page)).toEqual([]);
  await expect.poll(async () => (await swView(bob.context)).records).toBe(1);

  // With Parley open, a periodic sync is forwarded to the page, whose worker (with the keys and a
  // live connection) catches up from the store; the service worker's key-less check does not run.
  const logs: string[] = [];
  bob.context.on('console', (m) => logs.push(m.text()));
  const lastRunBefore = (await swView(bob.context)).lastRun;
  await cdp.send('ServiceWorker.dispatchPeriodicSyncEvent', { origin, registrationId: registrationId(), tag: TAG });
  await expect.poll(() => logs.findIndex((l) => l.includes('[parley:network] store check asked for by the periodic sync'))).toBeGreaterThanOrEqual(0);
  const asked = logs.findIndex((l) => l.includes('store check asked for by the periodic sync'));
  await expect.poll(() => logs.slice(asked).some((l) => /\[parley:store-sync\] store catch-up done: \d+ of \d+ windows/.test(l))).toBe(true);
  expect((await swView(bob.context)).lastRun).toEqual(lastRunBefore);
  expect((await swView(bob.context)).notifications).toEqual([]);

  // Bob closes Parley. Before anyone writes, a check finds nothing new (what Bob saw is recorded).
  await leave(bob.page);
  await sync();
  expect((await swView(bob.context)).lastRun).toMatchObject({ outcome: 'nothing-new', fresh: 0 });
  expect((await swView(bob.context)).notifications).toEqual([]);

  // Alice writes. Her worker pushes it to her node, which relays it to Bob's; until it is in
  // Bob's node's store a check finds nothing new, so check until it is there. Then Alice closes
  // Parley too, well before her first MVDS resend (~27 s), which would be a new envelope.
  await send(alice, 'Are you there, Bob?');
  await pushed(alice, 'Are you there, Bob?');
  await expect
    .poll(async () => {
      await sync();
      return (await swView(bob.context)).lastRun?.outcome;
    }, { timeout: 20_000 })
    .toBe('notified');
  await leave(alice.page);
  let view = await swView(bob.context);
  expect(view.lastRun?.fresh).toBeGreaterThan(0);
  expect(view.notifications).toEqual([{ title: 'Parley', body: 'New messages may be waiting. Open Parley to read them.', tag: 'parley-background' }]);

  // The user dismisses it; the next run finds only what it already notified about.
  await bob.context.serviceWorkers().at(-1)?.evaluate(async () => {
    const g = globalThis as unknown as { registration: { getNotifications(): Promise<{ close(): void }[]> } };
    for (const n of await g.registration.getNotifications()) n.close();
  });
  await sync();
  view = await swView(bob.context);
  // The store still returns Alice's envelope; it is known now.
  expect(view.lastRun).toMatchObject({ outcome: 'nothing-new', fresh: 0 });
  expect(view.lastRun?.found).toBeGreaterThan(0);
  expect(view.notifications).toEqual([]);

  // Bob turns notifications off: the record is deleted, and a message that would be new is not checked.
  await bob.page.goto('/settings/notifications');
  await bob.page.getByLabel('Show notifications for new messages').uncheck();
  await expect.poll(async () => (await swView(bob.context)).records).toBe(0);
  await leave(bob.page);
  await alice.page.goto('/chats');
  await alice.page.getByTestId('chat-row').filter({ hasText: bob.name }).click();
  await send(alice, 'Bob?');
  await pushed(alice, 'Bob?');
  await leave(alice.page);
  await sync();
  view = await swView(bob.context);
  expect(view.lastRun?.outcome).toBe('no-records');
  expect(view.notifications).toEqual([]);

  // Garbage where a record should be: no crash, no request, no notification.
  await bob.context.serviceWorkers().at(-1)?.evaluate(async () => {
    type Req = { onsuccess: (() => void) | null; result: unknown };
    type Db = { transaction(s: string[], mode: string): { objectStore(n: string): { put(v: unknown, k: string): Req }; oncomplete: (() => void) | null } };
    const g = globalThis as unknown as { indexedDB: { open(name: string): Req } };
    const open = g.indexedDB.open('parley-background');
    const db = await new Promise<Db>((resolve) => (open.onsuccess = () => resolve(open.result as Db)));
    const tx = db.transaction(['records'], 'readwrite');
    const records = tx.objectStore('records');
    records.put('not a record', 'a');
    records.put({ v: 1, profileId: 'b', nodes: 'oops', topics: [], seen: null }, 'b');
    records.put({ v: 1, profileId: 'someone-else', nodes: ['/dns4/evil.example/tcp/443/wss'], clusterId: 16, shard: 32, topics: ['/waku/1/0x00000000/rfc26'], seenUntil: 0, seen: [] }, 'c');
    await new Promise<void>((resolve) => (tx.oncomplete = () => resolve()));
  });
  await sync();
  view = await swView(bob.context);
  expect(view.records).toBe(3);
  expect(view.lastRun?.outcome).toBe('no-records');
  expect(view.notifications).toEqual([]);
}
