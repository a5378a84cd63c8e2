/**
 * Composition root of the devnode: builds libp2p (websockets + TCP on 127.0.0.1,
 * noise, mplex + yamux, identify, ping, relay), the archive, filter registry and
 * router, registers the Waku protocols and keeps `--peer` connections up.
 * Exposes `startDevnode`, used by main.ts and by tests in-process (notes §5, §7).
 */
import { multiaddr } from '@multiformats/multiaddr';
import { Archive, type RetentionPolicy } from './archive.ts';
import {
  DEFAULT_CLUSTER_ID, DEFAULT_RETENTION_MAX_AGE_MS, DEFAULT_RETENTION_MAX_COUNT, DEFAULT_SHARDS,
  FILTER_SWEEP_INTERVAL_MS, PEER_REDIAL_INTERVAL_MS, RETENTION_INTERVAL_MS,
} from './config.ts';
import { createFilterPusher } from './filter.ts';
import { DEFAULT_FILTER_LIMITS, FilterSubscriptions, type FilterLimits } from './filter-subscriptions.ts';
import { createLogger, stderrSink, type Logger, type LogSink } from './log.ts';
import { shardTopic, type ShardConfig } from './message.ts';
import { RateLimiter } from './rate-limit.ts';
import { buildLibp2p, loadNodeKey, type DevnodeLibp2p } from './libp2p-config.ts';
import { startRelay } from './relay.ts';
import { Router } from './router.ts';
import { registerServices } from './services.ts';

export interface DevnodeOptions {
  /** Websocket port on 127.0.0.1; 0 = ephemeral. */
  wsPort?: number;
  /** TCP port on 127.0.0.1 (for Go peers); 0 = ephemeral. */
  tcpPort?: number;
  /** Raw secp256k1 private key, hex (as nwaku --nodekey). Random when absent. */
  nodeKey?: string;
  /** SQLite path; default in-memory. */
  db?: string;
  /** Multiaddrs of other relay nodes to dial and keep dialing. */
  peers?: string[];
  clusterId?: number;
  shards?: number[];
  retention?: Partial<RetentionPolicy>;
  filterLimits?: Partial<FilterLimits>;
  /** Per-peer request budget across light push, filter and store (429 beyond it). */
  rateLimit?: { maxRequests: number; windowMs: number };
  logSink?: LogSink;
}

export interface Devnode {
  wsMultiaddr: string;
  tcpMultiaddr: string;
  peerId: string;
  /** Gossipsub mesh peers (peer id strings) on a pubsub topic; default: first shard. */
  relayMeshPeers(pubsubTopic?: string): string[];
  stop(): Promise<void>;
}

/**
 * Dials each `--peer` now and again whenever it is not connected. The peer id comes
 * from the multiaddr's /p2p/ part or, failing that, from the first successful dial,
 * so an address without /p2p/ is not dialled again while connected.
 */
function keepPeersConnected(libp2p: DevnodeLibp2p, peers: string[], log: Logger): NodeJS.Timeout {
  const targets = peers.map((p) => ({ ma: multiaddr(p), id: multiaddr(p).getPeerId() ?? undefined, dialling: false }));
  const connected = (id: string | undefined): boolean =>
    id !== undefined && libp2p.getConnections().some((c) => c.remotePeer.toString() === id && c.status === 'open');
  const tick = (): void => {
    for (const t of targets) {
      if (t.dialling || connected(t.id)) continue;
      t.dialling = true;
      libp2p.dial(t.ma)
        .then((conn) => {
          t.id = conn.remotePeer.toString();
          log.info(`connected to relay peer ${t.ma.toString()}`);
        }, (err: unknown) => log.debug(`dial ${t.ma.toString()} failed`, err))
        .finally(() => { t.dialling = false; });
    }
  };
  tick();
  const timer = setInterval(tick, PEER_REDIAL_INTERVAL_MS);
  timer.unref();
  return timer;
}

