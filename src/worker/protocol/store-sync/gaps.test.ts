import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addRange, clipRanges, MAX_GAPS_PER_TOPIC, normalise, planCatchUp, planOlder, readSyncState, removeRange, settleRange,
  unionRanges, writeSyncState, type TimeRange,
} from './gaps.ts';
import { DEFAULT_SYNC_PERIOD_SECONDS } from './plan.ts';

const DAY = 86_400;
const NOW = 1_700_000_000;

/** A reference model: the set of covered whole seconds in [0, 200). */
const covered = (list: readonly TimeRange[]): Set<number> => {
  const s = new Set<number>();
  for (const r of list) for (let x = r.from; x < r.to; x++) s.add(x);
  return s;
};
const rangeArb = fc.tuple(fc.integer({ min: 0, max: 199 }), fc.integer({ min: 1, max: 60 })).map(([from, len]) => ({ from, to: Math.min(200, from + len) }));
const isNormal = (list: readonly TimeRange[]): boolean =>
  list.every((r, i) => r.from < r.to && (i === 0 || list[i - 1]!.to < r.from));

describe('gap ranges', () => {
  it('merges overlapping and touching ranges and keeps them sorted', () => {
    expect(addRange([{ from: 10, to: 20 }], { from: 20, to: 30 })).toEqual([{ from: 10, to: 30 }]);
    expect(addRange([{ from: 10, to: 20 }, { from: 40, to: 50 }], { from: 15, to: 45 })).toEqual([{ from: 10, to: 50 }]);
    expect(addRange([{ from: 40, to: 50 }], { from: 10, to: 20 })).toEqual([{ from: 10, to: 20 }, { from: 40, to: 50 }]);
    expect(normalise([{ from: 5, to: 5 }])).toEqual([]);
  });

  it('splits a gap that is filled in the middle and drops one that is filled whole', () => {
    expect(removeRange([{ from: 10, to: 50 }], { from: 20, to: 30 })).toEqual([{ from: 10, to: 20 }, { from: 30, to: 50 }]);
    expect(removeRange([{ from: 10, to: 50 }], { from: 0, to: 60 })).toEqual([]);
    expect(removeRange([{ from: 10, to: 50 }], { from: 40, to: 60 })).toEqual([{ from: 10, to: 40 }]);
    expect(removeRange([{ from: 10, to: 50 }], { from: 30, to: 30 })).toEqual([{ from: 10, to: 50 }]);
  });

  it('add, remove, clip and union agree with a set-of-seconds model', () => {
    fc.assert(fc.property(fc.array(rangeArb, { maxLength: 8 }), rangeArb, rangeArb, (list, r, bounds) => {
      const base = normalise(list);
      expect(isNormal(base)).toBe(true);
      const added = addRange(base, r);
      expect(isNormal(added)).toBe(true);
      expect(covered(added)).toEqual(new Set([...covered(base), ...covered([r])]));
      const removed = removeRange(base, r);
      expect(isNormal(removed)).toBe(true);
      expect(covered(removed)).toEqual(new Set([...covered(base)].filter((x) => !covered([r]).has(x))));
      const clipped = clipRanges(base, bounds);
      expect(covered(clipped)).toEqual(new Set([...covered(base)].filter((x) => x >= bounds.from && x < bounds.to)));
      expect(covered(unionRanges([base, [r]]))).toEqual(covered(added));
    }));
  });

  it('bounds the number of gaps by merging the oldest, never by forgetting one', () => {
    const many = Array.from({ length: MAX_GAPS_PER_TOPIC + 5 }, (_, i) => ({ from: i * 10, to: i * 10 + 5 }));
    const kept = normalise(many);
    expect(kept).toHaveLength(MAX_GAPS_PER_TOPIC);
    for (const g of many) expect(kept.some((k) => k.from <= g.from && k.to >= g.to)).toBe(true);
  });
});

