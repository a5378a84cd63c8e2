/**
 * Registers the request/response protocols (metadata, light push v3/v2, filter
 * subscribe, store v3) on libp2p and runs each stream safely: size caps, rate
 * limit (429), error status on anything malformed, a log line for every rejection,
 * and never an uncaught error (notes §5). Protocol semantics live in their modules.
 */
import type { Libp2p, Stream } from '@libp2p/interface';
import type { Archive } from './archive.ts';
import { CODEC, MAX_INBOUND_STREAMS, MAX_REQUEST_FRAME_BYTES } from './config.ts';
import { answerFilter, encodeFilterResponse, type FilterContext } from './filter.ts';
import { FILTER_STATUS } from './filter-subscriptions.ts';
import { answerV2, answerV3, encodeV2, encodeV3, LIGHTPUSH_STATUS, type LightPushContext } from './lightpush.ts';
import type { Logger } from './log.ts';
import type { ShardConfig } from './message.ts';
import { WakuMetadataRequest, WakuMetadataResponse, StoreQueryRequest } from './proto.ts';
import type { RateLimiter } from './rate-limit.ts';
import { answerStoreQuery, storeError, STORE_STATUS } from './store.ts';
import { closeQuietly, readRequest, writeResponse } from './stream-io.ts';

/** Status codes every Waku req-resp protocol here shares (light push, filter, store). */
const BAD_REQUEST = 400;
const TOO_MANY_REQUESTS = 429;
const INTERNAL_ERROR = 500;

export interface Answer {
  response: Uint8Array;
  statusCode: number;
  statusDesc?: string;
}

interface ReqRespService {
  codec: string;
  answer(bytes: Uint8Array, peer: string): Promise<Answer> | Answer;
  /** Error response with a status code, for 413/429/500 decided outside `answer`. */
  reject(statusCode: number, statusDesc: string): Uint8Array;
  tooLargeStatus: number;
}

export interface ServiceDeps extends LightPushContext, FilterContext {
  archive: Archive;
  shards: ShardConfig;
  log: Logger;
  limiter?: RateLimiter;
}

/** One inbound request stream and what it needs to be answered. */
interface Exchange {
  svc: ReqRespService;
  stream: Stream;
  peer: string;
  log: Logger;
}

async function respond(x: Exchange, answer: Answer): Promise<void> {
  const line = `${x.svc.codec} from ${x.peer}: ${answer.statusCode}`;
  if (answer.statusCode >= 300) x.log.warn(`${line} ${answer.statusDesc ?? ''}`);
  else x.log.debug(line);
  await writeResponse(x.stream, answer.response);
}

function reply(x: Exchange, statusCode: number, statusDesc: string): Promise<void> {
  return respond(x, { response: x.svc.reject(statusCode, statusDesc), statusCode, statusDesc });
}

async function answerSafely(x: Exchange, bytes: Uint8Array): Promise<Answer> {
  try {
    return await x.svc.answer(bytes, x.peer);
  } catch (err) {
    x.log.error(`${x.svc.codec} from ${x.peer}: internal error`, err);
    return { response: x.svc.reject(INTERNAL_ERROR, 'internal error'), statusCode: INTERNAL_ERROR, statusDesc: 'internal error' };
  }
}

async function runStream(x: Exchange, limiter: RateLimiter | undefined): Promise<void> {
  const read = await readRequest(x.stream, MAX_REQUEST_FRAME_BYTES);
  switch (read.kind) {
    case 'closed':
      return closeQuietly(x.stream); // pre-opened stream closed without a request: fine
    case 'failed':
      x.log.warn(`${x.svc.codec} from ${x.peer}: unreadable request`, read.error);
      x.stream.abort(new Error('unreadable request'));
      return;
    case 'too-large':
      return reply(x, x.svc.tooLargeStatus, `request exceeds ${MAX_REQUEST_FRAME_BYTES} bytes`);
    case 'truncated':
      return reply(x, BAD_REQUEST, 'stream ended inside a frame');
  }
  if (limiter && !limiter.allow(x.peer)) return reply(x, TOO_MANY_REQUESTS, 'too many requests');
  await respond(x, await answerSafely(x, read.bytes));
}

function serve(libp2p: Libp2p, svc: ReqRespService, deps: ServiceDeps): Promise<void> {
  return libp2p.handle(svc.codec, ({ stream, connection }) => {
    const peer = connection.remotePeer.toString();
    runStream({ svc, stream, peer, log: deps.log }, deps.limiter).catch((err: unknown) => {
      deps.log.warn(`${svc.codec} from ${peer} failed:`, err);
      stream.abort(err instanceof Error ? err : new Error(String(err)));
    });
  }, { maxInboundStreams: MAX_INBOUND_STREAMS });
}

function metadataService(deps: ServiceDeps): ReqRespService {
  const ours = (): Uint8Array => WakuMetadataResponse.encode({ clusterId: deps.shards.clusterId, shards: [...deps.shards.shards] });
  return {
    codec: CODEC.metadata,
    tooLargeStatus: BAD_REQUEST,
    reject: () => ours(),
    answer: (bytes, peer) => {
      try {
        const req = WakuMetadataRequest.decode(bytes);
        if (req.clusterId !== undefined && req.clusterId !== deps.shards.clusterId) {
          deps.log.warn(`metadata: peer ${peer} is on cluster ${req.clusterId}, we serve ${deps.shards.clusterId}`);
        }
      } catch {
        deps.log.warn(`metadata: malformed request from ${peer}`);
      }
      return { response: ours(), statusCode: 200 };
    },
  };
}

function buildServices(deps: ServiceDeps): ReqRespService[] {
  return [
    metadataService(deps),
    {
      codec: CODEC.lightPushV3,
      tooLargeStatus: LIGHTPUSH_STATUS.payloadTooLarge,
      reject: (statusCode, statusDesc) => encodeV3('N/A', { statusCode, statusDesc }),
      answer: (bytes) => answerV3(deps, bytes),
    },
    {
      codec: CODEC.lightPushV2,
      tooLargeStatus: LIGHTPUSH_STATUS.payloadTooLarge,
      reject: (statusCode, statusDesc) => encodeV2('N/A', { statusCode, statusDesc }),
      answer: (bytes) => answerV2(deps, bytes),
    },
    {
      codec: CODEC.filterSubscribe,
      tooLargeStatus: FILTER_STATUS.badRequest,
      reject: (statusCode, statusDesc) => encodeFilterResponse('N/A', { statusCode, statusDesc }),
      answer: (bytes, peer) => answerFilter(deps, bytes, peer),
    },
    {
      codec: CODEC.store,
      tooLargeStatus: STORE_STATUS.badRequest,
      reject: (statusCode, statusDesc) => storeError('N/A', statusCode, statusDesc),
      answer: (bytes) => answerStore(deps.archive, bytes),
    },
  ];
}

function answerStore(archive: Archive, bytes: Uint8Array): Answer {
  let req;
  try {
    req = StoreQueryRequest.decode(bytes);
  } catch {
    const statusDesc = 'malformed store request';
    return { response: storeError('N/A', STORE_STATUS.badRequest, statusDesc), statusCode: STORE_STATUS.badRequest, statusDesc };
  }
  return answerStoreQuery(archive, req);
}

export async function registerServices(libp2p: Libp2p, deps: ServiceDeps): Promise<void> {
  for (const svc of buildServices(deps)) await serve(libp2p, svc, deps);
}
