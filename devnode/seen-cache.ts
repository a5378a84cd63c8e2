/**
 * Bounded set of recently handled message hashes (insertion-ordered eviction),
 * so a message arriving by light push and again by relay is stored and pushed
 * once (notes §5, relay dedupe). Owns no I/O.
 */
import { SEEN_CACHE_SIZE } from './config.ts';

export class SeenCache {
  #seen = new Set<string>();
  #capacity: number;

  constructor(capacity: number = SEEN_CACHE_SIZE) {
    this.#capacity = capacity;
  }

  /** Marks the key seen; returns false if it was already seen. */
  add(key: string): boolean {
    if (this.#seen.has(key)) return false;
    this.#seen.add(key);
    if (this.#seen.size > this.#capacity) {
      const oldest = this.#seen.values().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
    return true;
  }
}
