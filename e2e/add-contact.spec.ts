/**
 * Adding a contact by QR code, in real Chromium on real devnodes: Chromium's fake camera plays a
 * video of Alice's real contact link as a QR code, Bob scans it, and his contact request reaches
 * Alice. Garbage QR codes (from image files) get typed errors and change nothing. Linux Chromium
 * has no BarcodeDetector, so this runs the zxing-wasm fallback, served from the app's origin.
 */
import { chromium, expect, test, type Browser, type BrowserContextOptions, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config.ts';
import { closeUsers, newUser, openRequest, type User } from './support/chat.ts';
import { qrBmp, writeQrY4m } from './support/qr-media.ts';
import { chatKeyShown } from './support/identity.ts';

test.afterEach(closeUsers);

/** A try-now profile on the add-contact screen, for checks that need no network (closed with its browser). */
async function onAddScreen(browser: Browser, options: BrowserContextOptions, watch = false): Promise<Page> {
  const page = await (await browser.newContext(options)).newPage();
  if (watch) await watchCamera(page);
  await page.goto('/');
  await page.getByRole('button', { name: 'Try it now' }).click();
  await chatKeyShown(page);
  await page.goto('/add');
  return page;
}

/** Records every camera stream the page opens, so the test can see that all were stopped. */
async function watchCamera(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const g = globalThis as unknown as { __streams: MediaStream[]; navigator: Navigator };
    g.__streams = [];
    const media = g.navigator.mediaDevices;
    const original = media.getUserMedia.bind(media);
    media.getUserMedia = async (constraints) => {
      const stream = await original(constraints);
      g.__streams.push(stream);
      return stream;
    };
  });
}

const liveTracks = (page: Page): Promise<number> =>
  page.evaluate(() => (globalThis as unknown as { __streams: MediaStream[] }).__streams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length);
const openedStreams = (page: Page): Promise<number> => page.evaluate(() => (globalThis as unknown as { __streams: MediaStream[] }).__streams.length);

async function pickImage(bob: User, name: string, buffer: Buffer): Promise<void> {
  await bob.page.getByLabel('No camera? Choose an image of a QR code').setInputFiles({ name, mimeType: 'image/bmp', buffer });
}

test('scanning Alice’s QR code with the camera fills in her key and sends her a contact request; garbage QR codes are refused', async ({ browser, baseURL }, testInfo) => {
  const alice = await newUser(browser, 0);
  await alice.page.goto('/profile');
  const link = ((await alice.page.getByTestId('share-link').textContent()) ?? '').trim();
  expect(link).toContain(alice.chatKey);
  const video = testInfo.outputPath('alice-link.y4m');
  writeQrY4m(video, link);

  const camera = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
  });
  try {
    const bob = await newUser(camera, 1, { baseURL: baseURL! });
    await watchCamera(bob.page);
    await bob.page.goto('/add');
    const wasm: string[] = [];
    bob.page.on('request', (r) => {
      if (r.url().endsWith('.wasm')) wasm.push(r.url());
    });

    // Garbage, through the image picker: typed errors, and nothing is stored.
    const cases: [string, Buffer, string, string][] = [
      ['not-a-contact.bmp', qrBmp('https://evil.example/u#zQ3shNotAKey'), 'That link is not a Parley or Status contact link.', 'share_link/unsupported_url'],
      ['words.bmp', qrBmp('hello there, this is not a key'), 'That is neither a chat key nor a contact link.', 'share_link/unrecognized'],
      ['blank.bmp', qrBmp(null), 'No QR code was found in that image. Try a sharper, closer picture.', 'scan/no_qr_found'],
      ['notes.bmp', Buffer.from('not an image at all'), 'That file is not an image Parley can read.', 'scan/not_an_image'],
    ];
    for (const [name, buffer, message] of cases) {
      await pickImage(bob, name, buffer);
      await expect(bob.page.getByRole('alert')).toHaveText(message);
      await expect(bob.page.getByTestId('contact-card')).toHaveCount(0);
    }
    // The QR reader's WASM is fetched once (the worker also loads its secp256k1 WASM): all from our origin.
    expect(wasm.filter((u) => /zxing/.test(u))).toHaveLength(1);
    for (const url of wasm) expect(new URL(url).origin).toBe(new URL(baseURL!).origin);

    // The camera: asked for only now, stopped once the code is read.
    expect(await openedStreams(bob.page)).toBe(0);
    await bob.page.getByRole('button', { name: 'Scan QR code' }).click();
    await expect(bob.page.getByTestId('contact-card')).toContainText(alice.chatKey);
    await expect(bob.page.getByTestId('camera')).toHaveCount(0);
    expect(await openedStreams(bob.page)).toBe(1);
    expect(await liveTracks(bob.page)).toBe(0);

    await bob.page.getByLabel('Message with your contact request').fill('Scanned you at the meetup');
    await bob.page.getByRole('button', { name: 'Send contact request' }).click();
    await expect(bob.page.getByTestId('chat-view')).toBeVisible();

    // Bob's contacts panel lists Alice with the request pending; Alice gets the request.
    await bob.page.getByRole('link', { name: 'Parley', exact: true }).first().click();
    await expect(bob.page.getByTestId('contact').filter({ hasText: alice.chatKey })).toHaveAttribute('data-state', 'sent');
    await alice.page.getByRole('link', { name: 'Chats', exact: true }).click();
    await openRequest(alice, bob);
    await expect(alice.page.getByTestId('request-banner')).toBeVisible();
    await expect(alice.page.getByTestId('message-text').filter({ hasText: 'Scanned you at the meetup' })).toBeVisible();
    await alice.page.getByRole('button', { name: 'Accept' }).click();
    await expect(bob.page.getByTestId('contact').filter({ hasText: alice.chatKey })).toHaveAttribute('data-state', 'mutual');
  } finally {
    await camera.close();
  }
});

