import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseBackgroundRecord } from '$lib/shared/background-check.ts';
import type { BackgroundDb } from '$lib/shared/background-db.ts';
import { DEFAULT_NOTIFICATION_SETTINGS } from '$lib/shared/notifications.ts';
import type { NetworkSettings } from '$lib/shared/network.ts';
import { BackgroundCheck, forgetBackgroundRecord, type EnvelopeSource } from './background-check.ts';

/** An in-memory stand-in for the two object stores (IndexedDB is not available under Node). */
function memoryDb(): { db: () => Promise<BackgroundDb>; stores: Record<'records' | 'state', Map<string, unknown>> } {
  const stores = { records: new Map<string, unknown>(), state: new Map<string, unknown>() };
  const fake = {
    put: (store: 'records' | 'state', value: unknown, key: string) => Promise.resolve(void stores[store].set(key, value)),
    get: (store: 'records' | 'state', key: string) => Promise.resolve(stores[store].get(key)),
    transaction: () => ({
      objectStore: (store: 'records' | 'state') => ({ delete: (key: string) => Promise.resolve(void stores[store].delete(key)) }),
      done: Promise.resolve(),
    }),
  };
  return { db: () => Promise.resolve(fake as unknown as BackgroundDb), stores };
}

const NETWORK: NetworkSettings = { presetId: 'local-devnet', clusterId: 16, shards: [32], nodes: ['/ip4/127.0.0.1/tcp/1/ws/p2p/16Uiu2HAmA'] };
const TOPICS = ['/waku/1/0xaaaaaaaa/rfc26', '/waku/1/0xbbbbbbbb/rfc26'];

function source(live: boolean): EnvelopeSource {
  return { messageTopics: TOPICS, live, onEnvelope: () => undefined };
}

afterEach(() => vi.useRealTimers());

describe('the background check record written by the worker', () => {
  it('is written only after opting in with notifications on, holds no secrets, and is deleted on opt-out', async () => {
    const { db, stores } = memoryDb();
    const now = 1_000_000;
    const check = new BackgroundCheck({ network: () => NETWORK, db, now: () => now });
    const src = source(true);
    await check.profileChanged({ id: 'p1', source: src, settings: DEFAULT_NOTIFICATION_SETTINGS });
    expect(stores.records.size).toBe(0);

    await check.apply({ ...DEFAULT_NOTIFICATION_SETTINGS, background: true }, 'p1');
    const record = parseBackgroundRecord(stores.records.get('p1'));
    expect(record).toEqual({ v: 1, profileId: 'p1', nodes: NETWORK.nodes, clusterId: 16, shard: 32, topics: TOPICS, seenUntil: now, seen: [] });
    // Exactly these fields: nothing else (no key, no name, no content) can hide in the record.
    expect(Object.keys(stores.records.get('p1') as object).sort()).toEqual(['clusterId', 'nodes', 'profileId', 'seen', 'seenUntil', 'shard', 'topics', 'v']);

    stores.state.set('p1', { notified: ['x'], checkedAt: 1 });
    await check.apply({ ...DEFAULT_NOTIFICATION_SETTINGS, enabled: false, background: true }, 'p1');
    expect(stores.records.has('p1')).toBe(false);
    expect(stores.state.has('p1')).toBe(false);
    await check.profileChanged(null);
  });

  it('records envelopes the app saw after seenUntil, so the service worker does not notify about them', async () => {
    vi.useFakeTimers();
    const { db, stores } = memoryDb();
    let now = 5_000_000;
    const check = new BackgroundCheck({ network: () => NETWORK, db, now: () => now });
    const src = source(false);
    await check.profileChanged({ id: 'p1', source: src, settings: { ...DEFAULT_NOTIFICATION_SETTINGS, background: true } });
    const first = parseBackgroundRecord(stores.records.get('p1'));
    expect(first?.seenUntil).toBe(5_000_000); // not live: seenUntil stays where it was (the opt-in moment)

    src.onEnvelope({ hash: 'old', timestamp: 4_000_000 });
    src.onEnvelope({ hash: 'h1', timestamp: 5_000_100 });
    src.onEnvelope({ hash: 'h1', timestamp: 5_000_100 });
    await vi.advanceTimersByTimeAsync(600);
    expect(parseBackgroundRecord(stores.records.get('p1'))?.seen).toEqual(['h1']);

    // Live again later: seenUntil moves up and hashes it now covers are dropped.
    now = 6_000_000;
    (src as { live: boolean }).live = true;
    await check.flush();
    const later = parseBackgroundRecord(stores.records.get('p1'));
    expect(later?.seenUntil).toBe(6_000_000 - 10_000);
    expect(later?.seen).toEqual([]);
    await check.profileChanged(null);
  });

  it('locking keeps the record (the point of the check); deleting the profile removes it', async () => {
    const { db, stores } = memoryDb();
    const check = new BackgroundCheck({ network: () => NETWORK, db });
    await check.profileChanged({ id: 'p1', source: source(true), settings: { ...DEFAULT_NOTIFICATION_SETTINGS, background: true } });
    await check.profileChanged(null);
    expect(stores.records.has('p1')).toBe(true);
    await forgetBackgroundRecord('p1', db);
    expect(stores.records.has('p1')).toBe(false);
  });

  it('an opt-in made while the profile was still opening is not undone by the settings read at opening', async () => {
    const { db, stores } = memoryDb();
    const check = new BackgroundCheck({ network: () => NETWORK, db });
    await check.apply({ ...DEFAULT_NOTIFICATION_SETTINGS, background: true }, 'p1');
    await check.apply({ ...DEFAULT_NOTIFICATION_SETTINGS, background: false }, 'p2');
    await check.profileChanged({ id: 'p1', source: source(true), settings: DEFAULT_NOTIFICATION_SETTINGS });
    expect(stores.records.has('p1')).toBe(true);
    await check.profileChanged(null);
  });

  it('deleting never throws, even when the database cannot be opened', async () => {
    await expect(forgetBackgroundRecord('p1', () => Promise.reject(new Error('no IndexedDB')))).resolves.toBeUndefined();
  });
});
