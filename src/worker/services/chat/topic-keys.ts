/**
 * Symmetric topic keys K(s) (status-protocol.md §0) are PBKDF2 with 65 356 iterations: far too
 * slow to derive per message, so they are memoised per chat id for the life of the worker.
 */
import { symmetricKey } from '../../protocol/index.ts';

/** More distinct topics than this means something is wrong; the cache starts over. */
const MAX_CACHED = 512;
const cache = new Map<string, Uint8Array>();

export function symmetricKeyFor(chatId: string): Uint8Array {
  let key = cache.get(chatId);
  if (!key) {
    if (cache.size >= MAX_CACHED) cache.clear();
    key = symmetricKey(chatId);
    cache.set(chatId, key);
  }
  return key;
}
