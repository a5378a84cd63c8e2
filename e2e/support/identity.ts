/** Shared e2e steps for identity flows, driven through the UI as a person would. */
import { expect, type Page } from '@playwright/test';

export const PASSWORD = 'correct horse 42';

export async function fillNewPassword(page: Page, password = PASSWORD): Promise<void> {
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Repeat password').fill(password);
}

/** On the phrase page: reveal, read the 12 words, and pass the confirm step. */
export async function backUpPhrase(page: Page): Promise<string[]> {
  await page.getByRole('button', { name: 'Show my phrase' }).click();
  await expect(page.getByTestId('phrase-words').locator('.w')).toHaveCount(12);
  const words = await page.getByTestId('phrase-words').locator('.w').allTextContents();
  expect(words).toHaveLength(12);
  await page.getByRole('button', { name: 'I wrote it down' }).click();
  const labels = page.locator('form.confirm label');
  await expect(labels).toHaveCount(3);
  for (const label of await labels.all()) {
    const position = Number(/#(\d+)/.exec((await label.textContent()) ?? '')?.[1]);
    await label.locator('input').fill(words[position - 1]!);
  }
  await page.getByRole('button', { name: 'Confirm' }).click();
  return words;
}

export async function createAccount(page: Page): Promise<string[]> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Create an account' }).click();
  await fillNewPassword(page);
  await page.getByRole('button', { name: 'Create account' }).click();
  const words = await backUpPhrase(page);
  await expect(page.getByTestId('backup-done')).toBeVisible();
  await page.getByRole('link', { name: 'Back to Parley' }).click();
  return words;
}

export async function chatKeyShown(page: Page): Promise<string> {
  const key = page.getByTestId('chat-key');
  await expect(key).toHaveText(/^zQ3sh\w{44}$/);
  return (await key.textContent()) ?? '';
}

export async function unlock(page: Page, password = PASSWORD): Promise<void> {
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Unlock' }).click();
}
