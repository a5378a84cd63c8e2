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
