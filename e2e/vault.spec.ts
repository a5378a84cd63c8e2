/**
 * The vault seen from outside: what IndexedDB really holds, encrypted backups across browsers,
 * garbage backup files, and deleting a profile.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { chatKeyShown, createAccount, unlock } from './support/identity.ts';

const vectors = JSON.parse(readFileSync(new URL('../test/vectors/public.json', import.meta.url), 'utf8')) as {
  chat_key: { encode_decode: { chat_key: string; public_key: string }[] };
};
const CONTACT = vectors.chat_key.encode_decode[0]!;
const DISPLAY_NAME = 'Zephyrine Quux';
/** Written in the contact's chat before the backup; the restored profile must show it in that chat. */
const KEPT_MESSAGE = 'Kept across the backup: tangerine 4812';

/** Every record of every IndexedDB database of the origin, bytes rendered as latin1 text. */
async function dumpIndexedDb(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const out: string[] = [];
    const asText = (v: unknown): string =>
      JSON.stringify(v, (_k, x: unknown) => {
        if (x instanceof Uint8Array || x instanceof ArrayBuffer) return String.fromCharCode(...new Uint8Array(x instanceof ArrayBuffer ? x : x.buffer));
        if (typeof CryptoKey !== 'undefined' && x instanceof CryptoKey) return '[CryptoKey]';
        return x;
      });
    for (const info of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(info.name!);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      for (const name of Array.from(db.objectStoreNames)) {
        const tx = db.transaction(name, 'readonly');
        const [keys, values] = await Promise.all(
          ['getAllKeys', 'getAll'].map(
            (m) => new Promise<unknown[]>((resolve) => {
              const req = (tx.objectStore(name) as unknown as Record<string, () => IDBRequest<unknown[]>>)[m]!();
              req.onsuccess = () => resolve(req.result);
            }),
          ),
        );
        out.push(`${info.name}/${name}: ${asText(keys)} ${asText(values)}`);
      }
      db.close();
    }
    return out.join('\n');
  });
}

/** Adds the vector's key from the home page's contacts panel (a contact request) and sets a display name. */
async function addContactAndName(page: Page): Promise<void> {
  await page.getByLabel('Chat key or contact link').fill(CONTACT.chat_key);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByTestId('contact-card')).toContainText(CONTACT.chat_key);
  await page.getByRole('button', { name: 'Send contact request' }).click();
  await expect(page.getByTestId('chat-view')).toBeVisible();
  await page.getByLabel('Message', { exact: true }).fill(KEPT_MESSAGE);
  await page.getByLabel('Message', { exact: true }).press('Enter');
  await expect(page.getByTestId('chat-view').getByText(KEPT_MESSAGE)).toBeVisible();
  await page.getByRole('link', { name: 'Parley', exact: true }).first().click();
  await expectContact(page);
  await page.getByRole('link', { name: 'Profile', exact: true }).click();
  await page.getByLabel(/Display name/).fill(DISPLAY_NAME);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved.', { exact: true })).toBeVisible();
}

/** The contacts panel lists the vector's key as a chat contact whose request is pending. */
async function expectContact(page: Page): Promise<void> {
  const contact = page.getByTestId('contact').filter({ hasText: CONTACT.chat_key });
  await expect(contact).toHaveAttribute('data-state', 'sent');
  await expect(contact.getByTestId('contact-state')).toHaveText('Contact request sent, waiting for them to accept');
}

test('IndexedDB holds no plaintext phrase, key, name or contact', async ({ page }) => {
  const words = await createAccount(page);
  const chatKey = await chatKeyShown(page);
  const alias = (await page.getByTestId('profile-name').textContent()) ?? '';
  await addContactAndName(page);

  const raw = await dumpIndexedDb(page);
  expect(raw).toContain('parley-profile-'); // the dump really covers the vault
  expect(raw.length).toBeGreaterThan(1_000);
  const secrets = [
    words.join(' '),
    ...words.filter((w) => w.length >= 5),
    chatKey,
    alias,
    DISPLAY_NAME,
    KEPT_MESSAGE,
    CONTACT.chat_key,
    CONTACT.public_key.slice(2),
    CONTACT.public_key.slice(4, 40),
  ];
  for (const secret of secrets) expect(raw, `IndexedDB must not contain ${JSON.stringify(secret)}`).not.toContain(secret);
});

test('an encrypted backup restores identity and contacts in another browser; garbage files are refused', async ({ browser }) => {
  const source = await browser.newContext({ acceptDownloads: true });
  const page = await source.newPage();
  await createAccount(page);
  const chatKey = await chatKeyShown(page);
  await addContactAndName(page);
  await page.getByRole('link', { name: 'Security' }).click();
  await page.getByLabel('Backup password (at least 8 characters)').fill('backup password 1');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export backup' }).click();
  const file = await (await downloading).path();

  const target = await browser.newContext();
  const fresh = await target.newPage();
  await fresh.goto('/');
  await fresh.getByRole('button', { name: 'Restore from a backup file' }).click();
  const garbage: [string, Buffer, string][] = [
    ['notes.txt', Buffer.from('definitely not a backup'), 'That file is not a Parley backup.'],
    ['empty.parley', Buffer.alloc(0), 'That file is not a Parley backup.'],
    ['cut.parley', readFileSync(file).subarray(0, 30), 'That backup file is incomplete.'],
  ];
  for (const [name, buffer, message] of garbage) {
    await fresh.getByLabel('Backup file').setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
    await fresh.getByLabel('Backup password').fill('backup password 1');
    await fresh.getByRole('button', { name: 'Import backup' }).click();
    await expect(fresh.getByRole('alert')).toHaveText(message);
  }
  await fresh.getByLabel('Backup file').setInputFiles(file);
  await fresh.getByLabel('Backup password').fill('wrong backup password');
  await fresh.getByRole('button', { name: 'Import backup' }).click();
  await expect(fresh.getByRole('alert')).toHaveText('Wrong password, or the backup file is damaged.');
  await fresh.getByRole('button', { name: 'Back', exact: true }).click();
  // Nothing was created by the failed imports.
  await expect(fresh.getByRole('button', { name: 'Try it now' })).toBeVisible();

  await fresh.getByRole('button', { name: 'Restore from a backup file' }).click();
  await fresh.getByLabel('Backup file').setInputFiles(file);
  await fresh.getByLabel('Backup password').fill('backup password 1');
  await fresh.getByRole('button', { name: 'Import backup' }).click();
  await expect(fresh.getByRole('heading', { name: 'Unlock Parley' })).toBeVisible();
  await unlock(fresh, 'backup password 1');
  expect(await chatKeyShown(fresh)).toBe(chatKey);
  await expect(fresh.getByTestId('profile-name')).toHaveText(DISPLAY_NAME);
  await expectContact(fresh);
  await fresh.getByTestId('contact').filter({ hasText: CONTACT.chat_key }).getByRole('link', { name: 'Open chat' }).click();
  await expect(fresh.getByTestId('chat-view').getByText(KEPT_MESSAGE)).toBeVisible();
  await source.close();
  await target.close();
});

test('deleting a profile erases it from this browser', async ({ page }) => {
  await createAccount(page);
  await page.getByRole('link', { name: 'Security' }).click();
  await page.getByLabel('I understand').check();
  await page.getByRole('button', { name: 'Delete profile' }).click();
  await expect(page.getByRole('button', { name: 'Try it now' })).toBeVisible();
  const names = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
  expect(names.filter((n) => n?.startsWith('parley-profile-'))).toEqual([]);
});
