/**
 * Records every network request a Chromium instance makes, from every process (page, dedicated
 * worker, service worker, WebSockets), with Chromium's own NetLog (--log-net-log), and tells which
 * ones the app made. Requests Chromium starts for itself (component updates, account checks) have
 * no initiator origin and are the browser's, not the app's; navigations the test itself drives
 * have none either, so they are kept when they go to the app.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config.ts';

const NO_INITIATOR = 'not an origin';

export interface NetRequest {
  readonly url: string;
  readonly initiator: string;
}

export interface NetLogSession {
  readonly browser: Browser;
  /** Closes the browser (which flushes the log) and returns every request started. */
  finish(): Promise<NetRequest[]>;
}

export async function launchWithNetLog(): Promise<NetLogSession> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-netlog-'));
  const file = join(dir, 'netlog.json');
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, `--log-net-log=${file}`],
  });
  return {
    browser,
    async finish() {
      await browser.close();
      const log = JSON.parse(readFileSync(file, 'utf8')) as {
        constants: { logEventTypes: Record<string, number> };
        events: { type: number; params?: { url?: unknown; initiator?: unknown } }[];
      };
      rmSync(dir, { recursive: true, force: true });
      const start = log.constants.logEventTypes['URL_REQUEST_START_JOB'];
      return log.events
        .filter((e) => e.type === start && typeof e.params?.url === 'string')
        .map((e) => ({ url: String(e.params?.url), initiator: typeof e.params?.initiator === 'string' ? e.params.initiator : NO_INITIATOR }));
    },
  };
}

/** The requests the app made: anything with an initiator, plus driven navigations to the app. */
export function appRequests(all: readonly NetRequest[], appOrigin: string): NetRequest[] {
  return all.filter((r) => r.initiator !== NO_INITIATOR || new URL(r.url).origin === appOrigin);
}
