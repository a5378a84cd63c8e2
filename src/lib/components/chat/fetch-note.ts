/**
 * The line that tells the reader how a history fetch of the open chat goes or went ("Fetching
 * older messages… 3 of 9 days", "12 older messages", "Nothing older on the store nodes…", or why
 * it failed). Pure: the chat view renders it in a polite live region.
 */
import type { HistoryFetchView } from '$lib/shared/chat.ts';
import { errorText } from '$lib/managers/error-text.ts';

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
const day = (ms: number): string => new Date(ms).toLocaleDateString([], { dateStyle: 'medium' });

export function fetchNote(fetch: HistoryFetchView | undefined, refused: string): string {
  if (refused) return refused;
  if (!fetch) return '';
  const found = fetch.kind === 'older' ? plural(fetch.found, 'older message', 'older messages') : plural(fetch.found, 'missing message', 'missing messages');
  if (fetch.running) {
    const what = fetch.kind === 'older' ? 'Fetching older messages' : 'Fetching missing messages';
    return `${what}… ${fetch.done} of ${plural(fetch.total, 'query', 'queries')} done, ${fetch.found} found.`;
  }
  if (fetch.error) return `${fetch.found > 0 ? `${found} fetched, but not all. ` : ''}${errorText({ code: fetch.error })}`;
  if (fetch.found > 0) return `${found} fetched.`;
  return fetch.kind === 'older'
    ? `Nothing older on the store nodes (searched back to ${day(fetch.searchedFrom)}).`
    : 'Nothing was missing on the store nodes.';
}
