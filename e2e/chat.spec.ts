/**
 * 1:1 chat end to end in Chromium on the meshed local devnet: contact request, acceptance,
 * conversation both ways with replies, edits, deletes and reactions, delivered marks, and
 * catch-up from store after being away.
 */
import { expect, test } from '@playwright/test';
import { XSS_CORPUS, expectInert, recordDialogs } from './support/xss-corpus.ts';
import { becomeContacts, closeUsers, devnetControl, messageAction, messages, newUser, openChat, openRequest, send, sendContactRequest } from './support/chat.ts';

test.afterEach(closeUsers);

test('Alice sends Bob a contact request, Bob accepts, and they talk both ways', async ({ browser }) => {
  const alice = await newUser(browser, 0);
  const bob = await newUser(browser, 1);

  await sendContactRequest(alice, bob, 'Hi Bob, it is Alice');
  await expect(alice.page.getByTestId('request-pending')).toBeVisible();

  await expect(bob.page.getByTestId('requests-tab')).toHaveText('Requests (1)');
  await openRequest(bob, alice);
  await expect(messages(bob.page)).toHaveText(['Hi Bob, it is Alice']);
  await bob.page.getByRole('button', { name: 'Accept' }).click();
  await expect(bob.page.getByTestId('request-banner')).toHaveCount(0);
  await expect(alice.page.getByTestId('request-pending')).toHaveCount(0);

  await send(bob, 'Hello Alice!');
  await expect(messages(alice.page)).toHaveText(['Hi Bob, it is Alice', 'Hello Alice!']);
  await send(alice, 'How are you?');
  await expect(messages(bob.page)).toHaveText(['Hi Bob, it is Alice', 'Hello Alice!', 'How are you?']);
  await expect(alice.page.getByTestId('delivery').last()).toHaveAttribute('data-state', 'delivered');

});

test('fifty messages both ways with a reply, an edit, a delete and reactions read the same on both sides', async ({ browser }) => {
  test.setTimeout(300_000);
  const alice = await newUser(browser, 0);
  const bob = await newUser(browser, 1);
  await becomeContacts(alice, bob);
  await openChat(bob, alice);
  for (let i = 1; i <= 25; i++) {
    await send(alice, `a${i}`);
    await send(bob, `b${i}`);
  }
  // 50 sends back to back on a loaded 2-core machine: allow more than the default wait.
  await expect(messages(alice.page)).toHaveCount(51, { timeout: 90_000 });
  await expect(messages(bob.page)).toHaveCount(51, { timeout: 90_000 });

  const aliceMsg = alice.page.getByTestId('message').filter({ has: alice.page.getByTestId('message-text').getByText('b3', { exact: true }) });
  await messageAction(aliceMsg, 'Reply');
  await send(alice, 'replying to b3');
  const own = alice.page.getByTestId('message').filter({ has: alice.page.getByTestId('message-text').getByText('a7', { exact: true }) });
  await messageAction(own, 'Edit');
  await alice.page.getByLabel('Message', { exact: true }).fill('a7 (fixed)');
  await alice.page.getByLabel('Message', { exact: true }).press('Enter');
  const gone = alice.page.getByTestId('message').filter({ has: alice.page.getByTestId('message-text').getByText('a9', { exact: true }) });
  await messageAction(gone, 'Delete for everyone');
  const liked = bob.page.getByTestId('message').filter({ has: bob.page.getByTestId('message-text').getByText('a1', { exact: true }) });
  await messageAction(liked, 'React 👍');

  for (const user of [alice, bob]) {
    await expect(user.page.getByTestId('quote').filter({ hasText: 'b3' })).toHaveCount(1);
    await expect(user.page.getByTestId('message-text').getByText('a7 (fixed)', { exact: true })).toHaveCount(1);
    await expect(user.page.getByTestId('edited')).toHaveCount(1);
    await expect(user.page.getByText('Message deleted')).toHaveCount(1);
    await expect(user.page.getByTestId('reaction').filter({ hasText: '👍 1' })).toHaveCount(1);
  }
  const order = async (u: typeof alice) => u.page.getByTestId('message-text').allTextContents();
  expect(await order(alice)).toEqual(await order(bob));
  await expect(alice.page.getByTestId('delivery').filter({ has: alice.page.locator('[data-state="sending"]') })).toHaveCount(0);
  await expect(alice.page.locator('[data-testid="delivery"]:not([data-state="delivered"])')).toHaveCount(0);
});

