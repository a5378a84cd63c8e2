import { describe, expect, it } from 'vitest';
import { STEP, WINDOW_MAX, afterChange, newer, newest, older } from './message-window.ts';

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
    expect(afterChange(newest(100), 100, 101)).toEqual({ start: 0, end: 101 });
    expect(afterChange({ start: 0, end: 50 }, 500, 501)).toEqual({ start: 0, end: 50 });
  });

  it('handles short conversations', () => {
    expect(newest(3)).toEqual({ start: 0, end: 3 });
    expect(older(newest(3))).toEqual({ start: 0, end: 3 });
    expect(newer(newest(0), 0)).toEqual({ start: 0, end: 0 });
  });
});
