/**
 * Exactly one tab runs Parley's network and database, enforced with Web Locks (held by the
 * worker for as long as it is the active one). Another tab may take over: it asks the holder over
 * a BroadcastChannel to stand down; the holder stops its services and releases the lock, and only
 * then does the new tab acquire it, so two ratchets never write at once.
 */
import { createLogger } from '$lib/shared/log.ts';

const log = createLogger('tabs');

const LOCK_NAME = 'parley-active-tab';
const CHANNEL = 'parley-tabs';

export interface TabLockHooks {
  /** Called when this tab becomes the active one. */
  onActive(): Promise<void>;
  /** Called before the lock is released to another tab; must stop all writes. */
  onStandDown(): Promise<void>;
}

export class TabLock {
  readonly #hooks: TabLockHooks;
  readonly #channel = new BroadcastChannel(CHANNEL);
  #release: (() => void) | null = null;

  constructor(hooks: TabLockHooks) {
    this.#hooks = hooks;
    this.#channel.onmessage = (e: MessageEvent<unknown>) => {
      if (e.data === 'stand-down' && this.#release) void this.#standDown();
    };
  }

  get active(): boolean {
    return this.#release !== null;
  }

  /** Takes the lock if nobody holds it. Resolves true when this tab is now active. */
  tryAcquire(): Promise<boolean> {
    return this.#request({ ifAvailable: true });
  }

  /** Asks the active tab to stand down, then waits for the lock. */
  async takeOver(): Promise<boolean> {
    if (this.#release) return true;
    this.#channel.postMessage('stand-down');
    return this.#request({});
  }

  #request(options: LockOptions): Promise<boolean> {
    return new Promise<boolean>((resolveAcquired) => {
      navigator.locks
        .request(LOCK_NAME, options, async (lock) => {
          if (!lock) {
            resolveAcquired(false);
            return;
          }
          const held = new Promise<void>((release) => {
            this.#release = release;
          });
          await this.#hooks.onActive().catch((e: unknown) => log.error(`activation failed: ${String(e)}`));
          resolveAcquired(true);
          await held;
        })
        .catch((e: unknown) => {
          log.error(`lock request failed: ${String(e)}`);
          resolveAcquired(false);
        });
    });
  }

  async #standDown(): Promise<void> {
    const release = this.#release;
    this.#release = null;
    await this.#hooks.onStandDown().catch((e: unknown) => log.error(`stand-down failed: ${String(e)}`));
    release?.();
  }
}
