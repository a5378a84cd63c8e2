/**
 * Symmetric topic keys K(s) (status-protocol.md §0) are PBKDF2 with 65 356 iterations: far too
 * slow to derive per message, so they are memoised per chat id, and the engine keeps them in the
 * vault so a restarted worker does not derive them all again (that was 94 % of a cold start).
 * `prepareTopicKeys` derives missing keys ahead of use with WebCrypto's native PBKDF2, all at
 * once (it was 45 % of a 1,000-message catch-up with noble); `symmetricKeyFor` stays synchronous
 * for callers that cannot wait and derives with noble on a miss.
 */
import { symmetricKey, symmetricKeyAsync } from '../../protocol/index.ts';

/** More distinct topics than this means something is wrong; the cache starts over. */
const MAX_CACHED = 512;
const cache = new Map<string, Uint8Array>();
let derived = 0;

export function symmetricKeyFor(chatId: string): Uint8Array {
  let key = cache.get(chatId);
  if (!key) {
    if (cache.size >= MAX_CACHED) cache.clear();
    key = symmetricKey(chatId);
    cache.set(chatId, key);
    derived++;
  }
  return key;
}

/** Derives (natively, concurrently) every key of `chatIds` not cached yet; afterwards `symmetricKeyFor` hits. */
export async function prepareTopicKeys(chatIds: Iterable<string>): Promise<void> {
  const missing = [...new Set(chatIds)].filter((id) => !cache.has(id));
  if (missing.length === 0) return;
  const keys = await Promise.all(missing.map((id) => symmetricKeyAsync(id)));
  for (const [i, id] of missing.entries()) {
    if (cache.has(id)) continue;
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(id, keys[i]!);
    derived++;
  }
}

/** How many keys were derived (not loaded) so far: the engine persists when this grows. */
export const derivedCount = (): number => derived;

export function knownTopicKeys(): Record<string, Uint8Array> {
  return Object.fromEntries(cache);
}

/** Forgets every key: a newly opened profile must not see (or persist) another profile's topics. */
export function clearTopicKeys(): void {
  cache.clear();
}

/** Loads keys kept in the vault; only well-formed 32-byte keys are taken. */
export function loadTopicKeys(keys: unknown): void {
  if (typeof keys !== 'object' || keys === null) return;
  for (const [chatId, key] of Object.entries(keys as Record<string, unknown>)) {
    if (key instanceof Uint8Array && key.length === 32 && cache.size < MAX_CACHED) cache.set(chatId, key);
  }
}