test('Bob closes Parley, Alice sends 20 more, and Bob gets all 20 from store, in order, once', async ({ browser }) => {
  const alice = await newUser(browser, 0);
  const bob = await newUser(browser, 1);
  await becomeContacts(alice, bob);
  await bob.page.close();
  for (let i = 1; i <= 20; i++) await send(alice, `while away ${i}`);
  await expect(alice.page.getByTestId('delivery')).toHaveCount(21);

  const back = await bob.context.newPage();
  await back.goto('/chats');
  await back.getByTestId('chat-row').filter({ hasText: alice.name }).click();
  const expected = ['Hi ' + bob.name + ', it is ' + alice.name, ...Array.from({ length: 20 }, (_, i) => `while away ${i + 1}`)];
  await expect(back.getByTestId('message-text')).toHaveText(expected);
  // Bob's ACKs reach Alice: every message ends up delivered.
  await expect(alice.page.locator('[data-testid="delivery"]:not([data-state="delivered"])')).toHaveCount(0);
});

test('a devnode restarts mid-conversation and nothing is lost; while it is down, Alice’s message shows "sending"', async ({ browser }) => {
  test.setTimeout(240_000);
  const alice = await newUser(browser, 0);
  const bob = await newUser(browser, 1);
  await becomeContacts(alice, bob);
  await openChat(bob, alice);
  await send(alice, 'before the restart');
  await expect(messages(bob.page).last()).toHaveText('before the restart');
  // Alice's only node goes down for a while.
  await devnetControl(alice.page, 'stop', 0);
  await send(alice, 'during the restart');
  await send(bob, 'reply during the restart');
  const during = alice.page
    .getByTestId('message')
    .filter({ has: alice.page.getByTestId('message-text').getByText('during the restart', { exact: true }) })
    .getByTestId('delivery');
  await expect(during).toHaveAttribute('data-state', 'sending');
  // Several MVDS epochs (300 ms) and outbox tries (1 s, 2 s) later, no node has accepted it: still "sending", not "sent".
  await alice.page.waitForTimeout(3_500);
  await expect(during).toHaveAttribute('data-state', 'sending');
  await devnetControl(alice.page, 'start', 0);
  // What a node missed while down comes back through our outbox retries and MVDS resends
  // (first resend after 27–36 s, §7.3), so allow for one resend round.
  const resend = { timeout: 75_000 };
  await expect(messages(bob.page)).toContainText(['during the restart', 'reply during the restart'], resend);
  await expect(messages(alice.page)).toContainText(['during the restart', 'reply during the restart'], resend);
  await expect(alice.page.locator('[data-testid="delivery"]:not([data-state="delivered"])')).toHaveCount(0, resend);
  const order = async (p: typeof alice.page) => p.getByTestId('message-text').allTextContents();
  expect(await order(alice.page)).toEqual(await order(bob.page));
});

test('with "contacts only" on, Carol, who is not a contact, waits in requests', async ({ browser }) => {
  const bob = await newUser(browser, 1);
  const carol = await newUser(browser, 0);
  await bob.page.getByTestId('requests-tab').click();
  await bob.page.getByLabel(/Only people I added can message me/).check();
  await sendContactRequest(carol, bob, 'Hello from Carol');
  await expect(bob.page.getByTestId('requests-tab')).toHaveText('Requests (1)');
  await bob.page.getByRole('tab', { name: 'Chats' }).click();
  await expect(bob.page.getByTestId('chat-row')).toHaveCount(0);
  await openRequest(bob, carol);
  await expect(messages(bob.page)).toHaveText(['Hello from Carol']);
});

test('an XSS corpus sent as message text renders inert on the receiving side', async ({ browser }) => {
  const alice = await newUser(browser, 0);
  const bob = await newUser(browser, 1);
  const dialogs = recordDialogs(bob.page);
  await becomeContacts(alice, bob);
  await openChat(bob, alice);
  for (const payload of XSS_CORPUS) await send(alice, payload);
  await expect(messages(bob.page)).toHaveCount(XSS_CORPUS.length + 1, { timeout: 60_000 });
  // Each payload arrives as the exact text that was sent, not as markup.
  const shown = await messages(bob.page).allTextContents();
  expect(shown.slice(1)).toEqual([...XSS_CORPUS]);
  await expectInert(bob.page, dialogs);
});
