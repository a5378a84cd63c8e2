/**
 * Keycard login end to end in Chromium, with an emulated Keycard: no physical card can be attached
 * here, so the TypeScript card emulator (test/keycard/emulator.ts) runs in this Node process and
 * the page reaches it through the test-only `window.__parleyKeycardEmulator` hook. Everything
 * else is real: the worker's secure channel, PIN check and key export, the vault in IndexedDB,
 * the devnodes.
 */
import { expect, test, type Page } from '@playwright/test';
import { KeycardEmulator } from '../test/keycard/emulator.ts';
import { seriousViolations } from './support/axe.ts';
import { PASSWORD, chatKeyShown, fillNewPassword } from './support/identity.ts';

// A BIP39 test-vector phrase (valid checksum).
const PHRASE = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
const PIN = '123456';

async function plugIn(page: Page, card: KeycardEmulator): Promise<void> {
  await page.exposeFunction('__parleyKeycardEmulator', card.transmitHex);
}

async function pickEmulator(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Use Keycard emulator (test)' }).click();
}

async function enterPin(page: Page, pin: string): Promise<void> {
  await page.getByLabel('PIN (6 digits)').fill(pin);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** Home page after a login: chat key and three-word name. */
async function identityShown(page: Page): Promise<{ chatKey: string; name: string }> {
  await page.getByRole('link', { name: 'Parley', exact: true }).click();
  const chatKey = await chatKeyShown(page);
  return { chatKey, name: (await page.getByTestId('profile-name').textContent()) ?? '' };
}

test('log in with an emulated Keycard: same identity as the phrase, PIN tries shown, MAC failure recovered, unlock needs the card', async ({ browser }) => {
  const card = new KeycardEmulator({ mnemonic: PHRASE });
  const context = await browser.newContext();
  const page = await context.newPage();
  await plugIn(page, card);
  await page.goto('/');
  await page.getByRole('button', { name: 'Log in with Keycard' }).click();
  await expect(page.getByRole('heading', { name: 'Log in with Keycard' })).toBeVisible();
  // Real feature detection: a plain Chromium page has no Web Smart Card API.
  await expect(page.locator('#kc-note-smartcard')).toContainText('Isolated Web App');
  await expect(page.getByRole('button', { name: 'Use Smart-card reader (Web Smart Card API)' })).toBeDisabled();
  expect(await seriousViolations(page)).toEqual([]);
  await pickEmulator(page);

  await expect(page.getByRole('heading', { name: 'Pair with this card' })).toBeVisible();
  await page.getByRole('button', { name: 'Use the default' }).click();
  await page.getByRole('button', { name: 'Pair' }).click();

  await expect(page.getByTestId('pin-tries')).toHaveText('3 tries left before the PIN is blocked.');
  expect(await seriousViolations(page)).toEqual([]);
  await enterPin(page, '000000');
  await expect(page.getByRole('alert')).toHaveText('Wrong PIN. 2 tries left before the PIN is blocked.');
  await expect(page.getByTestId('pin-tries')).toHaveText('2 tries left before the PIN is blocked.');

  card.tamperNextResponseMac();
  await enterPin(page, PIN);
  await expect(page.getByRole('alert')).toContainText('failed its integrity check (MAC), so it was reset');
  expect(card.counters.tamperedResponses).toBe(1);
  await enterPin(page, PIN);
  await expect(page).toHaveURL(/\/chats$/);
  const viaCard = await identityShown(page);

  // Lock wipes the keys; without an encrypted copy only the card unlocks the profile.
  await page.getByRole('button', { name: 'Lock' }).click();
  await expect(page.getByRole('heading', { name: 'Unlock Parley' })).toBeVisible();
  await expect(page.getByLabel('Password')).toHaveCount(0);
  await page.getByRole('button', { name: 'Unlock with Keycard' }).click();
  await pickEmulator(page);
  // The pairing was stored: straight to the PIN.
  await expect(page.getByTestId('pin-tries')).toHaveText('3 tries left before the PIN is blocked.');
  await enterPin(page, PIN);
  await expect(page).toHaveURL(/\/chats$/);
  expect(await identityShown(page)).toEqual(viaCard);
  expect(card.counters.pairings).toBe(1);

  // The same phrase restored normally, in another browser profile.
  const other = await browser.newContext();
  const restored = await other.newPage();
  await restored.goto('/');
  await restored.getByRole('button', { name: 'Restore from a recovery phrase' }).click();
  await restored.getByLabel('Recovery phrase').fill(PHRASE);
  await fillNewPassword(restored);
  await restored.getByRole('button', { name: 'Restore' }).click();
  expect(await chatKeyShown(restored)).toBe(viaCard.chatKey);
  await expect(restored.getByTestId('profile-name')).toHaveText(viaCard.name);
  await other.close();
  await context.close();
});

test('a login abandoned after pairing costs no pairing slot: the next login reuses the pairing (emulated Keycard)', async ({ browser }) => {
  const card = new KeycardEmulator({ mnemonic: PHRASE });
  const context = await browser.newContext();
  const first = await context.newPage();
  await plugIn(first, card);
  await first.goto('/');
  await first.getByRole('button', { name: 'Log in with Keycard' }).click();
  await pickEmulator(first);
  await first.getByRole('button', { name: 'Use the default' }).click();
  await first.getByRole('button', { name: 'Pair' }).click();
  await enterPin(first, '000000');
  await expect(first.getByRole('alert')).toHaveText('Wrong PIN. 2 tries left before the PIN is blocked.');
  expect(card.pairedSlots).toHaveLength(1);
  // The user gives up and closes the tab: no profile holds the pairing yet.
  await first.close();

  const page = await context.newPage();
  await plugIn(page, card);
  await page.goto('/');
  await page.getByRole('button', { name: 'Log in with Keycard' }).click();
  await pickEmulator(page);
  // Straight to the PIN: the pairing made before was kept on this device.
  await expect(page.getByTestId('pin-tries')).toHaveText('2 tries left before the PIN is blocked.');
  await expect(page.getByRole('heading', { name: 'Pair with this card' })).toHaveCount(0);
  await enterPin(page, PIN);
  await expect(page).toHaveURL(/\/chats$/);
  expect(card.counters.pairings).toBe(1);
  expect(card.pairedSlots).toHaveLength(1);

  // The login moved the pairing into the profile: nothing is left pending, and the next unlock uses it.
  const pending = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('parley-device-keycard');
        open.onerror = () => reject(new Error('open failed'));
        open.onsuccess = () => {
          const db = open.result;
          const count = db.transaction('pairings').objectStore('pairings').count();
          count.onsuccess = () => {
            resolve(count.result);
            db.close();
          };
        };
      }),
  );
  expect(pending).toBe(0);
  await page.getByRole('button', { name: 'Lock' }).click();
  await page.getByRole('button', { name: 'Unlock with Keycard' }).click();
  await pickEmulator(page);
  await expect(page.getByTestId('pin-tries')).toHaveText('3 tries left before the PIN is blocked.');
  await enterPin(page, PIN);
  await expect(page).toHaveURL(/\/chats$/);
  expect(card.pairedSlots).toHaveLength(1);
  await context.close();
});

