/**
 * More of 1:1 chat in two browsers on the meshed devnet: pins (either side pins, both see the mark
 * and the "Pinned messages" list, unpin from the list; axe on that view) and delete for me (hidden
 * on one side only, and still hidden after a reload).
 */
import { expect, test, type Page } from '@playwright/test';
import { seriousViolations } from './support/axe.ts';
import { unlock } from './support/identity.ts';
import { becomeContacts, closeUsers, messageAction, messages, newUser, openChat, send } from './support/chat.ts';

test.afterEach(closeUsers);

const bubble = (page: Page, text: string) => page.getByTestId('message').filter({ has: page.getByTestId('message-text').getByText(text, { exact: true }) });

test('pins and delete-for-me between Alice and Bob', async ({ browser }) => {
  test.setTimeout(120_000);
  const alice = await newUser(browser, 0);
  const bob = await newUser(browser, 1);
  await becomeContacts(alice, bob);
  await openChat(bob, alice);
  await send(alice, 'pin this one');
  await send(alice, 'only for alice');
  await expect(messages(bob.page)).toContainText(['pin this one', 'only for alice']);

  // Bob pins Alice's message: both sides show the mark and the pinned list.
  await messageAction(bubble(bob.page, 'pin this one'), 'Pin');
  await expect(bubble(bob.page, 'pin this one').getByTestId('pin-mark')).toBeVisible();
  await expect(bubble(alice.page, 'pin this one').getByTestId('pin-mark')).toBeVisible();
  const list = alice.page.getByTestId('pinned-messages');
  await list.getByRole('button', { name: 'Pinned messages (1)' }).click();
  await expect(list.getByTestId('pinned-item')).toHaveText([/pin this one/]);
  // The chat view with a pin mark and the open list: no serious or critical axe violations.
  expect(await seriousViolations(alice.page)).toEqual([]);

  // A message's actions by keyboard: "⋯" opens them (axe-clean while open), Tab moves into them,
  // Escape closes them and puts focus back on "⋯"; a press elsewhere closes them too.
  const mine = bubble(alice.page, 'only for alice');
  const toggle = mine.getByRole('button', { name: 'Message actions' });
  await expect(mine.getByRole('button', { name: 'Reply', exact: true })).toHaveCount(0);
  await toggle.focus();
  await alice.page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(mine.getByRole('button', { name: 'Delete for everyone' })).toBeVisible();
  expect(await seriousViolations(alice.page)).toEqual([]);
  await alice.page.keyboard.press('Tab');
  await expect(mine.getByRole('button', { name: 'React ❤️' })).toBeFocused();
  await alice.page.keyboard.press('Escape');
  await expect(toggle).toBeFocused();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await alice.page.getByLabel('Message', { exact: true }).click();
  await expect(mine.getByRole('button', { name: 'Reply', exact: true })).toHaveCount(0);

  // Alice unpins from the list: the mark goes on both sides.
  await list.getByRole('button', { name: 'Unpin' }).click();
  await expect(alice.page.getByTestId('pinned-messages')).toHaveCount(0);
  await expect(bubble(bob.page, 'pin this one').getByTestId('pin-mark')).toHaveCount(0);

  // Bob deletes Alice's second message for himself only.
  await messageAction(bubble(bob.page, 'only for alice'), 'Delete for me');
  await expect(bubble(bob.page, 'only for alice')).toHaveCount(0);
  await expect(bubble(alice.page, 'only for alice')).toBeVisible();
  await bob.page.reload();
  await openChat(bob, alice);
  await expect(messages(bob.page).last()).toHaveText('pin this one');
  await expect(bubble(bob.page, 'only for alice')).toHaveCount(0);
});