function findAddr(addrs: string[], ws: boolean): string {
  const found = addrs.find((a) => a.includes('/ws/') === ws);
  if (!found) throw new Error(`no ${ws ? 'websocket' : 'tcp'} listen address`);
  return found;
}

interface ResolvedConfig {
  shards: ShardConfig;
  retention: RetentionPolicy;
  filterLimits: FilterLimits;
}

function resolveConfig(opts: DevnodeOptions): ResolvedConfig {
  const shards = opts.shards ?? DEFAULT_SHARDS;
  if (shards.length === 0) throw new Error('at least one shard is required');
  return {
    shards: { clusterId: opts.clusterId ?? DEFAULT_CLUSTER_ID, shards },
    retention: {
      maxAgeMs: opts.retention?.maxAgeMs ?? DEFAULT_RETENTION_MAX_AGE_MS,
      maxCount: opts.retention?.maxCount ?? DEFAULT_RETENTION_MAX_COUNT,
    },
    filterLimits: { ...DEFAULT_FILTER_LIMITS, ...opts.filterLimits },
  };
}

/** Periodic housekeeping: retention and subscription expiry; never throws into the loop. */
function startHousekeeping(deps: { archive: Archive; subscriptions: FilterSubscriptions; cfg: ResolvedConfig; log: Logger }): NodeJS.Timeout[] {
  const { archive, subscriptions, cfg, log } = deps;
  const retain = (): void => {
    try {
      const deleted = archive.applyRetention(cfg.retention);
      if (deleted) log.info(`retention removed ${deleted} messages`);
    } catch (err) {
      log.error('retention failed', err);
    }
  };
  retain();
  const timers = [setInterval(retain, RETENTION_INTERVAL_MS), setInterval(() => subscriptions.sweep(), FILTER_SWEEP_INTERVAL_MS)];
  timers.forEach((t) => t.unref());
  return timers;
}

export async function startDevnode(opts: DevnodeOptions = {}): Promise<Devnode> {
  const log = createLogger('devnode', opts.logSink ?? stderrSink());
  const cfg = resolveConfig(opts);
  const privateKey = await loadNodeKey(opts.nodeKey);
  const libp2p = await buildLibp2p({ privateKey, wsPort: opts.wsPort ?? 0, tcpPort: opts.tcpPort ?? 0, shards: cfg.shards });
  const archive = new Archive(opts.db ?? ':memory:');
  const subscriptions = new FilterSubscriptions(cfg.filterLimits);
  const router = new Router({ archive, subscriptions, pushToPeers: createFilterPusher(libp2p, log.child('filter')), log: log.child('router') });
  const limiter = new RateLimiter(opts.rateLimit?.maxRequests, opts.rateLimit?.windowMs);
  try {
    await registerServices(libp2p, { archive, shards: cfg.shards, router, subscriptions, log: log.child('rpc'), limiter });
    await libp2p.start();
  } catch (err) {
    archive.close();
    throw err;
  }
  router.attachRelay(startRelay(libp2p.services.relay, { shards: cfg.shards, router, log: log.child('relay') }));
  const timers = [
    keepPeersConnected(libp2p, opts.peers ?? [], log.child('peers')),
    ...startHousekeeping({ archive, subscriptions, cfg, log: log.child('housekeeping') }),
  ];
  return describeNode(libp2p, cfg.shards, async () => {
    timers.forEach((t) => clearInterval(t));
    await libp2p.stop();
    archive.close();
  });
}

function describeNode(libp2p: DevnodeLibp2p, shards: ShardConfig, shutdown: () => Promise<void>): Devnode {
  const addrs = libp2p.getMultiaddrs().map((a) => a.toString());
  let stopping: Promise<void> | undefined;
  return {
    wsMultiaddr: findAddr(addrs, true),
    tcpMultiaddr: findAddr(addrs, false),
    peerId: libp2p.peerId.toString(),
    relayMeshPeers: (topic = shardTopic(shards.clusterId, shards.shards[0] ?? 0)) =>
      libp2p.services.relay.getMeshPeers(topic),
    stop: () => (stopping ??= shutdown()),
  };
}
