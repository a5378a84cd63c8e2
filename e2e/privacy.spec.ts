/**
 * The privacy of the shell: the only destinations are the app's origin and the configured Waku
 * nodes (checked on Chromium's NetLog over a whole session, page + worker + service worker), the
 * Content-Security-Policy that enforces it, and text chosen by others rendering inert.
 */
import { expect, test, type Page } from '@playwright/test';
import { chatKeyShown } from './support/identity.ts';
import { appRequests, launchWithNetLog } from './support/netlog.ts';
import { serviceWorkerControls } from './support/pwa.ts';
import { XSS_CORPUS, expectInert, recordDialogs } from './support/xss-corpus.ts';

interface DevnetConfig {
  devnetNodes: string[];
}

/** `/ip4/127.0.0.1/tcp/4711/ws/p2p/…` → `ws://127.0.0.1:4711` */
const wsOrigin = (multiaddr: string): string => {
  const m = /^\/ip4\/([^/]+)\/tcp\/(\d+)\/ws\//.exec(multiaddr);
  if (!m) throw new Error(`unexpected devnode address ${multiaddr}`);
  return `ws://${m[1]}:${m[2]}`;
};

async function devnodeOrigins(page: Page): Promise<string[]> {
  const config = (await (await page.request.get('/parley.config.json')).json()) as DevnetConfig;
  return config.devnetNodes.map(wsOrigin);
}

async function sendDiagnostic(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Diagnostics message' }).fill(text);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByTestId('diagnostic-message').filter({ hasText: text }).first()).toBeVisible();
}

test('a whole session contacts only the app origin and the configured devnodes (page, worker and service worker)', async ({ page, baseURL }) => {
  const app = new URL(baseURL!).origin;
  const nodes = await devnodeOrigins(page);
  const session = await launchWithNetLog();
  const context = await session.browser.newContext({ baseURL });
  const user = await context.newPage();
  const cspErrors: string[] = [];
  user.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
  });
  await user.goto('/');
  await user.getByRole('button', { name: 'Try it now' }).click();
  await chatKeyShown(user);
  await serviceWorkerControls(user);
  await user.goto('/settings/network');
  await expect(user.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
  await sendDiagnostic(user, `privacy check ${Date.now()}`);
  // A client-side navigation: SvelteKit's route announcer (an inline style) appears only then.
  await user.getByRole('link', { name: 'Profile', exact: true }).click();
  await expect(user.locator('#svelte-announcer')).toHaveCount(1);
  for (const path of ['/profile', '/settings/security', '/settings/notifications', '/settings/appearance']) {
    await user.goto(path);
    await expect(user.locator('h1')).toBeVisible();
  }
  await user.reload();
  await expect(user.locator('h1')).toBeVisible();

  // The app itself never trips its own policy (e.g. an inline style of the framework).
  expect(cspErrors).toEqual([]);
  const requests = appRequests(await session.finish(), app);
  const destinations = [...new Set(requests.map((r) => new URL(r.url).origin))].sort();
  expect(destinations.filter((d) => d !== app && !nodes.includes(d)), 'third-party destinations').toEqual([]);
  // The recorder sees what it must: the worker's WebSockets, the service worker script, the config.
  expect(destinations.some((d) => nodes.includes(d))).toBe(true);
  expect(requests.map((r) => new URL(r.url).pathname)).toEqual(expect.arrayContaining(['/service-worker.js', '/parley.config.json']));
  // The worker's libsecp256k1 binary comes from the app's own origin (counted above as the app).
  expect(requests.some((r) => /\/secp256k1-[\w-]+\.wasm$/.test(new URL(r.url).pathname)), 'the secp256k1 WebAssembly binary was fetched').toBe(true);
});

test('the served Content-Security-Policy allows scripts only from the app and SvelteKit hashes, and connections only to the app and its nodes', async ({ page }) => {
  const nodes = await devnodeOrigins(page);
  for (const path of ['/', '/service-worker.js', '/settings/network']) {
    const response = await page.request.get(path);
    const policy = response.headers()['content-security-policy'] ?? '';
    const directives = new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    const scripts = directives.get('script-src') ?? [];
    expect(scripts[0]).toBe("'self'");
    // Besides hashes, only 'wasm-unsafe-eval' (WebAssembly compilation for the QR reader and the
    // worker's libsecp256k1; no JS eval).
    expect(scripts.slice(1).every((s) => s === "'wasm-unsafe-eval'" || /^'sha256-[A-Za-z0-9+/=]+'$/.test(s))).toBe(true);
    const connect = directives.get('connect-src') ?? [];
    expect(connect).toEqual(expect.arrayContaining(["'self'", ...nodes]));
    expect(connect.filter((c) => c !== "'self'" && !nodes.includes(c)).every((c) => /^wss:\/\/[a-z0-9.-]+\.status\.im$/.test(c))).toBe(true);
    expect(policy).not.toMatch(/unsafe-inline|'unsafe-eval'|\*/);
  }
  // The same policy is in the page itself, for static hosts that send no header.
  await page.goto('/');
  await expect(page.locator('meta[http-equiv="content-security-policy"]')).toHaveAttribute('content', /script-src 'self' ('wasm-unsafe-eval' )?'sha256-/);
});

test('the browser enforces the policy: injected inline script does not run and unlisted hosts are refused', async ({ page }) => {
  await page.goto('/settings/network');
  const violations = await page.evaluate(async () => {
    const g = globalThis as unknown as {
      document: { createElement(t: string): { textContent: string }; body: { append(e: unknown): void }; addEventListener(t: string, f: (e: { violatedDirective: string }) => void): void };
      fetch(u: string): Promise<unknown>;
      WebSocket: new (u: string) => unknown;
      __parleyXss?: number;
    };
    const seen: string[] = [];
    g.document.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective));
    const script = g.document.createElement('script');
    script.textContent = 'window.__parleyXss = 1';
    g.document.body.append(script);
    await g.fetch('http://203.0.113.1/track').catch(() => null);
    try {
      new g.WebSocket('wss://example.invalid/');
    } catch {
      // Some browsers throw synchronously on a blocked WebSocket.
    }
    await new Promise((r) => setTimeout(r, 300));
    return { seen, ran: g.__parleyXss ?? null };
  });
  expect(violations.ran).toBeNull();
  expect(violations.seen).toEqual(expect.arrayContaining(['script-src-elem', 'connect-src']));
});

test('XSS payloads as diagnostics messages, in a contact link and as a display name render as inert text', async ({ page }) => {
  const dialogs = recordDialogs(page);
  await page.goto('/');
  await page.getByRole('button', { name: 'Try it now' }).click();
  await chatKeyShown(page);

  await page.goto('/settings/network');
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
  for (const payload of XSS_CORPUS) {
    await sendDiagnostic(page, payload);
    await expect(page.getByTestId('diagnostic-message').filter({ hasText: payload.replace(/\s+/g, ' ').trim() }).first()).toBeVisible();
  }
  await expectInert(page, dialogs);

  for (const payload of XSS_CORPUS) {
    await page.goto(`/add#${encodeURIComponent(payload)}`);
    await expect(page.getByRole('alert')).toBeVisible();
    await expectInert(page, dialogs);
  }

  await page.goto('/profile');
  for (const payload of XSS_CORPUS.slice(0, 6)) {
    await page.getByLabel(/Display name/).fill(payload);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
  }
  await expectInert(page, dialogs);
});