test('reading back, new messages wait below a "new messages" button instead of pulling the reader down', async ({ browser }) => {
  test.setTimeout(120_000);
  const viewport = { width: 1280, height: 700 };
  const alice = await newUser(browser, 0, { viewport });
  const bob = await newUser(browser, 1, { viewport });
  await becomeContacts(alice, bob);
  await openChat(bob, alice);
  for (let i = 1; i <= 30; i++) await send(alice, `history ${i}`);
  await expect(messages(bob.page).last()).toHaveText('history 30');
  const list = bob.page.getByTestId('message-list');
  const jump = bob.page.getByTestId('jump-latest');
  await expect(jump).toHaveCount(0);

  // Bob scrolls up to read; two messages arrive: he stays where he is, and is told.
  await list.evaluate((el) => el.scrollTo({ top: 0 }));
  await expect(jump).toHaveText(/Latest messages/);
  await send(alice, 'while you were reading 1');
  await send(alice, 'while you were reading 2');
  await expect(jump).toHaveText(/2 new messages/);
  expect(await list.evaluate((el) => el.scrollTop)).toBe(0);
  await expect(bubble(bob.page, 'history 1')).toBeInViewport();
  await jump.click();
  await expect(bubble(bob.page, 'while you were reading 2')).toBeInViewport();
  await expect(jump).toHaveCount(0);

  // At the bottom, a new message scrolls into view by itself.
  await send(alice, 'and one more');
  await expect(bubble(bob.page, 'and one more')).toBeInViewport();
  await expect(jump).toHaveCount(0);

  // Scrolled up, Bob's own message brings him down to it.
  await list.evaluate((el) => el.scrollTo({ top: 0 }));
  await expect(jump).toBeVisible();
  await send(bob, 'my own reply');
  await expect(bubble(bob.page, 'my own reply')).toBeInViewport();
  await expect(jump).toHaveCount(0);

  // A reply's quote takes the reader to the message it answers, far up the list.
  await messageAction(bubble(alice.page, 'history 1'), 'Reply');
  await send(alice, 'answering the first one');
  await expect(bubble(bob.page, 'answering the first one')).toBeInViewport();
  await expect(bubble(bob.page, 'history 1')).not.toBeInViewport();
  await bubble(bob.page, 'answering the first one').getByRole('button', { name: 'Show the message this replies to: history 1' }).click();
  await expect(bubble(bob.page, 'history 1')).toBeInViewport();
  await expect(jump).toBeVisible();
});

test('unsent text stays with its chat while you look elsewhere, shows as a draft in the list, and is gone after a lock', async ({ browser }) => {
  const alice = await newUser(browser, 0, {}, 'password');
  const bob = await newUser(browser, 1);
  await becomeContacts(alice, bob);
  const box = alice.page.getByLabel('Message', { exact: true });
  await box.fill('half a thought');
  await alice.page.getByRole('link', { name: 'Profile', exact: true }).click();
  await alice.page.getByRole('link', { name: 'Chats', exact: true }).click();
  const row = alice.page.getByTestId('chat-row').filter({ hasText: bob.name });
  await expect(row).toContainText('Draft: half a thought');
  await row.click();
  await expect(box).toHaveValue('half a thought');
  await box.press('Enter');
  await expect(messages(bob.page).last()).toHaveText('half a thought');
  await expect(box).toHaveValue('');
  await expect(row).not.toContainText('Draft:');

  // Memory only: a lock forgets drafts.
  await box.fill('not kept across a lock');
  await alice.page.getByRole('link', { name: 'Profile', exact: true }).click();
  await alice.page.getByRole('button', { name: 'Lock' }).click();
  await unlock(alice.page);
  await alice.page.getByRole('link', { name: 'Chats', exact: true }).click();
  await expect(row).not.toContainText('Draft:');
  await row.click();
  await expect(box).toHaveValue('');
});

test('a chat opened with unread messages starts at the first of them, under a "New messages" line; the title counts unread', async ({ browser }) => {
  test.setTimeout(120_000);
  const viewport = { width: 1280, height: 700 };
  const alice = await newUser(browser, 0, { viewport });
  const bob = await newUser(browser, 1, { viewport });
  await becomeContacts(alice, bob);
  for (let i = 1; i <= 5; i++) await send(alice, `read ${i}`);
  await expect(messages(bob.page).last()).toHaveText('read 5');

  // Bob looks away from the chat; 25 more arrive.
  await bob.page.getByRole('link', { name: 'Chats', exact: true }).click();
  await bob.page.getByRole('tab', { name: 'Chats' }).click();
  for (let i = 1; i <= 25; i++) await send(alice, `unread ${i}`);
  const row = bob.page.getByTestId('chat-row').filter({ hasText: alice.name });
  await expect(row.getByTestId('unread')).toHaveText('25');
  // A background tab says so in its title, on any screen.
  await expect(bob.page).toHaveTitle('(25) Chats · Parley');
  await bob.page.getByRole('link', { name: 'Profile', exact: true }).click();
  await expect(bob.page).toHaveTitle('(25) Profile · Parley');
  await bob.page.getByRole('link', { name: 'Chats', exact: true }).click();
  await row.click();
  await expect(bob.page).toHaveTitle(`${alice.name} · Parley`);
  const divider = bob.page.getByTestId('unread-divider');
  await expect(divider).toHaveCount(1);
  await expect(divider).toBeInViewport();
  await expect(bubble(bob.page, 'unread 1')).toBeInViewport();
  await expect(bubble(bob.page, 'unread 25')).not.toBeInViewport();
  // The line sits right above the first unread message.
  const next = await divider.evaluate((el) => el.nextElementSibling?.querySelector('[data-testid="message-text"]')?.textContent);
  expect(next).toBe('unread 1');
  await bob.page.getByTestId('jump-latest').click();
  await expect(bubble(bob.page, 'unread 25')).toBeInViewport();
});