test('a garbage QR code on camera is refused and stores nothing; no camera and a denied permission are explained; the camera stops on cancel and on leaving', async ({ browser, baseURL }, testInfo) => {
  const video = testInfo.outputPath('garbage.y4m');
  writeQrY4m(video, 'WIFI:S:cafe;T:WPA;P:not-a-contact;;');
  const camera = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
  });
  try {
    const carol = await onAddScreen(camera, { baseURL: baseURL! }, true);
    await carol.getByRole('button', { name: 'Scan QR code' }).click();
    await expect(carol.getByRole('alert')).toHaveText('That is neither a chat key nor a contact link.');
    expect(await openedStreams(carol)).toBe(1);
    expect(await liveTracks(carol)).toBe(0);
    await expect(carol.getByTestId('contact-card')).toHaveCount(0);
    await carol.getByRole('link', { name: 'Parley', exact: true }).first().click();
    await expect(carol.getByText('No contacts yet.', { exact: false })).toBeVisible();
    await carol.getByRole('link', { name: 'Chats', exact: true }).click();
    await expect(carol.getByTestId('chat-row')).toHaveCount(0);
  } finally {
    await camera.close();
  }

  // The default test browser has no camera at all.
  const dave = await onAddScreen(browser, { baseURL: baseURL! });
  await dave.getByRole('button', { name: 'Scan QR code' }).click();
  await expect(dave.getByRole('alert')).toHaveText('No camera was found. You can choose an image of the QR code instead, or paste the chat key.');
  await expect(dave.getByRole('alert')).toHaveAttribute('data-code', 'scan/no_camera');
  await expect(dave.getByRole('button', { name: 'Scan QR code' })).toBeVisible();
  await dave.context().close();

  // A camera, but the permission prompt is answered "no" (headless Chromium dismisses it).
  const denied = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream'] });
  try {
    const erin = await onAddScreen(denied, { baseURL: baseURL! });
    await erin.getByRole('button', { name: 'Scan QR code' }).click();
    await expect(erin.getByRole('alert')).toHaveAttribute('data-code', 'scan/permission_denied');
    await expect(erin.getByRole('alert')).toContainText('Allow camera access for this site');

    // Allowed, but nothing to read (Chromium's default fake picture): the camera runs until the
    // user stops it, and stops when they leave the screen.
    const frank = await onAddScreen(denied, { baseURL: baseURL!, permissions: ['camera'] }, true);
    await frank.getByRole('button', { name: 'Scan QR code' }).click();
    await expect(frank.getByTestId('camera').getByRole('status')).toHaveText('Looking for a QR code…');
    await expect.poll(() => liveTracks(frank)).toBe(1);
    await frank.getByRole('button', { name: 'Stop camera' }).click();
    await expect.poll(() => liveTracks(frank)).toBe(0);
    await frank.getByRole('button', { name: 'Scan QR code' }).click();
    await expect.poll(() => liveTracks(frank)).toBe(1);
    await frank.getByRole('link', { name: 'Chats', exact: true }).click();
    await expect(frank.getByRole('heading', { name: 'Chats' })).toBeVisible();
    await expect.poll(() => liveTracks(frank)).toBe(0);
    expect(await openedStreams(frank)).toBe(2);
  } finally {
    await denied.close();
  }
});
