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

/** After the list changed length: keep following the bottom if we were there, else stay put. */
export function afterChange(s: Slice, previousTotal: number, total: number): Slice {
  if (s.end >= previousTotal) return newest(total);
  return { start: Math.min(s.start, total), end: Math.min(s.end, total) };
}
