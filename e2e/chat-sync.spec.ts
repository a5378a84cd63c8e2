/**
 * Store catch-up completeness in Chromium on the meshed local devnet: an absence longer than the
 * 9-day sync limit leaves a gap marker in the chat, "Fetch" on it brings the missing messages
 * from the store nodes in order and once, and "Fetch older messages" reports when nothing older
 * is there.
 *
 * Ten days cannot pass in a test, so Bob's worker clock runs ten days ahead when he comes back
 * (Date is replaced in his worker as it starts: Playwright's clock does not reach workers).
 * Everything else is real: Alice's messages sit on the devnodes' stores at their real times, and
 * Bob's queries go to those stores.
 */
import { expect, test, type Page } from '@playwright/test';
import { becomeContacts, closeUsers, messages, newUser, send } from './support/chat.ts';

test.afterEach(closeUsers);

const DAY_MS = 86_400_000;

/**
 * Moves Date in the page's workers `offsetMs` ahead, as soon as each worker starts (long before
 * the app asks it to unlock and catch up). Playwright's clock does not reach workers.
 */
function shiftWorkerClock(page: Page, offsetMs: number): void {
  page.on('worker', (worker) => {
    void worker.evaluate((o) => {
      const Real = Date;
      function Shifted(this: unknown, ...a: unknown[]): Date | string {
        if (!new.target) return new Real(Real.now() + o).toString();
        return a.length === 0 ? new Real(Real.now() + o) : new Real(...(a as [number]));
      }
      Shifted.prototype = Real.prototype;
      Shifted.now = () => Real.now() + o;
      Shifted.parse = Real.parse;
      Shifted.UTC = Real.UTC;
      (globalThis as { Date: unknown }).Date = Shifted;
    }, offsetMs);
  });
}

test('back after ten days: a gap marker, "Fetch" brings the missing messages in order and once', async ({ browser }) => {
  test.setTimeout(90_000);
  const alice = await newUser(browser, 0);
  const bob = await newUser(browser, 1);
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
  shiftWorkerClock(back, 10 * DAY_MS);
  await back.goto('/chats');
  await back.getByTestId('chat-row').filter({ hasText: alice.name }).click();
  const request = `Hi ${bob.name}, it is ${alice.name}`;
  const gap = back.getByTestId('history-gap');
  await expect(gap).toContainText('may be missing', { timeout: 45_000 });
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
