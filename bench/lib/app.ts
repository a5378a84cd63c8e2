/**
 * Driving the built app in Chromium for the browser-level scenarios (delivery, catch-up): the app
 * server over a devnet, try-now users pinned to one devnode each, and becoming contacts through
 * the UI. The steps copy e2e/support/chat.ts (the bench does not import e2e code).
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { Server } from 'node:http';
import { serve } from '../../scripts/serve.ts';

const UI_TIMEOUT = 60_000;

export interface AppServer {
  readonly url: string;
  readonly nodes: readonly string[];
  close(): Promise<void>;
}

/** Serves `buildDir` on an ephemeral loopback port, preconfigured for the devnet `nodes`. */
export async function appServer(buildDir: string, nodes: readonly string[]): Promise<AppServer> {
  const server: Server = await serve({ root: buildDir, port: 0, host: '127.0.0.1', config: { defaultPreset: 'local-devnet', devnetNodes: nodes } });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { url, nodes, close: () => new Promise((r) => server.close(() => r())) };
}

export interface User {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly chatKey: string;
  readonly name: string;
}

/** Keeps only devnode `index` in this browser's network settings (as e2e/support/chat.ts). */
export async function useNode(page: Page, app: AppServer, index: number): Promise<void> {
  if (app.nodes.length < 2) return;
  const drop = app.nodes[1 - index]!;
  await page.goto(`${app.url}/settings/network`);
  const rows = page.getByTestId('node-row');
  await rows.nth(1).waitFor({ timeout: UI_TIMEOUT });
  await rows.filter({ hasText: drop }).getByRole('button', { name: /Remove node/ }).click();
  await rows.nth(1).waitFor({ state: 'detached', timeout: UI_TIMEOUT });
}

export async function chatKeyShown(page: Page): Promise<string> {
  const key = page.getByTestId('chat-key');
  await page.waitForFunction(() => /^zQ3sh\w{44}$/.test(document.querySelector('[data-testid="chat-key"]')?.textContent?.trim() ?? ''), undefined, { timeout: UI_TIMEOUT });
  return ((await key.textContent()) ?? '').trim();
}

/** A new browser context with a try-now identity on devnode `node`, on the chat list. */
export async function newTryNowUser(browser: Browser, app: AppServer, node: number): Promise<User> {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await useNode(page, app, node);
  await page.goto(`${app.url}/`);
  await page.getByRole('button', { name: 'Try it now' }).click();
  const chatKey = await chatKeyShown(page);
  const name = ((await page.getByTestId('profile-name').textContent()) ?? '').trim();
  await page.getByRole('link', { name: 'Chats', exact: true }).click();
  await page.getByRole('heading', { name: 'Chats' }).waitFor({ timeout: UI_TIMEOUT });
  return { context, page, chatKey, name };
}

/** Alice asks, Bob accepts; both end up in the open chat with each other. */
export async function becomeContacts(alice: User, bob: User): Promise<void> {
  await alice.page.getByRole('button', { name: 'New chat' }).click();
  await alice.page.getByLabel('Chat key or contact link').fill(bob.chatKey);
  await alice.page.getByLabel('Request message').fill(`Hi ${bob.name}, it is ${alice.name}`);
  await alice.page.getByRole('button', { name: 'Send contact request' }).click();
  await alice.page.getByTestId('chat-view').waitFor({ timeout: UI_TIMEOUT });
  await bob.page.getByTestId('requests-tab').click();
  await bob.page.getByTestId('chat-row').filter({ hasText: alice.name }).click({ timeout: UI_TIMEOUT });
  await bob.page.getByRole('button', { name: 'Accept' }).click({ timeout: UI_TIMEOUT });
  await alice.page.getByTestId('request-pending').waitFor({ state: 'detached', timeout: UI_TIMEOUT });
  await bob.page.getByRole('tab', { name: 'Chats' }).click();
  await bob.page.getByTestId('chat-row').filter({ hasText: alice.name }).click({ timeout: UI_TIMEOUT });
  await bob.page.getByTestId('chat-view').waitFor({ timeout: UI_TIMEOUT });
}
