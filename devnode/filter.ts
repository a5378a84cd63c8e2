/**
 * Filter v2 service side (12/WAKU2-FILTER): answers /vac/waku/filter-subscribe/2.0.0-beta1
 * requests and pushes MessagePush{wakuMessage, pubsubTopic} on a new outbound
 * /vac/waku/filter-push/2.0.0-beta1 stream over the subscriber's existing connection
 * (the browser never listens; notes §1). Subscription state lives in filter-subscriptions.ts.
 */
import * as lp from 'it-length-prefixed';
import { peerIdFromString } from '@libp2p/peer-id';
import type { Libp2p } from '@libp2p/interface';
import { CODEC, MAX_OUTBOUND_PUSH_STREAMS } from './config.ts';
import { FILTER_STATUS, type FilterOutcome, type FilterSubscriptions } from './filter-subscriptions.ts';
import type { Logger } from './log.ts';
import { isServedTopic, isValidContentTopic, type ShardConfig } from './message.ts';
import { FilterSubscribeRequest, FilterSubscribeResponse, MessagePush, type WakuMessage } from './proto.ts';

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
  if (!isServedTopic(ctx.shards, req.pubsubTopic)) return bad(`unsupported pubsub topic ${req.pubsubTopic.slice(0, 80)}`);
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

/** Sends MessagePush to each subscriber over its existing connection; never dials. */
export function createFilterPusher(libp2p: Libp2p, log: Logger) {
  const pushOne = async (peer: string, frame: Uint8Array): Promise<void> => {
    const connection = libp2p.getConnections(peerIdFromString(peer)).find((c) => c.status === 'open');
    if (!connection) {
      log.debug(`no connection to subscriber ${peer}; push skipped`);
      return;
    }
    const stream = await connection.newStream(CODEC.filterPush, { maxOutboundStreams: MAX_OUTBOUND_PUSH_STREAMS });
    try {
      await stream.sink([frame]);
      await stream.close();
    } catch (err) {
      stream.abort(err instanceof Error ? err : new Error(String(err)));
      throw err;
    }
  };
  return async (peers: string[], pubsubTopic: string, wakuMessage: WakuMessage): Promise<void> => {
    const frame = lp.encode.single(MessagePush.encode({ wakuMessage, pubsubTopic })).subarray();
    const results = await Promise.allSettled(peers.map((p) => pushOne(p, frame)));
    results.forEach((r, i) => {
      if (r.status === 'rejected') log.warn(`filter push to ${peers[i]} failed:`, r.reason);
    });
  };
}
