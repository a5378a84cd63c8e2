/**
 * Light push v3 (/vac/waku/lightpush/3.0.0) and legacy v2 (/vac/waku/lightpush/2.0.0-beta1),
 * 19/WAKU2-LIGHTPUSH; status codes as nwaku and @waku/interfaces LightPushStatusCode.
 * Owns request validation and the response shape. A standalone node (no relay peers)
 * still accepts, stores and pushes, and reports relayPeerCount (notes §5).
 */
import { isServedTopic, quoteTopic, validateMessage, type ShardConfig } from './message.ts';
import { LightPushRequestV3, LightPushResponseV3, PushRpc, type WakuMessage } from './proto.ts';
import type { Router } from './router.ts';

export const LIGHTPUSH_STATUS = {
  success: 200,
  badRequest: 400,
  payloadTooLarge: 413,
  invalidMessage: 420,
  unsupportedTopic: 421,
  tooManyRequests: 429,
  internal: 500,
  unavailable: 503,
} as const;

export interface PushOutcome {
  statusCode: number;
  statusDesc: string;
  relayPeerCount?: number;
}

export interface LightPushContext {
  shards: ShardConfig;
  router: Router;
}

/** Validates and ingests one pushed message. */
async function acceptPush(
  ctx: LightPushContext,
  pubsubTopic: string | undefined,
  message: WakuMessage | undefined,
): Promise<PushOutcome> {
  if (!message) return { statusCode: LIGHTPUSH_STATUS.badRequest, statusDesc: 'message missing' };
  if (!pubsubTopic) return { statusCode: LIGHTPUSH_STATUS.badRequest, statusDesc: 'pubsub topic required (static sharding)' };
  if (!isServedTopic(ctx.shards, pubsubTopic)) {
    return { statusCode: LIGHTPUSH_STATUS.unsupportedTopic, statusDesc: `unsupported pubsub topic ${quoteTopic(pubsubTopic)}` };
  }
  const verdict = validateMessage(message);
  if (!verdict.ok) {
    const code = verdict.reason === 'too-large' ? LIGHTPUSH_STATUS.payloadTooLarge : LIGHTPUSH_STATUS.invalidMessage;
    return { statusCode: code, statusDesc: verdict.detail };
  }
  const result = await ctx.router.ingest(pubsubTopic, message, 'lightpush');
  return { statusCode: LIGHTPUSH_STATUS.success, statusDesc: 'OK', relayPeerCount: result.relayPeerCount };
}

export function encodeV3(requestId: string, outcome: PushOutcome): Uint8Array {
  return LightPushResponseV3.encode({ requestId, ...outcome });
}

export function encodeV2(requestId: string, outcome: PushOutcome): Uint8Array {
  const isSuccess = outcome.statusCode === LIGHTPUSH_STATUS.success;
  return PushRpc.encode({ requestId, response: { isSuccess, info: isSuccess ? 'OK' : outcome.statusDesc } });
}

export async function answerV3(ctx: LightPushContext, bytes: Uint8Array): Promise<PushOutcome & { response: Uint8Array }> {
  let req;
  try {
    req = LightPushRequestV3.decode(bytes);
  } catch {
    const outcome = { statusCode: LIGHTPUSH_STATUS.badRequest, statusDesc: 'malformed light push request' };
    return { ...outcome, response: encodeV3('N/A', outcome) };
  }
  const outcome = await acceptPush(ctx, req.pubsubTopic, req.message);
  return { ...outcome, response: encodeV3(req.requestId, outcome) };
}

export async function answerV2(ctx: LightPushContext, bytes: Uint8Array): Promise<PushOutcome & { response: Uint8Array }> {
  let rpc;
  try {
    rpc = PushRpc.decode(bytes);
  } catch {
    const outcome = { statusCode: LIGHTPUSH_STATUS.badRequest, statusDesc: 'malformed light push request' };
    return { ...outcome, response: encodeV2('N/A', outcome) };
  }
  const outcome = rpc.request
    ? await acceptPush(ctx, rpc.request.pubsubTopic, rpc.request.message)
    : { statusCode: LIGHTPUSH_STATUS.badRequest, statusDesc: 'request missing' };
  return { ...outcome, response: encodeV2(rpc.requestId, outcome) };
}
