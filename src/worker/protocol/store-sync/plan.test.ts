import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SYNC_PERIOD_SECONDS, gapMarker, MAX_CONTENT_TOPICS_PER_QUERY, planStoreQueries, STORE_PAGE_SIZE,
  SYNC_WINDOW_SECONDS, syncRange, syncWindows,
} from './plan.ts';

const NOW_MS = 1_700_000_000_500;
const TO = 1_700_000_001;

describe('store sync planning (§10.2)', () => {
  it('starts 9 days back without history and 60 s before the last request otherwise', () => {
    expect(syncRange(NOW_MS)).toEqual({ from: TO - DEFAULT_SYNC_PERIOD_SECONDS, to: TO });
    expect(syncRange(NOW_MS, TO - 3600)).toEqual({ from: TO - 3660, to: TO });
    expect(syncRange(NOW_MS, TO - DEFAULT_SYNC_PERIOD_SECONDS - 5)).toEqual({ from: TO - DEFAULT_SYNC_PERIOD_SECONDS, to: TO });
  });

  it('covers the range exactly with ≤ 24 h windows, newest first', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 20 * SYNC_WINDOW_SECONDS }), (len) => {
      const w = syncWindows({ from: TO - len, to: TO });
      expect(w[0]!.to).toBe(TO);
      expect(w.at(-1)!.from).toBe(TO - len);
      for (let i = 1; i < w.length; i++) expect(w[i]!.to).toBe(w[i - 1]!.from);
      for (const x of w) expect(x.to - x.from).toBeLessThanOrEqual(SYNC_WINDOW_SECONDS);
    }));
  });

  it('batches at most 10 content topics per query and never mixes ranges or pubsub topics', () => {
    const topics = [
      ...Array.from({ length: 23 }, (_, i) => ({ pubsubTopic: '/waku/2/rs/16/32', contentTopic: `/waku/1/0x${i.toString(16).padStart(8, '0')}/rfc26` })),
      { pubsubTopic: '/waku/2/rs/16/64', contentTopic: '/waku/1/0xdba691a3/rfc26' },
      { pubsubTopic: '/waku/2/rs/16/32', contentTopic: '/waku/1/0xffffffff/rfc26', lastRequest: TO - 100 },
    ];
    const q = planStoreQueries(topics, NOW_MS);
    const days = DEFAULT_SYNC_PERIOD_SECONDS / SYNC_WINDOW_SECONDS;
    expect(q).toHaveLength(days * 3 + days + 1);
    for (const x of q) {
      expect(x.contentTopics.length).toBeLessThanOrEqual(MAX_CONTENT_TOPICS_PER_QUERY);
      expect(x.paginationLimit).toBe(STORE_PAGE_SIZE);
      expect(x.paginationForward).toBe(false);
    }
    const recent = q.find((x) => x.contentTopics.includes('/waku/1/0xffffffff/rfc26'))!;
    expect(recent.timeStart).toBe(BigInt(TO - 160) * 1_000_000_000n);
    expect(recent.contentTopics).toHaveLength(1);
  });

  it('marks a gap only for chats synced before', () => {
    expect(gapMarker(0, 100)).toBeUndefined();
    expect(gapMarker(50, 100)).toEqual({ from: 50, to: 100 });
    expect(gapMarker(150, 100)).toBeUndefined();
  });
});
