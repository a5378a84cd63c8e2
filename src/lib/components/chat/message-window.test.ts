import { describe, expect, it } from 'vitest';
import { STEP, WINDOW_MAX, afterChange, around, follows, newer, newest, older, reveal } from './message-window.ts';

describe('message window', () => {
  it('never holds more than WINDOW_MAX rows of a 10k conversation while scrolling all the way up and down', () => {
    const total = 10_000;
    let s = newest(total);
    expect(s).toEqual({ start: total - WINDOW_MAX, end: total });
    let steps = 0;
    while (s.start > 0) {
      s = older(s);
      expect(s.end - s.start).toBeLessThanOrEqual(WINDOW_MAX);
      steps++;
    }
    expect(steps).toBe(Math.ceil((total - WINDOW_MAX) / STEP));
    while (s.end < total) {
      s = newer(s, total);
      expect(s.end - s.start).toBeLessThanOrEqual(WINDOW_MAX);
    }
    expect(s.end).toBe(total);
  });

  it('follows new messages while at the bottom, and stays put while reading older ones', () => {
    expect(afterChange(newest(100), 100, 101, true)).toEqual({ start: 0, end: 101 });
    expect(afterChange(newest(300), 300, 301, true)).toEqual({ start: 301 - WINDOW_MAX, end: 301 });
    // Reading far up (the window does not reach the end): it stays as it is.
    expect(afterChange({ start: 0, end: 50 }, 500, 501, false)).toEqual({ start: 0, end: 50 });
    // Scrolled up inside a window that reaches the end: new rows go in below while there is room…
    expect(afterChange(newest(100), 100, 103, false)).toEqual({ start: 0, end: 103 });
    // …and wait outside it once it is full (its start never moves under the reader).
    expect(afterChange(newest(300), 300, 302, false)).toEqual({ start: 300 - WINDOW_MAX, end: 300 });
    // Rows removed (delete for me) never leave the slice past the end.
    expect(afterChange({ start: 40, end: 100 }, 100, 30, false)).toEqual({ start: 30, end: 30 });
  });

  it('new rows bring the reader down only when they were following, sent one, or it is the first render', () => {
    expect(follows({ first: true, mine: false, following: false, atEnd: false })).toBe(true);
    expect(follows({ first: false, mine: true, following: false, atEnd: false })).toBe(true);
    expect(follows({ first: false, mine: false, following: true, atEnd: true })).toBe(true);
    // Scrolled up to read: an incoming message does not pull them down.
    expect(follows({ first: false, mine: false, following: false, atEnd: true })).toBe(false);
    expect(follows({ first: false, mine: false, following: true, atEnd: false })).toBe(false);
  });

  it('centres a window on a row a reply points to, within the list', () => {
    expect(around(5000, 10_000)).toEqual({ start: 5000 - WINDOW_MAX / 2, end: 5000 + WINDOW_MAX / 2 });
    expect(around(3, 10_000)).toEqual({ start: 0, end: WINDOW_MAX });
    expect(around(9_999, 10_000)).toEqual({ start: 10_000 - WINDOW_MAX, end: 10_000 });
    expect(around(2, 10)).toEqual({ start: 0, end: 10 });
  });

  it('reveals a row: the same window if it is in it, else one around it', () => {
    expect(reveal(newest(10_000), 9_900, 10_000)).toEqual(newest(10_000));
    expect(reveal(newest(10_000), 100, 10_000)).toEqual(around(100, 10_000));
  });

  it('handles short conversations', () => {
    expect(newest(3)).toEqual({ start: 0, end: 3 });
    expect(older(newest(3))).toEqual({ start: 0, end: 3 });
    expect(newer(newest(0), 0)).toEqual({ start: 0, end: 0 });
  });
});