describe('catch-up planning with gaps', () => {
  it('first sync: 9 days back, floor at the period start, everything pending until filled', () => {
    const { fetch, next } = planCatchUp({ gaps: [] }, NOW);
    expect(fetch).toEqual([{ from: NOW - DEFAULT_SYNC_PERIOD_SECONDS, to: NOW }]);
    expect(next).toEqual({ lastRequest: NOW, floor: NOW - DEFAULT_SYNC_PERIOD_SECONDS, gaps: fetch });
  });

  it('back after an hour: from the last request minus 60 s, no new gap', () => {
    const { fetch, next } = planCatchUp({ lastRequest: NOW - 3600, floor: NOW - 20 * DAY, gaps: [] }, NOW);
    expect(fetch).toEqual([{ from: NOW - 3660, to: NOW }]);
    expect(next.floor).toBe(NOW - 20 * DAY);
    // Once the query lands, nothing is missing.
    expect(settleRange(next, fetch[0]!, null).gaps).toEqual([]);
  });

  it('back after 12 days: the stretch beyond the 9-day limit stays a gap after the catch-up', () => {
    const last = NOW - 12 * DAY;
    const { fetch, next } = planCatchUp({ lastRequest: last, floor: last - 9 * DAY, gaps: [] }, NOW);
    const periodStart = NOW - DEFAULT_SYNC_PERIOD_SECONDS;
    expect(fetch).toEqual([{ from: periodStart, to: NOW }]);
    const done = settleRange(next, fetch[0]!, null);
    expect(done.gaps).toEqual([{ from: last - 60, to: periodStart }]);
    expect(done.lastRequest).toBe(NOW);
  });

  it('retries earlier failed windows inside the period, but not gaps older than it', () => {
    const old = { from: NOW - 20 * DAY, to: NOW - 19 * DAY };
    const recent = { from: NOW - 2 * DAY, to: NOW - DAY };
    const { fetch } = planCatchUp({ lastRequest: NOW - 600, floor: NOW - 30 * DAY, gaps: [old, recent] }, NOW);
    expect(fetch).toEqual([recent, { from: NOW - 660, to: NOW }]);
  });

  it('a query cut off mid-window keeps exactly the part it did not reach', () => {
    const window = { from: NOW - DAY, to: NOW };
    const t = { lastRequest: NOW, floor: NOW - 9 * DAY, gaps: [window] };
    const cut = NOW - 3600;
    const after = settleRange(t, { from: cut, to: NOW }, { from: window.from, to: cut });
    expect(after.gaps).toEqual([{ from: NOW - DAY, to: cut }]);
  });

  it('fetch older: from the new start up to the topic floor plus gaps below the chat floor', () => {
    const chatFloor = NOW - 9 * DAY;
    const gap = { from: NOW - 12 * DAY, to: NOW - 11 * DAY };
    const { fetch, next } = planOlder({ lastRequest: NOW, floor: NOW - 10 * DAY, gaps: [gap] }, chatFloor - 9 * DAY, chatFloor);
    expect(fetch).toEqual([{ from: chatFloor - 9 * DAY, to: NOW - 10 * DAY }]);
    expect(next.floor).toBe(chatFloor - 9 * DAY);
    const fresh = planOlder({ lastRequest: NOW, floor: chatFloor, gaps: [] }, chatFloor - DAY, chatFloor);
    expect(fresh.fetch).toEqual([{ from: chatFloor - DAY, to: chatFloor }]);
  });
});

describe('stored sync state', () => {
  it('round-trips through the stored form', () => {
    const state = { topics: { a: { lastRequest: NOW, floor: NOW - 9 * DAY, gaps: [{ from: 1, to: 5 }] }, b: { gaps: [] } } };
    expect(readSyncState(structuredClone(writeSyncState(state)))).toEqual({ state, dropped: 0 });
  });

  it('reads the version 1 record (last request only)', () => {
    expect(readSyncState({ v: 1, lastRequest: { a: NOW, b: 'x' } })).toEqual({ state: { topics: { a: { lastRequest: NOW, gaps: [] } } }, dropped: 1 });
  });

  it('drops malformed entries one by one and normalises the rest', () => {
    const r = readSyncState({
      v: 2,
      topics: {
        good: { lastRequest: NOW, gaps: [{ from: 30, to: 40 }, { from: 10, to: 35 }] },
        badGap: { lastRequest: NOW, gaps: [{ from: 5, to: 1 }, { from: -1, to: 3 }, { from: 1.5, to: 3 }, 'x', null, { from: 1, to: 2 }] },
        badLast: { lastRequest: -5, floor: 'yesterday', gaps: 'none' },
        junk: 7,
      },
    });
    expect(r.state.topics['good']).toEqual({ lastRequest: NOW, gaps: [{ from: 10, to: 40 }] });
    expect(r.state.topics['badGap']).toEqual({ lastRequest: NOW, gaps: [{ from: 1, to: 2 }] });
    expect(r.state.topics['badLast']).toEqual({ gaps: [] });
    expect(r.state.topics['junk']).toBeUndefined();
    expect(r.dropped).toBe(5 + 2 + 1 + 1);
  });

  it('reads garbage as an empty state and says so', () => {
    fc.assert(fc.property(fc.anything(), (v) => {
      const r = readSyncState(v);
      for (const t of Object.values(r.state.topics)) expect(isNormal(t.gaps)).toBe(true);
    }));
    for (const v of [null, 42, 'x', [], { v: 3 }, { v: 2, topics: [] }]) expect(readSyncState(v)).toEqual({ state: { topics: {} }, dropped: 1 });
    expect(readSyncState(undefined)).toEqual({ state: { topics: {} }, dropped: 0 });
  });
});
