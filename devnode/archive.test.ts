import { describe, expect, it } from 'vitest';
import { Archive } from './archive.ts';

const DAY_MS = 24 * 3600_000;
const NOW_MS = Date.UTC(2026, 0, 10);

function seed(archive: Archive, ages: number[]): void {
  ages.forEach((ageMs, i) => {
    archive.insert({
      hash: new Uint8Array(32).fill(i + 1),
      pubsubTopic: '/waku/2/rs/16/32',
      contentTopic: '/a/1/x/proto',
      timestamp: BigInt(NOW_MS - ageMs) * 1_000_000n,
      encoded: new Uint8Array([i]),
    });
  });
}

describe('archive retention', () => {
  it('deletes messages older than the max age', () => {
    const archive = new Archive(':memory:');
    seed(archive, [3 * DAY_MS, 2 * DAY_MS, DAY_MS, 0]);
    expect(archive.applyRetention({ maxAgeMs: 1.5 * DAY_MS, maxCount: 0 }, NOW_MS)).toBe(2);
    expect(archive.count()).toBe(2);
    archive.close();
  });

  it('keeps only the newest max-count messages', () => {
    const archive = new Archive(':memory:');
    seed(archive, [3, 2, 1, 0].map((d) => d * DAY_MS));
    expect(archive.applyRetention({ maxAgeMs: 0, maxCount: 3 }, NOW_MS)).toBe(1);
    const left = archive.select({ contentTopics: [], hashes: [], forward: true, limit: 10 });
    expect(left.map((m) => m.encoded[0])).toEqual([1, 2, 3]);
    archive.close();
  });

  it('ignores a second insert of the same hash', () => {
    const archive = new Archive(':memory:');
    seed(archive, [0]);
    seed(archive, [0]);
    expect(archive.count()).toBe(1);
    archive.close();
  });
});
