/**
 * Network configuration shared by the page and the worker: the presets and their data types.
 * Facts from status-protocol.md §10.1 (cluster 16, static shards, the browser-reachable fleet nodes).
 * Pure data; the worker validates anything a user types.
 */

/** Waku static-sharding cluster reserved for Status (§10.1). */
export const STATUS_CLUSTER_ID = 16;
/** Default pubsub shard for 1:1 chats, groups, contact codes and unsharded communities (§10.1). */
export const DEFAULT_SHARD = 32;
/** All shards a Status client may use (§10.1, §9.8). */
export const STATUS_SHARDS: readonly number[] = [32, 64, 128, 256];

export type PresetId = 'status-fleet' | 'local-devnet';

export interface NetworkSettings {
  readonly presetId: PresetId;
  readonly clusterId: number;
  readonly shards: readonly number[];
  /** Service nodes as multiaddrs ending in /p2p/<peer id>. */
  readonly nodes: readonly string[];
}

export interface NetworkPreset extends NetworkSettings {
  readonly label: string;
}

/** The Status `status.prod` nodes reachable from a browser (wss on 443), per §10.1. */
export const STATUS_FLEET_NODES: readonly string[] = [
  '/dns4/boot-01.do-ams3.status.prod.status.im/tcp/443/wss/p2p/16Uiu2HAmAR24Mbb6VuzoyUiGx42UenDkshENVDj4qnmmbabLvo31',
  '/dns4/boot-01.gc-us-central1-a.status.prod.status.im/tcp/443/wss/p2p/16Uiu2HAm8mUZ18tBWPXDQsaF7PbCKYA35z7WB2xNZH2EVq1qS8LJ',
  '/dns4/boot-01.ac-cn-hongkong-c.status.prod.status.im/tcp/443/wss/p2p/16Uiu2HAmGwcE8v7gmJNEWFtZtojYpPMTHy2jBLL6xRk33qgDxFWX',
  '/dns4/store-01.do-ams3.status.prod.status.im/tcp/443/wss/p2p/16Uiu2HAmAUdrQ3uwzuE4Gy4D56hX6uLKEeerJAnhKEHZ3DxF1EfT',
  '/dns4/store-02.do-ams3.status.prod.status.im/tcp/443/wss/p2p/16Uiu2HAm9aDJPkhGxc2SFcEACTFdZ91Q5TJjp76qZEhq9iF59x7R',
  '/dns4/store-01.gc-us-central1-a.status.prod.status.im/tcp/443/wss/p2p/16Uiu2HAmMELCo218hncCtTvC2Dwbej3rbyHQcR8erXNnKGei7WPZ',
  '/dns4/store-02.gc-us-central1-a.status.prod.status.im/tcp/443/wss/p2p/16Uiu2HAmJnVR7ZzFaYvciPVafUXuYGLHPzSUigqAmeNw9nJUVGeM',
  '/dns4/store-01.ac-cn-hongkong-c.status.prod.status.im/tcp/443/wss/p2p/16Uiu2HAm2M7xs7cLPc3jamawkEqbr7cUJX11uvY7LxQ6WFUdUKUT',
  '/dns4/store-02.ac-cn-hongkong-c.status.prod.status.im/tcp/443/wss/p2p/16Uiu2HAm9CQhsuwPR54q27kNj9iaQVfyRzTGKrhFmr94oD8ujU6P',
];

export const STATUS_FLEET_PRESET: NetworkPreset = {
  presetId: 'status-fleet',
  label: 'Status fleet',
  clusterId: STATUS_CLUSTER_ID,
  shards: STATUS_SHARDS,
  nodes: STATUS_FLEET_NODES,
};

/**
 * The local devnet preset. Its node list comes from the origin's `/parley.config.json`, written by
 * `npm start` (or the e2e server) for the devnodes it launched; a deployed build has none.
 */
export function localDevnetPreset(nodes: readonly string[]): NetworkPreset {
  return {
    presetId: 'local-devnet',
    label: 'Local devnet',
    clusterId: STATUS_CLUSTER_ID,
    shards: STATUS_SHARDS,
    nodes,
  };
}

/** Shape of `/parley.config.json`, served from the app's own origin. */
export interface DeploymentConfig {
  readonly defaultPreset: PresetId;
  readonly devnetNodes: readonly string[];
}

export type WakuProtocol = 'lightpush' | 'filter' | 'store';
export const WAKU_PROTOCOLS: readonly WakuProtocol[] = ['lightpush', 'filter', 'store'];

export interface PeerHealth {
  readonly multiaddr: string;
  readonly peerId: string;
  readonly connected: boolean;
  /** Which light-client protocols this peer advertised through identify. */
  readonly protocols: Readonly<Record<WakuProtocol, boolean>>;
  /** Round-trip time of the last libp2p ping, in ms; null when unknown or unreachable. */
  readonly rttMs: number | null;
}

export type ConnectionState = 'stopped' | 'connecting' | 'connected' | 'degraded' | 'offline';

export interface NetworkStatus {
  readonly state: ConnectionState;
  readonly settings: NetworkSettings;
  readonly peers: readonly PeerHealth[];
  /** Protocols for which at least one connected peer is serving. */
  readonly serving: Readonly<Record<WakuProtocol, boolean>>;
  readonly checkedAt: number;
}
