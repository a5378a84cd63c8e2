/**
 * Accessibility of every main screen with axe-core (0 serious or critical WCAG 2.1 AA violations)
 * in the light and the dark theme, and keyboard focus order of the shell.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { seriousViolations } from './support/axe.ts';
import { chatKeyShown } from './support/identity.ts';

const vectors = JSON.parse(readFileSync(new URL('../test/vectors/public.json', import.meta.url), 'utf8')) as {
  chat_key: { encode_decode: { chat_key: string }[] };
};
const CONTACT_KEY = vectors.chat_key.encode_decode[0]!.chat_key;

async function expectAccessible(page: Page, screen: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    expect(await seriousViolations(page), `${screen} (${scheme})`).toEqual([]);
  }
}

test('the welcome, restore, network and appearance screens have no serious or critical axe violations', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Try it now' })).toBeVisible();
  await expectAccessible(page, 'welcome');
  await page.getByRole('button', { name: /Restore/ }).first().click();
  await expect(page.getByLabel('Recovery phrase')).toBeVisible();
  await expectAccessible(page, 'restore');
  await page.goto('/settings/network');
  await expect(page.getByTestId('node-row').first()).toBeVisible();
  await expectAccessible(page, 'network');
  await page.goto('/settings/appearance');
  await expect(page.getByRole('radio', { name: 'Dark' })).toBeVisible();
  await expectAccessible(page, 'appearance');
});

test('every screen of an open profile has no serious or critical axe violations', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Try it now' }).click();
  await chatKeyShown(page);
  await expectAccessible(page, 'home');
  for (const path of ['/chats', '/profile', '/settings/security', '/settings/notifications', '/add', `/add#${CONTACT_KEY}`]) {
    await page.goto(path);
    await expect(page.locator('main h1').first()).toBeVisible();
    await expectAccessible(page, path);
  }
});

test('the keyboard reaches the top bar in reading order and the theme override applies at once', async ({ page }) => {
  await page.goto('/settings/appearance');
  await expect(page.getByRole('heading', { name: 'Appearance' })).toBeVisible();
  const order: string[] = [];
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('Tab');
    order.push(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } | null } }).document.activeElement?.textContent?.trim() ?? ''));
  }
  expect(order).toEqual(['Parley', 'Network', 'Appearance', expect.stringMatching(/.*/)]);

  await page.emulateMedia({ colorScheme: 'light' });
  const background = (): Promise<string> =>
    page.evaluate(() => {
      const g = globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string }; document: { documentElement: unknown } };
      return g.getComputedStyle(g.document.documentElement).backgroundColor;
    });
  const light = await background();
  await page.getByRole('radio', { name: 'Dark' }).check();
  await expect.poll(background).not.toBe(light);
  await page.reload();
  await expect(page.getByRole('radio', { name: 'Dark' })).toBeChecked();
  await expect.poll(background).not.toBe(light);
  await page.getByRole('radio', { name: 'Same as the system' }).check();
  await expect.poll(background).toBe(light);
});