test('a Keycard profile with an encrypted copy unlocks with its password, without the card', async ({ page }) => {
  const card = new KeycardEmulator({ mnemonic: PHRASE });
  await plugIn(page, card);
  await page.goto('/');
  await page.getByRole('button', { name: 'Log in with Keycard' }).click();
  await pickEmulator(page);
  await page.getByRole('button', { name: 'Use the default' }).click();
  await page.getByRole('button', { name: 'Pair' }).click();
  await page.getByLabel('Keep an encrypted copy of the keys in this browser').check();
  await fillNewPassword(page);
  await enterPin(page, PIN);
  await expect(page).toHaveURL(/\/chats$/);
  const viaCard = await identityShown(page);
  const exports = card.counters.exports;

  await page.getByRole('button', { name: 'Lock' }).click();
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong password. Nothing was changed.');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  expect(await identityShown(page)).toEqual(viaCard);
  expect(card.counters.exports).toBe(exports);
});

test('card refusals are explained: no free pairing slot, PIN blocked (emulated Keycards)', async ({ page }) => {
  let card = new KeycardEmulator({ mnemonic: PHRASE, pairingSlots: 0 });
  await page.exposeFunction('__parleyKeycardEmulator', (hex: string) => card.transmitHex(hex));
  await page.goto('/');
  await page.getByRole('button', { name: 'Log in with Keycard' }).click();
  await pickEmulator(page);
  await expect(page.getByText('(0 free)')).toBeVisible();
  await page.getByRole('button', { name: 'Use the default' }).click();
  await page.getByRole('button', { name: 'Pair' }).click();
  await expect(page.getByRole('alert')).toContainText('The card has no free pairing slot');
  await page.getByRole('button', { name: 'Cancel' }).click();

  card = new KeycardEmulator({ mnemonic: PHRASE, pinTries: 1 });
  await page.getByRole('button', { name: 'Log in with Keycard' }).click();
  await pickEmulator(page);
  await page.getByRole('button', { name: 'Use the default' }).click();
  await page.getByRole('button', { name: 'Pair' }).click();
  await expect(page.getByTestId('pin-tries')).toHaveText('1 try left before the PIN is blocked.');
  await enterPin(page, '999999');
  await expect(page.getByRole('heading', { name: 'PIN blocked' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('Unblock it with your PUK');
  expect(card.pinTriesLeft).toBe(0);
});

test('a WebUSB reader refused with a SecurityError is explained (stubbed navigator.usb: no reader can be attached here)', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Log in with Keycard' }).click();
  const useUsb = page.getByRole('button', { name: 'Use USB smart-card reader (WebUSB)' });
  await expect(page.locator('#kc-note-webusb-ccid')).toContainText('Chromium blocks smart-card readers for ordinary web pages');

  // What Chromium does when a page claims a CCID reader's interface (class 0x0B, protected).
  await page.evaluate(() => {
    const reader = {
      productName: 'Stub CCID reader',
      configuration: null,
      configurations: [
        {
          configurationValue: 1,
          interfaces: [
            {
              interfaceNumber: 0,
              alternates: [
                {
                  interfaceClass: 0x0b,
                  endpoints: [
                    { endpointNumber: 1, direction: 'out', type: 'bulk' },
                    { endpointNumber: 2, direction: 'in', type: 'bulk' },
                  ],
                },
              ],
            },
          ],
        },
      ],
      open: () => Promise.resolve(),
      close: () => Promise.resolve(),
      selectConfiguration: () => Promise.resolve(),
      claimInterface: () => Promise.reject(new DOMException('The requested interface implements a protected class.', 'SecurityError')),
    };
    Object.defineProperty(Navigator.prototype, 'usb', { configurable: true, get: () => ({ requestDevice: () => Promise.resolve(reader) }) });
  });
  await useUsb.click();
  await expect(page.getByRole('alert')).toContainText('The browser refused access to the reader (SecurityError)');
  await expect(page.getByRole('alert')).toContainText('usb-unrestricted');
});

test('deleting a Keycard profile frees its pairing slot with the card and PIN; a wrong PIN or another card changes nothing (emulated Keycards)', async ({ page }) => {
  const ours = new KeycardEmulator({ mnemonic: PHRASE });
  let card = ours;
  await page.exposeFunction('__parleyKeycardEmulator', (hex: string) => card.transmitHex(hex));
  await page.goto('/');
  await page.getByRole('button', { name: 'Log in with Keycard' }).click();
  await pickEmulator(page);
  await page.getByRole('button', { name: 'Use the default' }).click();
  await page.getByRole('button', { name: 'Pair' }).click();
  await enterPin(page, PIN);
  await expect(page).toHaveURL(/\/chats$/);
  expect(ours.pairedSlots).toHaveLength(1);

  const profileDbs = async (): Promise<number> =>
    page.evaluate(async () => (await indexedDB.databases()).filter((d) => d.name?.startsWith('parley-profile-')).length);
  const unpairWith = async (pin: string): Promise<void> => {
    await page.getByLabel('PIN (6 digits)').fill(pin);
    await page.getByRole('button', { name: 'Free the slot and delete' }).click();
  };
  await page.getByRole('link', { name: 'Security' }).click();
  await page.getByLabel('I understand').check();
  await page.getByRole('button', { name: 'Free the card’s slot, then delete' }).click();
  await expect(page.getByRole('heading', { name: 'Connect the profile’s Keycard' })).toBeVisible();
  // The Shell cannot unpair, so it is not offered here.
  await expect(page.getByRole('button', { name: /Shell/ })).toHaveCount(0);
  expect(await seriousViolations(page)).toEqual([]);

  // Another card (other keys) is refused before it is asked to pair, and nothing changes.
  const other = new KeycardEmulator({ mnemonic: 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about' });
  card = other;
  await pickEmulator(page);
  await expect(page.getByRole('alert')).toHaveText('This card does not open that profile (it holds other keys).');
  await expect(page.getByRole('heading', { name: 'Pair with this card' })).toHaveCount(0);
  expect(other.pairedSlots).toEqual([]);
  expect(await profileDbs()).toBe(1);

  // Our card: a wrong PIN frees nothing and deletes nothing.
  card = ours;
  await pickEmulator(page);
  await expect(page.getByTestId('pin-tries')).toHaveText('3 tries left before the PIN is blocked.');
  await unpairWith('000000');
  await expect(page.getByRole('alert')).toHaveText('Wrong PIN. 2 tries left before the PIN is blocked.');
  expect(ours.pairedSlots).toHaveLength(1);
  expect(await profileDbs()).toBe(1);

  // The right PIN frees the slot, then the profile is deleted.
  await unpairWith(PIN);
  await expect(page.getByRole('button', { name: 'Try it now' })).toBeVisible();
  expect(ours.pairedSlots).toEqual([]);
  expect(await profileDbs()).toBe(0);

  // The card no longer knows this browser: logging in again starts with pairing.
  await page.getByRole('button', { name: 'Log in with Keycard' }).click();
  await pickEmulator(page);
  await expect(page.getByRole('heading', { name: 'Pair with this card' })).toBeVisible();
});
