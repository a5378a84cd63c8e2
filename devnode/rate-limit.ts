/**
 * Per-peer fixed-window request limiter; exceeding it answers 429 (nwaku's
 * TOO_MANY_REQUESTS). Owns counters only; protocols decide what to answer.
 */
import { RATE_LIMIT_MAX_REQUESTS, RATE_LIMIT_WINDOW_MS } from './config.ts';

export class RateLimiter {
  #windows = new Map<string, { start: number; count: number }>();
  #max: number;
  #windowMs: number;

  constructor(max: number = RATE_LIMIT_MAX_REQUESTS, windowMs: number = RATE_LIMIT_WINDOW_MS) {
    this.#max = max;
    this.#windowMs = windowMs;
  }

  /** Counts one request for `key`; false when the key is over its budget. */
  allow(key: string, now: number = Date.now()): boolean {
    const w = this.#windows.get(key);
    if (!w || now - w.start >= this.#windowMs) {
      if (this.#windows.size > 10_000) this.#windows.clear();
      this.#windows.set(key, { start: now, count: 1 });
      return true;
    }
    w.count += 1;
    return w.count <= this.#max;
  }
}
