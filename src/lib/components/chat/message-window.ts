/**
 * Which slice of a long conversation is in the DOM. The chat view never renders more than
 * WINDOW_MAX rows (10k DOM rows is a bug, PERFORMANCE.md): it follows the newest messages while
 * the reader is at the bottom, and slides by STEP rows when they scroll to either edge. Pure.
 */

export const WINDOW_MAX = 240;
export const STEP = 80;

export interface Slice {
  readonly start: number;
  readonly end: number;
}

/** The newest WINDOW_MAX rows of `total`. */
export function newest(total: number): Slice {
  return { start: Math.max(0, total - WINDOW_MAX), end: total };
}

/** A window of rows around row `index` (to show a message a reply points to). */
export function around(index: number, total: number): Slice {
  const start = Math.max(0, Math.min(index - Math.floor(WINDOW_MAX / 2), total - WINDOW_MAX));
  return { start, end: Math.min(total, start + WINDOW_MAX) };
}

/** `s` if it holds row `index`, else a window around it (a quoted message, the first unread one). */
export function reveal(s: Slice, index: number, total: number): Slice {
  return index >= s.start && index < s.end ? s : around(index, total);
}

/** Slides towards older rows; the newest rows drop out when the window is full. */
export function older(s: Slice): Slice {
  const start = Math.max(0, s.start - STEP);
  return { start, end: Math.min(s.end, start + WINDOW_MAX) };
}

/** Slides towards newer rows. */
export function newer(s: Slice, total: number): Slice {
  const end = Math.min(total, s.end + STEP);
  return { start: Math.max(s.start, end - WINDOW_MAX, 0), end };
}

/**
 * After the list changed length: the newest rows when following the bottom (the reader was at the
 * newest message, or just sent one). Otherwise the reader keeps their place: rows that arrived are
 * added below while the window has room (out of sight, the scroll position does not move), and
 * wait outside it once it is full.
 */
export function afterChange(s: Slice, previousTotal: number, total: number, follow: boolean): Slice {
  if (follow) return newest(total);
  if (s.end >= previousTotal) return { start: Math.min(s.start, total), end: Math.min(total, s.start + WINDOW_MAX) };
  return { start: Math.min(s.start, total), end: Math.min(s.end, total) };
}

/**
 * Whether new rows bring the reader to the bottom: on first render, when they sent one of them,
 * or when they were already following the newest message.
 */
export function follows(opts: { readonly first: boolean; readonly mine: boolean; readonly following: boolean; readonly atEnd: boolean }): boolean {
  return opts.first || opts.mine || (opts.following && opts.atEnd);
}
