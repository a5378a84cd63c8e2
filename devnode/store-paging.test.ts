import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Archive } from './archive.ts';
import { computeMessageHash, toHex } from './message.ts';
import { type StoreQueryRequest, StoreQueryResponse, WakuMessage } from './proto.ts';
import { answerStoreQuery } from './store.ts';

const TOPIC = '/waku/2/rs/16/32';
const CTS = ['/a/1/x/proto', '/a/1/y/proto'];

interface Seeded {
  hash: string;
  timestamp: bigint;
  contentTopic: string;
}

/** Archives messages whose timestamps collide often, so ordering relies on the hash tiebreak. */
function seed(archive: Archive, stamps: Array<{ t: number; ct: number }>): Seeded[] {
  return stamps.map(({ t, ct }, i) => {
    const msg: WakuMessage = { payload: Uint8Array.of(i & 0xff, i >> 8), contentTopic: CTS[ct]!, timestamp: BigInt(t) };
    const hash = computeMessageHash(TOPIC, msg);
    archive.insert({ hash, pubsubTopic: TOPIC, contentTopic: msg.contentTopic, timestamp: msg.timestamp!, encoded: WakuMessage.encode(msg) });
    return { hash: toHex(hash), timestamp: msg.timestamp!, contentTopic: msg.contentTopic };
  });
}

function query(archive: Archive, req: Partial<StoreQueryRequest>): StoreQueryResponse {
  const full: StoreQueryRequest = { requestId: 'q', includeData: false, contentTopics: [], messageHashes: [], paginationForward: true, ...req };
  return StoreQueryResponse.decode(answerStoreQuery(archive, full).response);
}

/** Follows cursors to the end, returning each page's hashes. */
function allPages(archive: Archive, req: Partial<StoreQueryRequest>): string[][] {
  const pages: string[][] = [];
  let cursor: Uint8Array | undefined;
  do {
    const res = query(archive, { ...req, paginationCursor: cursor });
    expect(res.statusCode).toBe(200);
    pages.push(res.messages.map((m) => toHex(m.messageHash!)));
    cursor = res.paginationCursor;
  } while (cursor);
  return pages;
}

const byTimeThenHash = (a: Seeded, b: Seeded): number =>
  a.timestamp === b.timestamp ? (a.hash < b.hash ? -1 : 1) : a.timestamp < b.timestamp ? -1 : 1;

describe('store pagination properties', () => {
  it('visits every matching message exactly once, pages chronological, in both directions', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ t: fc.integer({ min: 1, max: 12 }), ct: fc.integer({ min: 0, max: 1 }) }), { maxLength: 60 }),
      fc.integer({ min: 1, max: 25 }),
      fc.boolean(),
      fc.option(fc.integer({ min: 0, max: 1 }), { nil: undefined }),
      (stamps, pageSize, forward, ctIndex) => {
        const archive = new Archive(':memory:');
        const all = seed(archive, stamps);
        const contentTopics = ctIndex === undefined ? [] : [CTS[ctIndex]!];
        const expected = all.filter((m) => contentTopics.length === 0 || m.contentTopic === contentTopics[0]).sort(byTimeThenHash);
        const pages = allPages(archive, {
          pubsubTopic: TOPIC, contentTopics, paginationLimit: BigInt(pageSize), paginationForward: forward,
        });
        const ordered = forward ? pages.flat() : [...pages].reverse().flat();
        expect(ordered).toEqual(expected.map((m) => m.hash));
        expect(pages.slice(0, -1).every((p) => p.length === pageSize)).toBe(true);
        archive.close();
      },
    ), { numRuns: 150 });
  });

  it('keeps time ranges half-open: [start, end)', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 1, max: 20 }), { maxLength: 40 }),
      fc.integer({ min: 0, max: 21 }),
      fc.integer({ min: 0, max: 21 }),
      (times, start, end) => {
        const archive = new Archive(':memory:');
        const all = seed(archive, times.map((t) => ({ t, ct: 0 })));
        const got = allPages(archive, { pubsubTopic: TOPIC, contentTopics: [CTS[0]!], timeStart: BigInt(start), timeEnd: BigInt(end) }).flat();
        const want = all.filter((m) => m.timestamp >= BigInt(start) && m.timestamp < BigInt(end)).sort(byTimeThenHash);
        expect(got).toEqual(want.map((m) => m.hash));
        archive.close();
      },
    ), { numRuns: 100 });
  });
});
