/**
 * The rows of a conversation: its messages with a marker for each gap in the fetched history,
 * placed where the gap ends (before the first message at or after its end time), so what we hold
 * from inside a gap stays above its marker. Pure.
 */
import type { HistoryGapView, MessageView } from '$lib/shared/chat.ts';

export type HistoryRow =
  | { readonly kind: 'message'; readonly key: string; readonly message: MessageView }
  | { readonly kind: 'gap'; readonly key: string; readonly gap: HistoryGapView };

export function historyRows(messages: readonly MessageView[], gaps: readonly HistoryGapView[]): HistoryRow[] {
  const rows: HistoryRow[] = [];
  const pending = [...gaps].sort((a, b) => a.to - b.to);
  let g = 0;
  for (const message of messages) {
    while (g < pending.length && message.timestamp >= pending[g]!.to) {
      const gap = pending[g++]!;
      rows.push({ kind: 'gap', key: `gap:${gap.from}:${gap.to}`, gap });
    }
    rows.push({ kind: 'message', key: message.id, message });
  }
  for (; g < pending.length; g++) rows.push({ kind: 'gap', key: `gap:${pending[g]!.from}:${pending[g]!.to}`, gap: pending[g]! });
  return rows;
}

/**
 * The row of the first unread message, when the last `unread` messages from the other side are
 * unread (where the "New messages" line goes); null when there are none.
 */
export function firstUnreadKey(rows: readonly HistoryRow[], unread: number): string | null {
  if (unread <= 0) return null;
  let left = unread;
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i]!;
    if (row.kind !== 'message' || row.message.outgoing) continue;
    if (--left === 0) return row.key;
  }
  // Fewer incoming messages are loaded than are unread: all of them are.
  const first = rows.find((r) => r.kind === 'message' && !r.message.outgoing);
  return first?.key ?? null;
}
