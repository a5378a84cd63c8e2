/**
 * Filter v2 subscription registry (12/WAKU2-FILTER; nwaku waku_filter_v2/subscriptions):
 * criteria (pubsub topic + content topic) per peer, TTL refreshed by subscribe and
 * ping, and limits on criteria per peer and on subscribed peers. Pure state: no streams.
 */
import {
  FILTER_MAX_CONTENT_TOPICS_PER_REQUEST,
  FILTER_MAX_CRITERIA_PER_PEER,
  FILTER_MAX_PEERS,
  FILTER_SUBSCRIPTION_TTL_MS,
} from './config.ts';

export const FILTER_STATUS = {
  ok: 200,
  badRequest: 400,
  notFound: 404,
  tooManyRequests: 429,
  serviceUnavailable: 503,
} as const;

export interface FilterOutcome {
  statusCode: number;
  statusDesc: string;
}

export interface FilterLimits {
  ttlMs: number;
  maxContentTopicsPerRequest: number;
  maxCriteriaPerPeer: number;
  maxPeers: number;
}

export const DEFAULT_FILTER_LIMITS: FilterLimits = {
  ttlMs: FILTER_SUBSCRIPTION_TTL_MS,
  maxContentTopicsPerRequest: FILTER_MAX_CONTENT_TOPICS_PER_REQUEST,
  maxCriteriaPerPeer: FILTER_MAX_CRITERIA_PER_PEER,
  maxPeers: FILTER_MAX_PEERS,
};

interface PeerSubscription {
  criteria: Set<string>;
  lastSeen: number;
}

const OK: FilterOutcome = { statusCode: FILTER_STATUS.ok, statusDesc: 'OK' };
const NO_SUBSCRIPTION: FilterOutcome = { statusCode: FILTER_STATUS.notFound, statusDesc: 'peer has no subscriptions' };

function key(pubsubTopic: string, contentTopic: string): string {
  return `${pubsubTopic}\n${contentTopic}`;
}

export class FilterSubscriptions {
  #peers = new Map<string, PeerSubscription>();
  #limits: FilterLimits;

  constructor(limits: FilterLimits = DEFAULT_FILTER_LIMITS) {
    this.#limits = limits;
  }

  /** Live (unexpired) subscription of a peer, dropping it if expired. */
  #live(peer: string, now: number): PeerSubscription | undefined {
    const sub = this.#peers.get(peer);
    if (sub && now - sub.lastSeen > this.#limits.ttlMs) {
      this.#peers.delete(peer);
      return undefined;
    }
    return sub;
  }

  subscribe(peer: string, pubsubTopic: string, contentTopics: string[], now: number = Date.now()): FilterOutcome {
    if (contentTopics.length > this.#limits.maxContentTopicsPerRequest) {
      return { statusCode: FILTER_STATUS.badRequest, statusDesc: `too many content topics (max ${this.#limits.maxContentTopicsPerRequest})` };
    }
    const existing = this.#live(peer, now);
    if (!existing && this.peerCount(now) >= this.#limits.maxPeers) {
      return { statusCode: FILTER_STATUS.serviceUnavailable, statusDesc: 'node has reached maximum number of subscriptions' };
    }
    const sub = existing ?? { criteria: new Set<string>(), lastSeen: now };
    const fresh = contentTopics.map((ct) => key(pubsubTopic, ct)).filter((k) => !sub.criteria.has(k));
    if (sub.criteria.size + new Set(fresh).size > this.#limits.maxCriteriaPerPeer) {
      return { statusCode: FILTER_STATUS.serviceUnavailable, statusDesc: 'peer has reached maximum number of filter criteria' };
    }
    fresh.forEach((k) => sub.criteria.add(k));
    sub.lastSeen = now;
    this.#peers.set(peer, sub);
    return OK;
  }

  unsubscribe(peer: string, pubsubTopic: string, contentTopics: string[], now: number = Date.now()): FilterOutcome {
    const sub = this.#live(peer, now);
    if (!sub) return NO_SUBSCRIPTION;
    const keys = contentTopics.map((ct) => key(pubsubTopic, ct));
    if (!keys.some((k) => sub.criteria.has(k))) {
      return { statusCode: FILTER_STATUS.notFound, statusDesc: 'peer has no subscription for these criteria' };
    }
    keys.forEach((k) => sub.criteria.delete(k));
    sub.lastSeen = now;
    if (sub.criteria.size === 0) this.#peers.delete(peer);
    return OK;
  }

  unsubscribeAll(peer: string, now: number = Date.now()): FilterOutcome {
    if (!this.#live(peer, now)) return NO_SUBSCRIPTION;
    this.#peers.delete(peer);
    return OK;
  }

  /** SUBSCRIBER_PING: refreshes the TTL; 404 when the peer has no subscription. */
  ping(peer: string, now: number = Date.now()): FilterOutcome {
    const sub = this.#live(peer, now);
    if (!sub) return NO_SUBSCRIPTION;
    sub.lastSeen = now;
    return OK;
  }

  /** Peers whose live criteria match a message. */
  subscribersFor(pubsubTopic: string, contentTopic: string, now: number = Date.now()): string[] {
    const k = key(pubsubTopic, contentTopic);
    const out: string[] = [];
    for (const peer of [...this.#peers.keys()]) {
      if (this.#live(peer, now)?.criteria.has(k)) out.push(peer);
    }
    return out;
  }

  peerCount(now: number = Date.now()): number {
    this.sweep(now);
    return this.#peers.size;
  }

  /** Drops expired subscriptions; returns how many peers were dropped. */
  sweep(now: number = Date.now()): number {
    let dropped = 0;
    for (const peer of [...this.#peers.keys()]) {
      if (!this.#live(peer, now)) dropped++;
    }
    return dropped;
  }
}
