import { describe, expect, it } from 'vitest';
import type { MessageView } from '$lib/shared/chat.ts';
import { firstUnreadKey, historyRows } from './history-rows.ts';

const msg = (id: string, timestamp: number): MessageView => ({
  id, chatId: 'c', outgoing: false, clock: String(timestamp), timestamp, text: id, kind: 'text', responseTo: '',
  edited: false, deleted: false, pinned: false, reactions: [],
});
const keys = (rows: ReturnType<typeof historyRows>): string[] => rows.map((r) => (r.kind === 'gap' ? `gap ${r.gap.from}-${r.gap.to}` : r.message.id));

describe('history rows', () => {
  it('puts each gap marker before the first message at or after the end of the gap', () => {
    const rows = historyRows([msg('a', 100), msg('b', 250), msg('c', 400), msg('d', 900)], [{ from: 600, to: 800 }, { from: 150, to: 300 }]);
    expect(keys(rows)).toEqual(['a', 'b', 'gap 150-300', 'c', 'gap 600-800', 'd']);
  });

  it('places gaps before all messages or after all of them', () => {
    expect(keys(historyRows([msg('a', 500)], [{ from: 10, to: 20 }]))).toEqual(['gap 10-20', 'a']);
    expect(keys(historyRows([msg('a', 5)], [{ from: 10, to: 20 }]))).toEqual(['a', 'gap 10-20']);
    expect(keys(historyRows([], [{ from: 10, to: 20 }]))).toEqual(['gap 10-20']);
  });

  it('without gaps the rows are the messages, in their order', () => {
    const list = [msg('x', 3), msg('y', 1)];
    expect(keys(historyRows(list, []))).toEqual(['x', 'y']);
  });

  it('finds the first unread message: the unread-th from the end among the other side\'s messages', () => {
    const mine = (id: string, t: number): MessageView => ({ ...msg(id, t), outgoing: true });
    const rows = historyRows([msg('a', 1), msg('b', 2), mine('m', 3), msg('c', 4), msg('d', 5)], [{ from: 3, to: 4 }]);
    expect(firstUnreadKey(rows, 0)).toBeNull();
    expect(firstUnreadKey(rows, 1)).toBe('d');
    expect(firstUnreadKey(rows, 2)).toBe('c');
    // Our own message and the gap marker are skipped.
    expect(firstUnreadKey(rows, 3)).toBe('b');
    // More unread than loaded: the first loaded message from them.
    expect(firstUnreadKey(rows, 99)).toBe('a');
    expect(firstUnreadKey(historyRows([mine('m', 1)], []), 2)).toBeNull();
  });
});
