/**
 * Screenshots of the main screens at a 360 px phone and a desktop width, checked in next to this
 * file (screens.spec.ts-snapshots/). Names, keys and emoji hashes come from a fixed recovery
 * phrase; only the contact link and its QR (they hold the server's port) are masked. Screens are
 * reached through the app's own links: a reload would lock the profile. Update deliberately with
 * `npx playwright test e2e/screenshots --update-snapshots=all`, then look at the images.
 */
import { expect, test, type Page } from '@playwright/test';
import { chatKeyShown, fillNewPassword } from '../support/identity.ts';

/** A fixed identity (the BIP-39 test phrase), so names, keys and emoji hashes are the same every run. */
const PHRASE = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

const WIDTHS = { phone: { width: 360, height: 740 }, desktop: { width: 1280, height: 800 } } as const;

/** What depends on the server rather than the user: the contact link (and its QR) holds the app's port. */
const dynamic = (page: Page) => [page.getByTestId('share-link'), page.getByRole('img', { name: /QR code/ })];

async function shoot(page: Page, name: string): Promise<void> {
  // Nothing is wider than the screen: no sideways scrolling at 360 px (names the offenders).
  const wider = (): Promise<string[]> =>
    page.evaluate(() => {
      type Box = { tagName: string; className: unknown; getBoundingClientRect(): { right: number } };
      const d = (globalThis as unknown as { document: { documentElement: { clientWidth: number }; querySelectorAll(s: string): ArrayLike<Box> } }).document;
      const width = d.documentElement.clientWidth;
      return Array.from(d.querySelectorAll('body *'))
        .filter((e) => e.getBoundingClientRect().right > width + 0.5)
        .map((e) => `${e.tagName.toLowerCase()}.${String(e.className)}`);
    });
  await expect.poll(wider, { message: `${name} scrolls sideways` }).toEqual([]);
  await expect(page).toHaveScreenshot(`${name}.png`, { fullPage: true, mask: dynamic(page), maxDiffPixels: 100 });
}

for (const [size, viewport] of Object.entries(WIDTHS)) {
  test(`the main screens look as reviewed on a ${size}`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
    await page.goto('/');
    await expect(page.getByRole('button', { name: 'Try it now' })).toBeVisible();
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
    await shoot(page, `${size}-welcome`);

    await page.getByRole('button', { name: 'Restore from a recovery phrase' }).click();
    await page.getByLabel('Recovery phrase').fill(PHRASE);
    await fillNewPassword(page);
    await page.getByRole('button', { name: 'Restore' }).click();
    await chatKeyShown(page);
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
    await shoot(page, `${size}-home`);

    await page.getByRole('link', { name: 'Chats', exact: true }).click();
    await expect(page.getByTestId('two-pane')).toBeVisible();
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
    await shoot(page, `${size}-chats`);

    await page.getByRole('link', { name: 'Notifications', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Preferences' })).toBeVisible();
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
    await shoot(page, `${size}-notifications`);

    // Dark theme, on the profile screen (the network screen lists whatever diagnostics other
    // tests left in the shared devnodes' store, so it is not the same twice).
    await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
    await page.getByRole('link', { name: 'Profile', exact: true }).click();
    await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
    await shoot(page, `${size}-profile-dark`);
  });
}
