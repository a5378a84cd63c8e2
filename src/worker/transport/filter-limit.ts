/**
 * Keeps every filter SUBSCRIBE / UNSUBSCRIBE request of the SDK at or under the service node's
 * content-topic limit (nwaku and our devnode refuse more than 100 per request with 400).
 *
 * Why here and not in the caller: @waku/sdk 0.0.36 keeps ONE subscription per pubsub topic and,
 * besides the first subscribe of new topics, re-sends ALL its content topics in a single request
 * whenever it (re)subscribes a peer: on a filter peer connecting (`onPeerConnected`), on an active
 * peer disconnecting (`onPeerDisconnected`), and when the keep-alive replaces a peer after failed
 * pings (`attemptSubscribe({ useNewContentTopics: false })` → `FilterCore.subscribe(all topics)`).
 * Chunking our own `filter.subscribe` calls therefore does not help once more than 100 topics are
 * registered: the first renewal is refused and the light node silently stops receiving. All of
 * those paths go through the one `FilterCore` instance of `node.filter`, so this module wraps its
 * `subscribe` / `unsubscribe` to split any request into sequential requests of ≤ `max` topics
 * (SUBSCRIBE is additive per peer on the service side, so the union is the same subscription).
 *
 * Owns: request splitting and a direct renewal of all topics towards the connected filter peers.
 * Does not own: which topics we listen on (services) or message dispatch (the SDK).
 */
import { FilterCodecs } from '@waku/core';
import type { LightNode } from '@waku/sdk';

type PeerId = NonNullable<Parameters<LightNode['libp2p']['getConnections']>[0]>;

/** nwaku `MaxContentTopicsPerRequest`; devnode FILTER_MAX_CONTENT_TOPICS_PER_REQUEST. */
export const FILTER_MAX_TOPICS_PER_REQUEST = 100;

interface CoreResponse {
  readonly failure: unknown;
  readonly success: unknown;
}

type TopicsRequest = (pubsubTopic: string, peerId: PeerId, contentTopics: string[]) => Promise<CoreResponse>;

/** The parts of the SDK's FilterCore this module relies on (checked at run time). */
interface FilterCoreLike {
  subscribe: TopicsRequest;
  unsubscribe: TopicsRequest;
  [LIMITED]?: number;
}

const LIMITED = Symbol('parley.filterLimit');

export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** One request of any size → sequential requests of ≤ max topics; the first failure wins. */
export function splitRequests(send: TopicsRequest, max: number): TopicsRequest {
  return async (pubsubTopic, peerId, contentTopics) => {
    if (contentTopics.length <= max) return send(pubsubTopic, peerId, contentTopics);
    let last: CoreResponse | undefined;
    for (const part of chunk(contentTopics, max)) {
      last = await send(pubsubTopic, peerId, part);
      if (last.failure) return last;
    }
    return last!;
  };
}

function filterCore(node: LightNode): FilterCoreLike | undefined {
  const core = (node.filter as unknown as { protocol?: Partial<FilterCoreLike> } | undefined)?.protocol;
  return core && typeof core.subscribe === 'function' && typeof core.unsubscribe === 'function' ? (core as FilterCoreLike) : undefined;
}

/**
 * Installs the splitting on `node.filter` (idempotent). Returns false when the SDK no longer has
 * the shape this relies on; the caller logs that, since subscriptions past `max` would then fail.
 */
export function limitFilterRequests(node: LightNode, max = FILTER_MAX_TOPICS_PER_REQUEST): boolean {
  const core = filterCore(node);
  if (!core) return false;
  if (core[LIMITED] === max) return true;
  core.subscribe = splitRequests(core.subscribe.bind(core), max);
  core.unsubscribe = splitRequests(core.unsubscribe.bind(core), max);
  core[LIMITED] = max;
  return true;
}

/**
 * Sends SUBSCRIBE for `contentTopics` (split as above) to every connected peer that serves filter.
 * The SDK only re-sends after it sees a peer (re)connect, which can miss a service node that lost
 * our subscription while the connection stayed up (a restart between pings; upstream #2784).
 * Returns how many peers accepted every request.
 */
export async function renewFilterSubscriptions(node: LightNode, pubsubTopic: string, contentTopics: readonly string[]): Promise<number> {
  const core = filterCore(node);
  if (!core || contentTopics.length === 0) return 0;
  const subscribe = splitRequests(core.subscribe.bind(core), FILTER_MAX_TOPICS_PER_REQUEST);
  const peers = new Map<string, PeerId>();
  for (const c of node.libp2p.getConnections()) if (c.status === 'open') peers.set(c.remotePeer.toString(), c.remotePeer);
  let accepted = 0;
  for (const peer of peers.values()) {
    const known = await node.libp2p.peerStore.get(peer).catch(() => undefined);
    if (!known?.protocols.includes(FilterCodecs.SUBSCRIBE)) continue;
    const r = await subscribe(pubsubTopic, peer, [...contentTopics]).catch(() => ({ failure: true, success: null }));
    if (!r.failure) accepted++;
  }
  return accepted;
}
