/**
 * Identity and vault, end to end in Chromium: create, back up, lock, unlock, restore in another
 * browser, try-now → upgrade, one active tab, and what IndexedDB actually holds.
 */
import { expect, test } from '@playwright/test';
import { PASSWORD, backUpPhrase, chatKeyShown, createAccount, fillNewPassword, unlock } from './support/identity.ts';

test('create an account, back up the phrase, lock, reload and unlock; the phrase restores the same identity elsewhere', async ({ browser }) => {
  const first = await browser.newContext();
  const page = await first.newPage();
  const words = await createAccount(page);
  const chatKey = await chatKeyShown(page);
  const name = await page.getByTestId('profile-name').textContent();
  await expect(page.getByTestId('backup-reminder')).toHaveCount(0);

  await page.getByRole('button', { name: 'Lock' }).click();
  await expect(page.getByRole('heading', { name: 'Unlock Parley' })).toBeVisible();
  await page.reload();
  await unlock(page, 'not the password');
  await expect(page.getByRole('alert')).toHaveText('Wrong password. Nothing was changed.');
  await unlock(page);
  expect(await chatKeyShown(page)).toBe(chatKey);

  const second = await browser.newContext();
  const other = await second.newPage();
  await other.goto('/');
  await other.getByRole('button', { name: 'Restore from a recovery phrase' }).click();
  await other.getByLabel('Recovery phrase').fill(`  ${words.join('   ').toUpperCase()} `);
  await fillNewPassword(other, 'another password');
  await other.getByRole('button', { name: 'Restore' }).click();
  expect(await chatKeyShown(other)).toBe(chatKey);
  await expect(other.getByTestId('profile-name')).toHaveText(name ?? '');
  await first.close();
  await second.close();
});

test('a mistyped recovery phrase gets a clear error for each kind of mistake', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Restore from a recovery phrase' }).click();
  await fillNewPassword(page);
  const attempts: [string, RegExp][] = [
    ['abandon abandon abandon', /has 12, 15, 18, 21 or 24 words\. You entered 3\./],
    ['abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandonn', /Check word 12 \(did you mean abandon/],
    ['abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon', /checksum fails/],
  ];
  for (const [phrase, message] of attempts) {
    await page.getByLabel('Recovery phrase').fill(phrase);
    await page.getByRole('button', { name: 'Restore' }).click();
    await expect(page.getByRole('alert')).toHaveText(message);
  }
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(page.getByRole('button', { name: 'Try it now' })).toBeVisible();
});

test('try now opens at once; upgrading shows the phrase, sets a password and keeps the same key', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Try it now' }).click();
  const chatKey = await chatKeyShown(page);
  await expect(page.getByTestId('try-now-warning')).toContainText('clearing browser data deletes it');

  // Elsewhere, above a chat say, the warning is one short line with the same way out.
  await page.getByRole('link', { name: 'Chats', exact: true }).click();
  await expect(page.getByTestId('try-now-warning')).toHaveText('Try-now identity: no password or backup yet. Secure it');
  await expect(page.getByTestId('try-now-warning').getByRole('link', { name: 'Secure it' })).toHaveAttribute('href', '/backup-phrase');
  await page.getByRole('link', { name: 'Parley', exact: true }).click();

  // A reload reopens a try-now profile without any question.
  await page.reload();
  expect(await chatKeyShown(page)).toBe(chatKey);

  await page.getByRole('link', { name: 'Secure it with a recovery phrase and password' }).click();
  await backUpPhrase(page);
  await fillNewPassword(page);
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByTestId('backup-done')).toContainText('protected by your password');

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Unlock Parley' })).toBeVisible();
  await unlock(page);
  // Unlocking keeps the page that was open; go home to see the key.
  await page.getByRole('link', { name: 'Parley', exact: true }).click();
  expect(await chatKeyShown(page)).toBe(chatKey);
  await expect(page.getByTestId('try-now-warning')).toHaveCount(0);
});

test('with two tabs open only one is active, and the other can take over', async ({ context }) => {
  const one = await context.newPage();
  await one.goto('/');
  await one.getByRole('button', { name: 'Try it now' }).click();
  const chatKey = await chatKeyShown(one);

  const two = await context.newPage();
  await two.goto('/');
  await expect(two.getByTestId('elsewhere')).toBeVisible();
  await two.getByRole('button', { name: 'Use Parley here' }).click();
  expect(await chatKeyShown(two)).toBe(chatKey);
  await expect(one.getByTestId('elsewhere')).toBeVisible();

  await one.getByRole('button', { name: 'Use Parley here' }).click();
  expect(await chatKeyShown(one)).toBe(chatKey);
  await expect(two.getByTestId('elsewhere')).toBeVisible();
});

test('a password change re-wraps the key: a wrong current password changes nothing, the new one unlocks', async ({ page }) => {
  await createAccount(page);
  const chatKey = await chatKeyShown(page);
  await page.getByRole('link', { name: 'Security' }).click();
  await page.getByLabel('Current password').fill('not my password');
  await fillNewPassword(page, 'brand new password');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong password. Nothing was changed.');

  await page.getByRole('button', { name: 'Lock now' }).click();
  await expect(page.getByRole('heading', { name: 'Unlock Parley' })).toBeVisible();
  await unlock(page);
  await page.getByRole('link', { name: 'Security' }).click();
  await page.getByLabel('Current password').fill(PASSWORD);
  await fillNewPassword(page, 'brand new password');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('Password changed.')).toBeVisible();

  await page.reload();
  await unlock(page, PASSWORD);
  await expect(page.getByRole('alert')).toHaveText('Wrong password. Nothing was changed.');
  await unlock(page, 'brand new password');
  await page.getByRole('link', { name: 'Parley', exact: true }).click();
  expect(await chatKeyShown(page)).toBe(chatKey);
});

test('several profiles live side by side, each with its own vault, listed on the unlock screen', async ({ page }) => {
  await createAccount(page);
  const first = await chatKeyShown(page);
  await page.getByRole('button', { name: 'Lock' }).click();
  await page.getByRole('button', { name: 'Add another profile' }).click();
  await fillNewPassword(page, 'second profile pw');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('button', { name: 'Later' }).click();
  const second = await chatKeyShown(page);
  expect(second).not.toBe(first);
  await expect(page.getByTestId('backup-reminder')).toBeVisible();

  await page.reload();
  const profiles = page.getByRole('radio');
  await expect(profiles).toHaveCount(2);
  await profiles.first().check();
  await unlock(page, 'second profile pw');
  await expect(page.getByRole('alert')).toHaveText('Wrong password. Nothing was changed.');
  await unlock(page);
  expect(await chatKeyShown(page)).toBe(first);
});
