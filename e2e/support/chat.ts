/** Shared e2e steps for 1:1 chat, driven through the UI. */
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { chatKeyShown } from './identity.ts';

export interface User {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly chatKey: string;
  readonly name: string;
}

/** A new browser context with a try-now identity, on the chat list. */
export async function newUser(browser: Browser): Promise<User> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('button', { name: 'Try it now' }).click();
  const chatKey = await chatKeyShown(page);
  const name = (await page.getByTestId('profile-name').textContent()) ?? '';
  await page.getByRole('link', { name: 'Chats', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Chats' })).toBeVisible();
  return { context, page, chatKey, name };
}

export async function sendContactRequest(from: User, to: User, text: string): Promise<void> {
  await from.page.getByRole('button', { name: 'New chat' }).click();
  await from.page.getByLabel('Chat key or contact link').fill(to.chatKey);
  await from.page.getByLabel('Request message').fill(text);
  await from.page.getByRole('button', { name: 'Send contact request' }).click();
  await expect(from.page.getByTestId('chat-view')).toBeVisible();
}

export async function openRequest(to: User, from: User): Promise<void> {
  await to.page.getByTestId('requests-tab').click();
  await to.page.getByTestId('chat-row').filter({ hasText: from.name }).click();
}

export async function openChat(user: User, peer: User): Promise<void> {
  await user.page.getByRole('tab', { name: 'Chats' }).click();
  await user.page.getByTestId('chat-row').filter({ hasText: peer.name }).click();
  await expect(user.page.getByTestId('chat-view')).toBeVisible();
}

export async function send(user: User, text: string): Promise<void> {
  await user.page.getByLabel('Message', { exact: true }).fill(text);
  await user.page.getByLabel('Message', { exact: true }).press('Enter');
}

export function messages(page: Page) {
  return page.getByTestId('message-text');
}
