/**
 * UI state of the session (no profile / locked / unlocked / another tab), fed by worker events,
 * and the identity actions. Every action is a WorkerApi call; errors become text here.
 */
import type { ProfileSummary, SessionState } from '$lib/shared/identity.ts';
import type { ErrorInfo, Result } from '$lib/shared/result.ts';
import { workerClient } from '$lib/client/worker-client.ts';
import { errorText } from './error-text.ts';

/** The page reports activity to the idle lock at most this often. */
const TOUCH_EVERY_MS = 20_000;

export class SessionManager {
  session = $state<SessionState>({ state: 'starting' });
  error = $state<string | null>(null);
  busy = $state(false);
  #lastTouch = 0;

  constructor() {
    workerClient().onEvent((event) => {
      if (event.type === 'session') this.session = event.session;
    });
  }

  get profile(): ProfileSummary | null {
    return this.session.state === 'unlocked' ? this.session.profile : null;
  }

  /** Runs an action; returns its value, or null after setting `error`. */
  async run<T, E extends ErrorInfo>(action: () => Promise<Result<T, E>>): Promise<T | null> {
    this.busy = true;
    this.error = null;
    try {
      const result = await action();
      if (result.ok) return result.value;
      this.error = errorText(result.error);
      return null;
    } finally {
      this.busy = false;
    }
  }

  clearError(): void {
    this.error = null;
  }

  activity(): void {
    const now = Date.now();
    if (now - this.#lastTouch < TOUCH_EVERY_MS) return;
    this.#lastTouch = now;
    void workerClient().api.touch();
  }

  async takeOver(): Promise<void> {
    this.busy = true;
    try {
      this.session = await workerClient().api.takeOver();
    } finally {
      this.busy = false;
    }
  }

  async lock(): Promise<void> {
    await workerClient().api.lock();
  }
}

let manager: SessionManager | null = null;

export function sessionManager(): SessionManager {
  manager ??= new SessionManager();
  return manager;
}

export const api = () => workerClient().api;
