/**
 * Filter v2 service side (12/WAKU2-FILTER): answers /vac/waku/filter-subscribe/2.0.0-beta1
 * requests and pushes MessagePush{wakuMessage, pubsubTopic} on a new outbound
 * /vac/waku/filter-push/2.0.0-beta1 stream over the subscriber's existing connection
 * (the browser never listens; notes §1). Subscription state lives in filter-subscriptions.ts.
 */
import * as lp from 'it-length-prefixed';
import { peerIdFromString } from '@libp2p/peer-id';
import type { Libp2p } from '@libp2p/interface';
import { CODEC, FILTER_MAX_PUSH_BACKLOG, MAX_OUTBOUND_PUSH_STREAMS, PUSH_CLOSE_GRACE_MS } from './config.ts';
import { FILTER_STATUS, type FilterOutcome, type FilterSubscriptions } from './filter-subscriptions.ts';
import type { Logger } from './log.ts';
import { isServedTopic, isValidContentTopic, quoteTopic, type ShardConfig } from './message.ts';
import { FilterSubscribeRequest, FilterSubscribeResponse, MessagePush, type WakuMessage } from './proto.ts';
import { awaitRemoteClose } from './stream-io.ts';

const TYPE = FilterSubscribeRequest.FilterSubscribeType;

export interface FilterContext {
  shards: ShardConfig;
  subscriptions: FilterSubscriptions;
}

export function encodeFilterResponse(requestId: string, outcome: FilterOutcome): Uint8Array {
  return FilterSubscribeResponse.encode({ requestId, ...outcome });
}

function checkCriteria(ctx: FilterContext, req: FilterSubscribeRequest): FilterOutcome | undefined {
  const bad = (statusDesc: string): FilterOutcome => ({ statusCode: FILTER_STATUS.badRequest, statusDesc });
  if (!req.pubsubTopic || req.contentTopics.length === 0) return bad('pubsub topic and content topics required');
  if (!isServedTopic(ctx.shards, req.pubsubTopic)) return bad(`unsupported pubsub topic ${quoteTopic(req.pubsubTopic)}`);
  if (!req.contentTopics.every(isValidContentTopic)) return bad('invalid content topic');
  return undefined;
}

function dispatch(ctx: FilterContext, req: FilterSubscribeRequest, peer: string): FilterOutcome {
  const subs = ctx.subscriptions;
  switch (req.filterSubscribeType) {
    case TYPE.SUBSCRIBER_PING:
      return subs.ping(peer);
    case TYPE.UNSUBSCRIBE_ALL:
      return subs.unsubscribeAll(peer);
    case TYPE.SUBSCRIBE:
    case TYPE.UNSUBSCRIBE: {
      const invalid = checkCriteria(ctx, req);
      if (invalid) return invalid;
      const topic = req.pubsubTopic ?? '';
      return req.filterSubscribeType === TYPE.SUBSCRIBE
        ? subs.subscribe(peer, topic, req.contentTopics)
        : subs.unsubscribe(peer, topic, req.contentTopics);
    }
    default:
      return { statusCode: FILTER_STATUS.badRequest, statusDesc: 'unknown filter request type' };
  }
}

export function answerFilter(ctx: FilterContext, bytes: Uint8Array, peer: string): FilterOutcome & { response: Uint8Array } {
  let req: FilterSubscribeRequest;
  try {
    req = FilterSubscribeRequest.decode(bytes);
  } catch {
    const outcome = { statusCode: FILTER_STATUS.badRequest, statusDesc: 'malformed filter request' };
    return { ...outcome, response: encodeFilterResponse('N/A', outcome) };
  }
  const outcome = dispatch(ctx, req, peer);
  return { ...outcome, response: encodeFilterResponse(req.requestId, outcome) };
}

async function pushOne({ libp2p, peer, frame, log }: { libp2p: Libp2p; peer: string; frame: Uint8Array; log: Logger }): Promise<void> {
  const connection = libp2p.getConnections(peerIdFromString(peer)).find((c) => c.status === 'open');
  if (!connection) {
    log.debug(`subscriber ${peer} is offline; push skipped until its subscription expires`);
    return;
  }
  const stream = await connection.newStream(CODEC.filterPush, { maxOutboundStreams: MAX_OUTBOUND_PUSH_STREAMS });
  try {
    await stream.sink([frame]); // sends the frame, then CLOSE (our write side)
    // The SDK never closes its side of a push stream, and half-open streams count
    // against its inbound limit (100): past it, it refuses new pushes. So a stream the
    // peer has not closed shortly after our CLOSE is reset. Waiting a little first
    // lets well-behaved peers close normally: a reset reaching a peer that already
    // closed is a frame for an unknown stream, and mplex drops the connection after 5.
    void awaitRemoteClose(stream, PUSH_CLOSE_GRACE_MS);
  } catch (err) {
    stream.abort(err instanceof Error ? err : new Error(String(err)));
    throw err;
  }
}

/**
 * Sends MessagePush to each subscriber over its existing connection; never dials.
 * Pushes to one peer are serialized: delivery keeps arrival order and a burst never
 * exceeds the per-connection stream limit. A peer's backlog is capped; beyond it,
 * pushes are dropped with a warning (the client catches up from store).
 */
export function createFilterPusher(libp2p: Libp2p, log: Logger) {
  const queues = new Map<string, { tail: Promise<void>; pending: number }>();
  const enqueue = (peer: string, frame: Uint8Array): Promise<void> => {
    const q = queues.get(peer) ?? { tail: Promise.resolve(), pending: 0 };
    if (q.pending >= FILTER_MAX_PUSH_BACKLOG) {
      log.warn(`filter push backlog full for ${peer}; message dropped`);
      return Promise.resolve();
    }
    q.pending++;
    q.tail = q.tail
      .then(() => pushOne({ libp2p, peer, frame, log }))
      .catch((err: unknown) => log.warn(`filter push to ${peer} failed:`, err))
      .finally(() => {
        if (--q.pending === 0) queues.delete(peer);
      });
    queues.set(peer, q);
    return q.tail;
  };
  return async (peers: string[], pubsubTopic: string, wakuMessage: WakuMessage): Promise<void> => {
    const frame = lp.encode.single(MessagePush.encode({ wakuMessage, pubsubTopic })).subarray();
    await Promise.all(peers.map((p) => enqueue(p, frame)));
  };
}
