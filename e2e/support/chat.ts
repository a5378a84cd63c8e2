/** Shared e2e steps for 1:1 chat, driven through the UI. */
import { expect, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from '@playwright/test';
import { chatKeyShown, createAccount, fillNewPassword } from './identity.ts';

export interface User {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly chatKey: string;
  readonly name: string;
}

/** Keeps only devnode `index` (0 or 1) in this browser's network settings. */
async function useNode(page: Page, index: number): Promise<void> {
  const config = (await (await page.request.get('/parley.config.json')).json()) as { devnetNodes: string[] };
  const drop = config.devnetNodes[1 - index]!;
  await page.goto('/settings/network');
  await expect(page.getByTestId('node-row')).toHaveCount(2);
  await page.getByTestId('node-row').filter({ hasText: drop }).getByRole('button', { name: /Remove node/ }).click();
  await expect(page.getByTestId('node-row')).toHaveCount(1);
}

const open = new Set<BrowserContext>();

/** Closes every context newUser opened (call from afterEach, so a failed test leaves no workers running). */
export async function closeUsers(): Promise<void> {
  await Promise.all([...open].map((c) => c.close().catch(() => undefined)));
  open.clear();
}

/**
 * A new browser context with a try-now identity (or a password profile, or one restored from a
 * given phrase), attached to devnode `node`, on the chat list.
 * A browser launched by the spec itself needs `{ baseURL }` in `options`.
 */
export async function newUser(
  browser: Browser,
  node: number,
  options: BrowserContextOptions = {},
  account: 'try-now' | 'password' | { readonly phrase: string } = 'try-now',
): Promise<User> {
  const context = await browser.newContext(options);
  open.add(context);
  const page = await context.newPage();
  await useNode(page, node);
  if (account === 'password') {
    // A password profile stays locked on a new page until the test unlocks it.
    await createAccount(page);
  } else if (typeof account === 'object') {
    await page.goto('/');
    await page.getByRole('button', { name: 'Restore from a recovery phrase' }).click();
    await page.getByLabel('Recovery phrase').fill(account.phrase);
    await fillNewPassword(page);
    await page.getByRole('button', { name: 'Restore' }).click();
  } else {
    await page.goto('/');
    await page.getByRole('button', { name: 'Try it now' }).click();
  }
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

/** Opens a message's actions ("⋯") and picks one (Reply, Copy, Pin, Edit, "React 👍", …). */
export async function messageAction(message: Locator, action: string): Promise<void> {
  await message.getByRole('button', { name: 'Message actions' }).click();
  await message.getByRole('button', { name: action, exact: true }).click();
}

export function messages(page: Page) {
  return page.getByTestId('message-text');
}

/** Alice asks, Bob accepts; both end up in the open chat with each other. */
export async function becomeContacts(alice: User, bob: User): Promise<void> {
  await sendContactRequest(alice, bob, `Hi ${bob.name}, it is ${alice.name}`);
  await openRequest(bob, alice);
  await bob.page.getByRole('button', { name: 'Accept' }).click();
  await expect(alice.page.getByTestId('request-pending')).toHaveCount(0);
}

/** Through the e2e server's test-only control route: restarts, stops or starts again (same port and store) devnode `index`. */
export async function devnetControl(page: Page, action: 'restart' | 'stop' | 'start', index: number): Promise<void> {
  const r = await page.request.post(`/__devnet/${action}?node=${index}`);
  expect(r.status()).toBe(204);
}
