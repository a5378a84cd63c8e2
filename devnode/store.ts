/**
 * Store v3 query semantics (/vac/waku/store-query/3.0.0, WAKU2-STORE v3; notes §5):
 * validation, paging over the archive with every page in chronological order,
 * cursor only while more messages remain (nwaku), include_data=false → hashes only.
 * Owns the request → response mapping; framing lives in services.ts, storage in archive.ts.
 */
import type { Archive, ArchivedMessage } from './archive.ts';
import {
  MAX_RESPONSE_FRAME_BYTES,
  STORE_DEFAULT_PAGE_SIZE,
  STORE_MAX_CONTENT_TOPICS,
  STORE_MAX_MESSAGE_HASHES,
  STORE_MAX_PAGE_SIZE,
} from './config.ts';
import { type StoreQueryRequest, StoreQueryResponse, WakuMessage, type WakuMessageKeyValue } from './proto.ts';

export const STORE_STATUS = {
  ok: 200,
  badRequest: 400,
  tooManyRequests: 429,
  internal: 500,
} as const;

export interface StoreAnswer {
  response: Uint8Array;
  statusCode: number;
  statusDesc?: string;
}

/** Protobuf overhead per WakuMessageKeyValue beyond the message bytes (hash, topic, tags). */
const PER_ENTRY_OVERHEAD_BYTES = 128;

export function storeError(requestId: string, statusCode: number, statusDesc: string): Uint8Array {
  return StoreQueryResponse.encode({ requestId, statusCode, statusDesc, messages: [] });
}

function validate(req: StoreQueryRequest): string | undefined {
  if (req.contentTopics.length > STORE_MAX_CONTENT_TOPICS) {
    return `too many content topics (max ${STORE_MAX_CONTENT_TOPICS})`;
  }
  if (req.contentTopics.length > 0 && !req.pubsubTopic) {
    return 'content topics require a pubsub topic';
  }
  const hasFilter = req.contentTopics.length > 0 || req.timeStart !== undefined || req.timeEnd !== undefined;
  if (req.messageHashes.length > 0 && hasFilter) {
    return 'message hash lookup cannot be combined with content filters';
  }
  if (req.messageHashes.length > STORE_MAX_MESSAGE_HASHES) return `too many message hashes (max ${STORE_MAX_MESSAGE_HASHES})`;
  if (req.messageHashes.some((h) => h.byteLength !== 32)) return 'message hashes must be 32 bytes';
  if (req.paginationCursor && req.paginationCursor.byteLength !== 32) return 'cursor must be 32 bytes';
  return undefined;
}

function pageSizeOf(req: StoreQueryRequest): number {
  const asked = Number(req.paginationLimit ?? 0n);
  if (!Number.isFinite(asked) || asked <= 0) return STORE_DEFAULT_PAGE_SIZE;
  return Math.min(asked, STORE_MAX_PAGE_SIZE);
}

/** Keeps rows within the client's frame cap; always at least one row. */
function fitToFrame(rows: ArchivedMessage[]): ArchivedMessage[] {
  let total = 0;
  for (let i = 0; i < rows.length; i++) {
    total += (rows[i]?.encoded.byteLength ?? 0) + PER_ENTRY_OVERHEAD_BYTES;
    if (total > MAX_RESPONSE_FRAME_BYTES && i > 0) return rows.slice(0, i);
  }
  return rows;
}

function toEntry(row: ArchivedMessage, includeData: boolean): WakuMessageKeyValue {
  if (!includeData) return { messageHash: row.hash };
  return { messageHash: row.hash, message: WakuMessage.decode(row.encoded), pubsubTopic: row.pubsubTopic };
}

/** Answers one decoded store query. */
export function answerStoreQuery(archive: Archive, req: StoreQueryRequest): StoreAnswer {
  const fail = (statusDesc: string): StoreAnswer =>
    ({ response: storeError(req.requestId, STORE_STATUS.badRequest, statusDesc), statusCode: STORE_STATUS.badRequest, statusDesc });
  const invalid = validate(req);
  if (invalid) return fail(invalid);
  const cursor = req.paginationCursor ? archive.position(req.paginationCursor) : undefined;
  if (req.paginationCursor && !cursor) return fail('cursor not found');
  const pageSize = pageSizeOf(req);
  const rows = archive.select({
    pubsubTopic: req.pubsubTopic || undefined,
    contentTopics: req.contentTopics,
    timeStart: req.timeStart,
    timeEnd: req.timeEnd,
    hashes: req.messageHashes,
    cursor,
    forward: req.paginationForward,
    limit: pageSize + 1,
  });
  const page = fitToFrame(rows.slice(0, pageSize));
  const more = rows.length > page.length;
  if (!req.paginationForward) page.reverse();
  const edge = req.paginationForward ? page[page.length - 1] : page[0];
  const response = StoreQueryResponse.encode({
    requestId: req.requestId,
    statusCode: STORE_STATUS.ok,
    statusDesc: 'OK',
    messages: page.map((r) => toEntry(r, req.includeData)),
    paginationCursor: more ? edge?.hash : undefined,
  });
  return { response, statusCode: STORE_STATUS.ok };
}
