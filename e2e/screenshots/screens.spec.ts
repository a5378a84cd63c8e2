/**
 * Screenshots of the main screens at a 360 px phone and a desktop width, checked in next to this
 * file (screens.spec.ts-snapshots/). Names, keys and emoji hashes come from a fixed recovery
 * phrase; only the contact link and its QR (they hold the server's port) are masked. Screens are
 * reached through the app's own links: a reload would lock the profile. Update deliberately with
 * `npx playwright test e2e/screenshots --update-snapshots=all`, then look at the images.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { becomeContacts, closeUsers, messageAction, messages, newUser, send } from '../support/chat.ts';
import { chatKeyShown, fillNewPassword } from '../support/identity.ts';

/** A fixed identity (the BIP-39 test phrase), so names, keys and emoji hashes are the same every run. */
const PHRASE = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

const WIDTHS = { phone: { width: 360, height: 740 }, desktop: { width: 1280, height: 800 } } as const;

/** What depends on the server rather than the user: the contact link (and its QR) holds the app's port. */
const dynamic = (page: Page) => [page.getByTestId('share-link'), page.getByRole('img', { name: /QR code/ })];

async function shoot(page: Page, name: string, mask: readonly Locator[] = []): Promise<void> {
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
  await expect(page).toHaveScreenshot(`${name}.png`, { fullPage: true, mask: [...dynamic(page), ...mask], maxDiffPixels: 100 });
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

/**
 * Fixed identities for the conversation shots (BIP-39 test phrases), a pair per width so that one
 * shot's history never shows up in the other's catch-up (the devnodes' store is shared by the run).
 */
const CONVERSATION = {
  phone: ['letter advice cage absurd amount doctor acoustic avoid letter advice cage above', 'zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong'],
  desktop: ['scheme spot photo card baby mountain device kick cradle pact join borrow', 'jelly better achieve collect unaware mountain thought cargo oxygen act hood bridge'],
} as const;

test.describe('conversation', () => {
  test.afterEach(closeUsers);
  for (const [size, viewport] of Object.entries(WIDTHS)) {
    test(`an open conversation looks as reviewed on a ${size}`, async ({ browser }) => {
      const [alicePhrase, bobPhrase] = CONVERSATION[size as keyof typeof WIDTHS];
      const alice = await newUser(browser, 0, { viewport, colorScheme: 'light', reducedMotion: 'reduce' }, { phrase: alicePhrase });
      const bob = await newUser(browser, 1, {}, { phrase: bobPhrase });
      await becomeContacts(alice, bob);
      await send(bob, 'Did the photos from Saturday come through?');
      await expect(messages(alice.page).last()).toHaveText('Did the photos from Saturday come through?');
      const question = alice.page.getByTestId('message').last();
      await messageAction(question, 'Reply');
      await send(alice, 'All 32 of them. The one by the lake is my favourite.');
      await send(alice, 'Coffee on Thursday? https://example.org/menu');
      await expect(messages(bob.page).last()).toHaveText('Coffee on Thursday? https://example.org/menu');
      const invite = bob.page.getByTestId('message').last();
      await messageAction(invite, 'React 👍');
      await expect(alice.page.getByTestId('reaction')).toHaveText(['👍 1']);
      await expect(alice.page.locator('[data-testid="delivery"]:not([data-state="delivered"])')).toHaveCount(0);
      await expect(alice.page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
      if (size === 'desktop') {
        // A long last message is cut short inside its row; it never pushes the time out of the list pane.
        const pane = (await alice.page.getByRole('region', { name: 'Chat list' }).boundingBox())!;
        const time = (await alice.page.getByTestId('chat-row').locator('time').boundingBox())!;
        expect(time.x + time.width).toBeLessThanOrEqual(pane.x + pane.width);
      }
      // Clock times are whatever the run's time is.
      await shoot(alice.page, `${size}-conversation`, [alice.page.locator('time')]);
    });
  }
});
