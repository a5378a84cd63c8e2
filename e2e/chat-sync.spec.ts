/**
 * Store catch-up completeness in Chromium on the meshed local devnet: an absence longer than the
 * 9-day sync limit leaves a gap marker in the chat, "Fetch" on it brings the missing messages
 * from the store nodes in order and once, and "Fetch older messages" reports when nothing older
 * is there.
 *
 * Ten days cannot pass in a test, so Bob's worker clock runs ten days ahead when he comes back
 * (Date is replaced in his worker while his profile is still locked: Playwright's clock does not
 * reach workers).
 * Everything else is real: Alice's messages sit on the devnodes' stores at their real times, and
 * Bob's queries go to those stores.
 */
import { expect, test, type Page, type Worker } from '@playwright/test';
import { unlock } from './support/identity.ts';
import { becomeContacts, closeUsers, messages, newUser, send } from './support/chat.ts';

test.afterEach(closeUsers);

const DAY_MS = 86_400_000;

/** Replaces Date in a worker by one `offsetMs` ahead (runs inside the worker). */
function installShiftedDate(offsetMs: number): void {
  const Real = Date;
  function Shifted(this: unknown, ...a: unknown[]): Date | string {
    if (!new.target) return new Real(Real.now() + offsetMs).toString();
    return a.length === 0 ? new Real(Real.now() + offsetMs) : new Real(...(a as [number]));
  }
  Shifted.prototype = Real.prototype;
  Shifted.now = () => Real.now() + offsetMs;
  Shifted.parse = Real.parse;
  Shifted.UTC = Real.UTC;
  (globalThis as { Date: unknown }).Date = Shifted;
}

/**
 * Moves Date in the page's worker `offsetMs` ahead (Playwright's clock does not reach workers),
 * while the page is on the unlock screen: the shift is in place, and checked, before the profile
 * opens and its catch-up reads the clock. Then the worker's light node is restarted (a node is
 * added in the device-level network settings), so that libp2p and the SDK run on one clock too:
 * a node started before the shift finds its peer records ten days old and stops serving store.
 * (Shifting a worker as it starts raced its first reads of the clock on a loaded machine; a
 * script prepended through page.route left the worker unable to connect at all.)
 */
async function shiftWorkerClock(page: Page, offsetMs: number, addNode: string): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Unlock Parley' })).toBeVisible();
  const worker = (): Worker | undefined => page.workers().find((w) => w.url().includes('/workers/'));
  await expect.poll(() => worker() !== undefined).toBe(true);
  await worker()!.evaluate(installShiftedDate, offsetMs);
  expect(await worker()!.evaluate(() => Date.now())).toBeGreaterThan(Date.now() + offsetMs - 60_000);
  await page.getByRole('link', { name: 'Network', exact: true }).click();
  await page.getByLabel('Add a node (multiaddr)').fill(addNode);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByTestId('node-row')).toHaveCount(2);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
}

test('back after ten days: a gap marker, "Fetch" brings the missing messages in order and once', async ({ browser }) => {
  test.setTimeout(90_000);
  const alice = await newUser(browser, 0);
  // Bob has a password, so his profile waits locked while his worker's clock is moved.
  const bob = await newUser(browser, 1, {}, 'password');
  await becomeContacts(alice, bob);
  // Bob's catch-up has covered the new chat's topics once (it runs when a chat brings new topics).
  await expect(bob.page.getByTestId('sync-status')).toHaveText('', { timeout: 20_000 });
  await bob.page.close();

  const away = ['while you were away 1', 'while you were away 2', 'while you were away 3'];
  for (const text of away) await send(alice, text);
  await expect(alice.page.locator('[data-testid="delivery"][data-state="sent"]')).toHaveCount(3);
  // No MVDS resends from Alice while Bob is back: what Bob gets comes from the stores.
  await alice.page.close();

  const back = await bob.context.newPage();
  const config = (await (await back.request.get('/parley.config.json')).json()) as { devnetNodes: string[] };
  await back.goto('/chats');
  await shiftWorkerClock(back, 10 * DAY_MS, config.devnetNodes[0]!);
  // In-app navigation back to the unlock screen: a reload would start a new worker.
  await back.getByRole('link', { name: 'Parley', exact: true }).first().click();
  await unlock(back);
  await back.getByRole('link', { name: 'Chats', exact: true }).click();
  await back.getByTestId('chat-row').filter({ hasText: alice.name }).click();
  const request = `Hi ${bob.name}, it is ${alice.name}`;
  const gap = back.getByTestId('history-gap');
  // While catching up, the range being fetched shows as "Catching up on messages between …";
  // once done, only the stretch beyond the 9-day limit is left.
  await expect(gap.filter({ hasText: 'may be missing' })).toHaveCount(1, { timeout: 45_000 });
  await expect(gap).toHaveCount(1);
  await expect(messages(back)).toHaveText([request]);

  await gap.getByRole('button', { name: /^Fetch messages between/ }).click();
  await expect(messages(back)).toHaveText([request, ...away]);
  await expect(gap).toHaveCount(0);
  await expect(back.getByTestId('history-status')).toHaveText('3 missing messages fetched.');

  await back.getByTestId('fetch-older').click();
  await expect(back.getByTestId('history-status')).toContainText('Nothing older on the store nodes');
  await expect(messages(back)).toHaveText([request, ...away]);
});

test('a chat opened while catching up shows its newest messages first', async ({ browser }) => {
  test.setTimeout(120_000);
  const alice = await newUser(browser, 0);
  const bob = await newUser(browser, 1);
  await becomeContacts(alice, bob);
  await bob.page.getByRole('tab', { name: 'Chats' }).click();
  const chatId = await bob.page.getByTestId('chat-row').filter({ hasText: alice.name }).getAttribute('data-chat-id', { timeout: 10_000 });
  await bob.page.close();

  // More than one store page (50) of Waku messages: one message per MVDS epoch, each seen leaving.
  const count = 55;
  const sent = Array.from({ length: count }, (_, i) => `m${i + 1}`);
  for (const [i, text] of sent.entries()) {
    await send(alice, text);
    await expect(alice.page.locator('[data-testid="delivery"]:not([data-state="sending"])')).toHaveCount(i + 2);
  }
  await alice.page.close();

  const back = await bob.context.newPage();
  // Record the order in which message texts first reach the DOM.
  await back.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { arrivals: string[] }).arrivals = seen;
    new MutationObserver((records) => {
      for (const r of records) {
        for (const n of r.addedNodes) {
          if (!(n instanceof HTMLElement)) continue;
          for (const el of [n, ...n.querySelectorAll('[data-testid="message-text"]')]) {
            const text = el.textContent ?? '';
            // First insertion only: re-sorting moves rows, which re-inserts them.
            if (el.getAttribute('data-testid') === 'message-text' && /^m\d+$/.test(text) && !seen.includes(text)) seen.push(text);
          }
        }
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await back.goto(`/chats/${chatId}`);
  const request = `Hi ${bob.name}, it is ${alice.name}`;
  await expect(messages(back)).toHaveText([request, ...sent], { timeout: 60_000 });
  const arrivals = await back.evaluate(() => (window as unknown as { arrivals: string[] }).arrivals);
  // The newest store page came first: the first message to arrive is not among the oldest few,
  // which sit on the second page (oldest-first replay would start with m1). Alice's MVDS resends
  // while Bob was away add late copies of early messages, so only the first arrival is compared.
  expect(arrivals.length).toBe(count);
  expect(Number(arrivals[0]!.slice(1))).toBeGreaterThan(count - 50);
});
