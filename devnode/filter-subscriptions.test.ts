import { describe, expect, it } from 'vitest';
import { FILTER_SUBSCRIPTION_TTL_MS } from './config.ts';
import { DEFAULT_FILTER_LIMITS, FilterSubscriptions } from './filter-subscriptions.ts';

const TOPIC = '/waku/2/rs/16/32';
const T0 = 1_000_000;

describe('filter subscription registry', () => {
  it('expires a subscription after the 5 minute TTL unless pinged', () => {
    const subs = new FilterSubscriptions();
    expect(subs.subscribe('p1', TOPIC, ['/a/1/x/proto'], T0).statusCode).toBe(200);
    expect(subs.subscribe('p2', TOPIC, ['/a/1/x/proto'], T0).statusCode).toBe(200);
    expect(subs.ping('p2', T0 + FILTER_SUBSCRIPTION_TTL_MS - 1).statusCode).toBe(200);
    const later = T0 + FILTER_SUBSCRIPTION_TTL_MS + 1;
    expect(subs.subscribersFor(TOPIC, '/a/1/x/proto', later)).toEqual(['p2']);
    expect(subs.ping('p1', later).statusCode).toBe(404);
  });

  it('matches on pubsub topic and content topic together', () => {
    const subs = new FilterSubscriptions();
    subs.subscribe('p1', TOPIC, ['/a/1/x/proto', '/a/1/y/proto'], T0);
    expect(subs.subscribersFor(TOPIC, '/a/1/y/proto', T0)).toEqual(['p1']);
    expect(subs.subscribersFor('/waku/2/rs/16/64', '/a/1/y/proto', T0)).toEqual([]);
    expect(subs.unsubscribe('p1', TOPIC, ['/a/1/y/proto'], T0).statusCode).toBe(200);
    expect(subs.subscribersFor(TOPIC, '/a/1/y/proto', T0)).toEqual([]);
    expect(subs.unsubscribe('p1', TOPIC, ['/a/1/y/proto'], T0).statusCode).toBe(404);
  });

  it('refuses new peers beyond the peer limit with 503, but lets subscribed peers add criteria', () => {
    const subs = new FilterSubscriptions({ ...DEFAULT_FILTER_LIMITS, maxPeers: 2 });
    expect(subs.subscribe('p1', TOPIC, ['/a/1/x/proto'], T0).statusCode).toBe(200);
    expect(subs.subscribe('p2', TOPIC, ['/a/1/x/proto'], T0).statusCode).toBe(200);
    expect(subs.subscribe('p3', TOPIC, ['/a/1/x/proto'], T0).statusCode).toBe(503);
    expect(subs.subscribe('p1', TOPIC, ['/a/1/z/proto'], T0).statusCode).toBe(200);
    expect(subs.unsubscribeAll('p2', T0).statusCode).toBe(200);
    expect(subs.subscribe('p3', TOPIC, ['/a/1/x/proto'], T0).statusCode).toBe(200);
  });

  it('frees the slot of an expired peer', () => {
    const subs = new FilterSubscriptions({ ...DEFAULT_FILTER_LIMITS, maxPeers: 1 });
    subs.subscribe('p1', TOPIC, ['/a/1/x/proto'], T0);
    expect(subs.subscribe('p2', TOPIC, ['/a/1/x/proto'], T0 + 1).statusCode).toBe(503);
    expect(subs.subscribe('p2', TOPIC, ['/a/1/x/proto'], T0 + FILTER_SUBSCRIPTION_TTL_MS + 1).statusCode).toBe(200);
  });
});
