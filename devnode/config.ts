/**
 * Devnode configuration: defaults and protocol limits, each named with its reason.
 * Owns no behaviour. Follows shared/spec/waku-sdk-notes.md §2 (Status fleet network)
 * and §5 (service node duties); limits mirror nwaku where nwaku has one.
 */

/** Status fleet network (notes §2): cluster 16, static shards. */
export const DEFAULT_CLUSTER_ID = 16;
export const DEFAULT_SHARDS: readonly number[] = [32, 64, 128, 256];

/** nwaku MaxWakuMessageSize: 150 KiB. Applied to the payload, as the brief asks. */
export const MAX_PAYLOAD_BYTES = 150 * 1024;
/** 14/WAKU2-MESSAGE: the meta attribute MUST NOT exceed 64 bytes. */
export const MAX_META_BYTES = 64;
/** Largest request frame we read at all; beyond this we answer "too large" without decoding. */
export const MAX_REQUEST_FRAME_BYTES = 1024 * 1024;
/** it-length-prefixed's default read cap on the client is 4 MiB; keep store responses below it. */
export const MAX_RESPONSE_FRAME_BYTES = 4 * 1024 * 1024 - 64 * 1024;
/** Idle pre-opened streams (the SDK opens them early) are reset after this long without a request. */
export const STREAM_IDLE_TIMEOUT_MS = 5 * 60_000;
/** After answering, how long the peer may keep its side of a request stream open before a reset. */
export const REMOTE_CLOSE_TIMEOUT_MS = 10_000;
/** Protocol id strings are at most this long in our checks (content/pubsub topics). */
export const MAX_TOPIC_LENGTH = 512;

/** Filter v2 (nwaku waku_filter_v2): subscription TTL and limits. */
export const FILTER_SUBSCRIPTION_TTL_MS = 5 * 60_000;
export const FILTER_MAX_CONTENT_TOPICS_PER_REQUEST = 100;
export const FILTER_MAX_CRITERIA_PER_PEER = 1000;
export const FILTER_MAX_PEERS = 100;
export const FILTER_SWEEP_INTERVAL_MS = 30_000;
/** Pushes queued for one subscriber before new ones are dropped (a stalled client must not grow memory). */
export const FILTER_MAX_PUSH_BACKLOG = 1000;

/** Store v3 (nwaku waku_store/common.nim). */
export const STORE_DEFAULT_PAGE_SIZE = 20;
export const STORE_MAX_PAGE_SIZE = 100;
export const STORE_MAX_CONTENT_TOPICS = 10;
/** Hash lookups per query; keeps SQL parameter lists far below SQLite's 32766 limit. */
export const STORE_MAX_MESSAGE_HASHES = 1000;
/** Retention defaults: Status store nodes keep 30 days. */
export const DEFAULT_RETENTION_MAX_AGE_MS = 30 * 24 * 3600_000;
export const DEFAULT_RETENTION_MAX_COUNT = 1_000_000;
export const RETENTION_INTERVAL_MS = 60_000;

/** Per-peer request rate limit shared by light push, filter and store (answers 429). */
export const RATE_LIMIT_WINDOW_MS = 1000;
export const RATE_LIMIT_MAX_REQUESTS = 200;

/** Recently seen message hashes, so one message is stored and pushed once. */
export const SEEN_CACHE_SIZE = 50_000;

/** How often we re-dial `--peer` addresses that are not connected. */
export const PEER_REDIAL_INTERVAL_MS = 2000;

/** Protocol ids (notes §1). */
export const CODEC = {
  metadata: '/vac/waku/metadata/1.0.0',
  lightPushV3: '/vac/waku/lightpush/3.0.0',
  lightPushV2: '/vac/waku/lightpush/2.0.0-beta1',
  filterSubscribe: '/vac/waku/filter-subscribe/2.0.0-beta1',
  filterPush: '/vac/waku/filter-push/2.0.0-beta1',
  store: '/vac/waku/store-query/3.0.0',
  relay: '/vac/waku/relay/2.0.0',
} as const;

/** Per-connection inbound stream cap for our request/response protocols. */
export const MAX_INBOUND_STREAMS = 64;
/** How long a finished filter-push stream waits for the subscriber's CLOSE before a reset (filter.ts). */
export const PUSH_CLOSE_GRACE_MS = 20;
/** Outbound filter-push streams per connection. */
export const MAX_OUTBOUND_PUSH_STREAMS = 64;
