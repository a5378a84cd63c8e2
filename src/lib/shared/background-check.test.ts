import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHECK_LOOKBACK_MAX_MS,
  CHECK_SKEW_MS,
  MAX_REMEMBERED_HASHES,
  checkStart,
  parseBackgroundRecord,
  parseBackgroundState,
  stateAfter,
  unseenEnvelopes,
  type BackgroundRecord,
} from './background-check.ts';

const NOW = 1_800_000_000_000;
const RECORD: BackgroundRecord = {
  v: 1,
  profileId: 'ab12',
  nodes: ['/ip4/127.0.0.1/tcp/60000/ws/p2p/16Uiu2HAm'],
  clusterId: 16,
  shard: 32,
  topics: ['/waku/1/0x12345678/rfc26'],
  seenUntil: NOW - 60_000,
  seen: ['h-seen'],
};

describe('the "is there something new" decision', () => {
  it('counts envelopes newer than what the app saw, that it did not see or send, and that were not notified', () => {
    const found = [
      { hash: 'h-old', timestamp: NOW - 120_000 },
      { hash: 'h-seen', timestamp: NOW - 1_000 },
      { hash: 'h-notified', timestamp: NOW - 1_000 },
      { hash: 'h-new', timestamp: NOW - 500 },
    ];
    expect(unseenEnvelopes(RECORD, { notified: ['h-notified'], checkedAt: 0 }, found)).toEqual([{ hash: 'h-new', timestamp: NOW - 500 }]);
  });

  it('finds nothing new when the store holds only what was seen or already notified', () => {
    const found = [{ hash: 'h-seen', timestamp: NOW }, { hash: 'h-n', timestamp: NOW }];
    expect(unseenEnvelopes(RECORD, { notified: ['h-n'], checkedAt: 0 }, found)).toEqual([]);
    expect(unseenEnvelopes(RECORD, parseBackgroundState(undefined), [])).toEqual([]);
  });

  it('a second check of the same store after notifying finds nothing new', () => {
    const found = [{ hash: 'h1', timestamp: NOW }, { hash: 'h2', timestamp: NOW + 1 }];
    const first = unseenEnvelopes(RECORD, parseBackgroundState(null), found);
    expect(first).toHaveLength(2);
    const after = stateAfter(parseBackgroundState(null), first, NOW);
    expect(unseenEnvelopes(RECORD, after, found)).toEqual([]);
    expect(after.checkedAt).toBe(NOW);
  });

  it('remembers at most MAX_REMEMBERED_HASHES notified hashes, dropping the oldest', () => {
    const many = Array.from({ length: MAX_REMEMBERED_HASHES + 5 }, (_, i) => ({ hash: `h${i}`, timestamp: NOW }));
    const s = stateAfter({ notified: ['old'], checkedAt: 0 }, many, NOW);
    expect(s.notified).toHaveLength(MAX_REMEMBERED_HASHES);
    expect(s.notified.at(-1)).toBe(`h${MAX_REMEMBERED_HASHES + 4}`);
    expect(s.notified).not.toContain('old');
  });

  it('starts the query a minute before seenUntil, but never more than a day back', () => {
    expect(checkStart(RECORD, NOW)).toBe(RECORD.seenUntil - CHECK_SKEW_MS);
    expect(checkStart({ ...RECORD, seenUntil: 0 }, NOW)).toBe(NOW - CHECK_LOOKBACK_MAX_MS);
  });
});

describe('parsing what the service worker finds on disk', () => {
  it('accepts a well-formed record as it is', () => {
    expect(parseBackgroundRecord(structuredClone(RECORD))).toEqual(RECORD);
  });

  it.each([
    ['nothing', undefined],
    ['null', null],
    ['a string', 'record'],
    ['an array', [RECORD]],
    ['another version', { ...RECORD, v: 2 }],
    ['no profile id', { ...RECORD, profileId: '' }],
    ['no nodes', { ...RECORD, nodes: [] }],
    ['no topics', { ...RECORD, topics: [] }],
    ['a non-string topic', { ...RECORD, topics: ['/waku/1/0x12345678/rfc26', 7] }],
    ['a huge node address', { ...RECORD, nodes: ['x'.repeat(10_000)] }],
    ['a negative cluster', { ...RECORD, clusterId: -1 }],
    ['a fractional shard', { ...RECORD, shard: 1.5 }],
    ['seenUntil as a string', { ...RECORD, seenUntil: '1' }],
    ['seen not a list', { ...RECORD, seen: 'h' }],
  ])('rejects %s', (_, value) => {
    expect(parseBackgroundRecord(value)).toBeNull();
  });

  it('never throws on arbitrary input, and whatever it accepts is well-formed', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.record({ v: fc.constant(1), profileId: fc.string(), nodes: fc.array(fc.string()), topics: fc.array(fc.anything()), clusterId: fc.integer(), shard: fc.integer(), seenUntil: fc.integer(), seen: fc.array(fc.string()) })), (value) => {
        const r = parseBackgroundRecord(value);
        if (r === null) return;
        expect(r.nodes.length).toBeGreaterThan(0);
        expect(r.topics.every((t) => typeof t === 'string')).toBe(true);
        expect(Number.isSafeInteger(r.seenUntil) && r.seenUntil >= 0).toBe(true);
      }),
    );
  });

  it('reads a garbled state as "nothing notified yet"', () => {
    expect(parseBackgroundState({ notified: [1, 2], checkedAt: 'x' })).toEqual({ notified: [], checkedAt: 0 });
    expect(parseBackgroundState(42)).toEqual({ notified: [], checkedAt: 0 });
    expect(parseBackgroundState({ notified: ['a'], checkedAt: 5 })).toEqual({ notified: ['a'], checkedAt: 5 });
  });
});
