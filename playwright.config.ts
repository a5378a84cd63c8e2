import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

/** The e2e app server: the built app plus two fresh, meshed devnodes on ephemeral ports. */
const PORT = Number(process.env['PARLEY_E2E_PORT'] ?? 4173);
/** Devnode stores for one e2e run: wiped at start, kept across devnode restarts within the run. */
const DATA_DIR = join(tmpdir(), `parley-e2e-${PORT}`);

/** Debian's Chromium; never a downloaded browser. Flags per DEVELOPERS.md. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env['CI'],
  // In CI a test that fails is run once more; one that then passes is reported as flaky, by name,
  // in the closing summary (scripts/test-summary.ts), so a flake is seen rather than hidden.
  retries: process.env['CI'] ? 1 : 0,
  reporter: [['list'], ['json', { outputFile: 'reports/e2e.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    launchOptions: { executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `rm -rf "${DATA_DIR}" && "${process.execPath}" scripts/start.ts --no-build --data-dir "${DATA_DIR}" --test-control --port ${PORT} --devnet-port 0`,
    url: `http://127.0.0.1:${PORT}/parley.config.json`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
