/**
 * Foundation e2e: two real Chromium contexts, each attached to a different devnode of a meshed
 * local devnet, talk through light push → relay → filter, and the message is in store after reload.
 */
import { expect, test, type Page } from '@playwright/test';

interface DevnetConfig {
  defaultPreset: string;
  devnetNodes: string[];
}

async function devnetNodes(page: Page): Promise<string[]> {
  const response = await page.request.get('/parley.config.json');
  const config = (await response.json()) as DevnetConfig;
  expect(config.defaultPreset).toBe('local-devnet');
  expect(config.devnetNodes).toHaveLength(2);
  return config.devnetNodes;
}

/** Opens the Network page and keeps only `keep` among the configured nodes. */
async function attachTo(page: Page, keep: string, drop: string): Promise<void> {
  await page.goto('/settings/network');
  await expect(page.getByTestId('node-row')).toHaveCount(2);
  const dropRow = page.getByTestId('node-row').filter({ hasText: drop });
  await dropRow.getByRole('button', { name: /Remove node/ }).click();
  await expect(page.getByTestId('node-row')).toHaveCount(1);
  await expect(page.getByTestId('node-row')).toContainText(keep);
}

async function expectHealthy(page: Page): Promise<void> {
  const row = page.getByTestId('node-row');
  await expect(row).toHaveAttribute('data-connected', 'true');
  for (const protocol of ['lightpush', 'filter', 'store']) {
    await expect(row.locator(`[data-protocol="${protocol}"]`)).toHaveAttribute('data-healthy', 'true');
  }
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
  await expect(row.getByTestId('node-rtt')).toHaveText(/^\d+ ms$/);
}

test('two browsers on two meshed devnodes exchange a diagnostics message, found in store after reload', async ({ browser }) => {
  const alice = await browser.newContext();
  const bob = await browser.newContext();
  const pageA = await alice.newPage();
  const pageB = await bob.newPage();
  const [node1, node2] = await devnetNodes(pageA);

  await attachTo(pageA, node1!, node2!);
  await attachTo(pageB, node2!, node1!);
  await expectHealthy(pageA);
  await expectHealthy(pageB);

  const text = `hello from A ${Date.now()}`;
  await pageA.getByLabel('Diagnostics message').fill(text);
  await pageA.getByRole('button', { name: 'Send', exact: true }).click();

  const received = pageB.getByTestId('diagnostic-message').filter({ hasText: text });
  await expect(received).toHaveCount(1);
  await expect(received).toHaveAttribute('data-via', 'filter');

  await pageB.reload();
  await expectHealthy(pageB);
  // The settings survived the reload: B is still attached to node 2 only.
  await expect(pageB.getByTestId('node-row')).toContainText(node2!);
  await expect(pageB.getByTestId('diagnostic-message').filter({ hasText: text })).toHaveAttribute('data-via', 'store');

  await alice.close();
  await bob.close();
});

test('the test-message round trip comes back through filter and is found in store', async ({ page }) => {
  await page.goto('/settings/network');
  await expect(page.getByTestId('node-row')).toHaveCount(2);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
  await page.getByRole('button', { name: 'Run test message' }).click();
  const report = page.getByTestId('round-trip-report');
  await expect(report.getByTestId('rt-filter')).toHaveText(/^\d+ ms$/);
  await expect(report.getByTestId('rt-store')).toHaveText(/^\d+ ms$/);
});

test('a malformed node address is refused with a clear error and the node list is unchanged', async ({ page }) => {
  await page.goto('/settings/network');
  await expect(page.getByTestId('node-row')).toHaveCount(2);
  for (const bad of ['not a multiaddr', '/ip4/127.0.0.1/tcp/1/ws', '/ip4/127.0.0.1/udp/1/quic-v1/p2p/16Uiu2HAmAR24Mbb6VuzoyUiGx42UenDkshENVDj4qnmmbabLvo31']) {
    await page.getByLabel('Add a node (multiaddr)').fill(bad);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('not a node address Parley can use');
    await expect(page.getByTestId('node-row')).toHaveCount(2);
  }
});
