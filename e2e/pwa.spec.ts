/**
 * The installable, offline-capable shell in real Chromium with its real service worker: no
 * installability errors (DevTools protocol), offline reload, the consent-based update prompt, and
 * local notifications shown through the service worker registration.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config.ts';
import { chatKeyShown } from './support/identity.ts';
import { serviceWorkerControls, shownNotifications } from './support/pwa.ts';

const BUILT_SW = new URL('../build/service-worker.js', import.meta.url);

test('Chromium reports no installability errors and the manifest has maskable icons and shortcuts', async ({ page, baseURL }) => {
  // Playwright's contexts are incognito, where nothing installs ("in-incognito"): use a profile.
  const profileDir = mkdtempSync(join(tmpdir(), 'parley-install-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    baseURL,
  });
  try {
    const installable = context.pages()[0] ?? (await context.newPage());
    await installable.goto('/');
    await serviceWorkerControls(installable);
    const cdp = await context.newCDPSession(installable);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: unknown[] };
    expect(installabilityErrors).toEqual([]);
  } finally {
    await context.close();
    rmSync(profileDir, { recursive: true, force: true });
  }
  const manifest = (await (await page.request.get('/manifest.webmanifest')).json()) as {
    display: string;
    icons: { purpose: string; sizes: string }[];
    shortcuts: unknown[];
  };
  expect(manifest.display).toBe('standalone');
  expect(manifest.icons.filter((i) => i.purpose === 'maskable').map((i) => i.sizes)).toEqual(['192x192', '512x512']);
  expect(manifest.shortcuts.length).toBeGreaterThan(0);
});

test('with the network down, a reload shows the app and the local profile, and says it is offline', async ({ page, context }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Try it now' }).click();
  const chatKey = await chatKeyShown(page);
  await serviceWorkerControls(page);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('offline-indicator')).toBeVisible();
  expect(await chatKeyShown(page)).toBe(chatKey);
  // Another in-app path, never visited online, comes from the precached shell too.
  await page.goto('/settings/appearance');
  await expect(page.getByRole('heading', { name: 'Appearance' })).toBeVisible();

  await context.setOffline(false);
  await expect(page.getByTestId('offline-indicator')).toBeHidden();
});

test('a waiting update shows "Update available" without reloading what is being typed, and Reload activates it', async ({ page }) => {
  await page.goto('/settings/network');
  await serviceWorkerControls(page);
  const field = page.getByRole('textbox', { name: 'Diagnostics message' });
  await field.fill('half-written text');

  const original = readFileSync(BUILT_SW, 'utf8');
  const next = `${original}\n// next version ${Date.now()}\n`;
  try {
    // A new deployment: the service worker script changes by a byte.
    writeFileSync(BUILT_SW, next);
    await page.evaluate(async () => {
      type Reg = { update(): Promise<void> };
      const sw = (globalThis as unknown as { navigator: { serviceWorker: { ready: Promise<Reg> } } }).navigator.serviceWorker;
      await (await sw.ready).update();
    });
    await expect(page.getByTestId('update-prompt')).toContainText('Update available');
    // It waits for the user: no reload happened, the text is still there.
    await page.waitForTimeout(1_000);
    await expect(field).toHaveValue('half-written text');

    await page.getByTestId('update-prompt').getByRole('button', { name: 'Reload' }).click();
    await page.waitForEvent('load');
    await expect(page.getByTestId('update-prompt')).toBeHidden();
    await expect(field).toHaveValue('');
  } finally {
    // Put the build back, unless someone rebuilt it meanwhile.
    if (readFileSync(BUILT_SW, 'utf8') === next) writeFileSync(BUILT_SW, original);
  }
});

test('after permission is granted on a click, notifications are shown through the service worker, with a preview only when opted in', async ({ page, context }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Try it now' }).click();
  await chatKeyShown(page);
  await serviceWorkerControls(page);
  await page.getByRole('link', { name: 'Notifications' }).click();
  await expect(page.getByTestId('background-sync')).toContainText('need Parley open');

  await context.grantPermissions(['notifications']);
  await page.getByRole('button', { name: 'Allow notifications' }).click();
  await expect(page.getByTestId('permission-state')).toContainText('allows Parley');

  await page.getByRole('button', { name: 'Send a test notification' }).click();
  await expect.poll(() => shownNotifications(page)).toEqual([{ title: 'Parley', body: 'New message', tag: 'chat:test', data: { path: '/chats/test' } }]);

  await page.getByLabel('Include a preview of the message text').check();
  await page.getByRole('button', { name: 'Send a test notification' }).click();
  await expect.poll(async () => (await shownNotifications(page)).map((n) => n.body)).toEqual(['This is how a message preview looks.']);

  await page.getByLabel('Show notifications for new messages').uncheck();
  await page.getByRole('button', { name: 'Send a test notification' }).click();
  await expect(page.getByTestId('test-result')).toHaveText('Notifications are turned off above.');

  // The settings are the profile's: they survive a reload.
  await page.reload();
  await expect(page.getByLabel('Show notifications for new messages')).not.toBeChecked();
  await expect(page.getByLabel('Include a preview of the message text')).toBeChecked();
});
