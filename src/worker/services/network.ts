/**
 * The network use-case: which service nodes to use (presets, add, remove), the light node built
 * from that choice, and the health loop that drives redials and filter resubscription.
 * Persists choices in the device settings; never touches message contents.
 */
import type { NetworkError } from '$lib/shared/api.ts';
import {
  STATUS_FLEET_PRESET,
  localDevnetPreset,
  type DeploymentConfig,
  type NetworkSettings,
  type NetworkStatus,
  type PresetId,
} from '$lib/shared/network.ts';
import { err, ok, type Result } from '$lib/shared/result.ts';
import { createLogger } from '$lib/shared/log.ts';
import type { EventHub } from '../events.ts';
import type { DeviceSettingsStore } from '../vault/device-settings.ts';
import { measureHealth } from '../transport/health.ts';
import { parseNodeMultiaddr, peerIdOf } from '../transport/multiaddr.ts';
import { WakuTransport } from '../transport/waku-node.ts';
import type { TransportClient } from '../transport/client.ts';

const log = createLogger('network');

/** Health is re-measured this often, and on every connect/disconnect. */
const HEALTH_INTERVAL_MS = 5_000;
/** A tab that comes back to the foreground catches up from store at most this often. */
const RESUME_MIN_MS = 30_000;

export interface NetworkDeps {
  readonly events: EventHub;
  readonly store: DeviceSettingsStore;
  readonly config: DeploymentConfig;
}

export class NetworkService {
  readonly #deps: NetworkDeps;
  #settings: NetworkSettings;
  #transport: WakuTransport | null = null;
  #status: NetworkStatus;
  #timer: ReturnType<typeof setInterval> | null = null;
  #connectedPeers = new Set<string>();
  /** Set on start and whenever a node drops: the next time store is reachable, catch up from it. */
  #needsCatchUp = true;
  #measuring: Promise<NetworkStatus> | null = null;
  #measureAgain = false;
  readonly #clients = new Set<TransportClient>();

  constructor(deps: NetworkDeps, initial: NetworkSettings) {
    this.#deps = deps;
    this.#settings = initial;
    this.#status = stoppedStatus(initial);
  }

  static defaultSettings(config: DeploymentConfig): NetworkSettings {
    return config.defaultPreset === 'local-devnet' ? settingsOf(localDevnetPreset(config.devnetNodes)) : settingsOf(STATUS_FLEET_PRESET);
  }

  get status(): NetworkStatus {
    return this.#status;
  }

  /** Adds a user of the light node; it is attached at once when a node is running. */
  async addClient(client: TransportClient): Promise<void> {
    this.#clients.add(client);
    const t = this.#transport;
    if (!t) return;
    await client.attach(t).catch((e: unknown) => log.warn(`${client.name} attach: ${String(e)}`));
    if (this.#status.serving.store) void client.catchUp();
  }

  removeClient(client: TransportClient): void {
    if (this.#clients.delete(client)) client.detach();
  }

  #forEachClient(action: (c: TransportClient) => Promise<unknown>, what: string): Promise<unknown> {
    return Promise.all([...this.#clients].map((c) => action(c).catch((e: unknown) => log.warn(`${c.name} ${what}: ${String(e)}`))));
  }

  async start(): Promise<void> {
    await this.#restart();
    if (this.#timer === null) this.#timer = setInterval(() => void this.refreshHealth(), HEALTH_INTERVAL_MS);
  }

  /** Stops the light node and the health loop (this tab stood down). */
  async stop(): Promise<void> {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    const old = this.#transport;
    this.#transport = null;
    for (const c of this.#clients) c.detach();
    await old?.stop().catch((e: unknown) => log.warn(`stopping the node failed: ${String(e)}`));
    this.#publish(stoppedStatus(this.#settings));
  }

  async selectPreset(presetId: PresetId): Promise<Result<NetworkSettings, NetworkError>> {
    const preset = presetId === 'local-devnet' ? localDevnetPreset(this.#deps.config.devnetNodes) : STATUS_FLEET_PRESET;
    return this.#apply(settingsOf(preset));
  }

  async addNode(input: string): Promise<Result<NetworkSettings, NetworkError>> {
    const parsed = parseNodeMultiaddr(input);
    if (!parsed.ok) return parsed;
    if (this.#settings.nodes.some((n) => peerIdOf(n) === parsed.value.peerId)) return err('network/duplicate_node');
    return this.#apply({ ...this.#settings, nodes: [...this.#settings.nodes, parsed.value.multiaddr] });
  }

  async removeNode(multiaddr: string): Promise<Result<NetworkSettings, NetworkError>> {
    if (!this.#settings.nodes.includes(multiaddr)) return err('network/unknown_node');
    if (this.#settings.nodes.length === 1) return err('network/last_node');
    return this.#apply({ ...this.#settings, nodes: this.#settings.nodes.filter((n) => n !== multiaddr) });
  }

  /**
   * Measures now. Concurrent callers share one measurement, and a request that arrives during a
   * measurement (say, identify just finished) schedules one more run so no change is missed.
   */
  refreshHealth(): Promise<NetworkStatus> {
    if (this.#measuring) {
      this.#measureAgain = true;
      return this.#measuring;
    }
    this.#measuring = this.#measure().finally(() => {
      this.#measuring = null;
      if (this.#measureAgain) {
        this.#measureAgain = false;
        void this.refreshHealth();
      }
    });
    return this.#measuring;
  }

  async #measure(): Promise<NetworkStatus> {
    const t = this.#transport;
    if (!t) return this.#status;
    const status = await measureHealth(t, Date.now());
    if (t !== this.#transport) return this.#status;
    const connected = new Set(status.peers.filter((p) => p.connected).map((p) => p.peerId));
    const gained = [...connected].some((p) => !this.#connectedPeers.has(p));
    if ([...this.#connectedPeers].some((p) => !connected.has(p))) this.#needsCatchUp = true;
    this.#connectedPeers = connected;
    t.redialMissing(Date.now(), connected, new Map(t.settings.nodes.map((n) => [n, peerIdOf(n) ?? ''])));
    if (gained && status.serving.filter) await this.#forEachClient((c) => c.resubscribe(), 'resubscribe');
    this.#publish(status);
    if (this.#needsCatchUp && status.serving.store) void this.#catchUp();
    return status;
  }

  /**
   * The page became visible again. A hidden or frozen tab may have missed filter pushes (notes
   * §3: filter subscriptions lapse), so catch up from store; at most once per RESUME_MIN_MS.
   */
  resumed(now = Date.now()): void {
    if (now - this.#resumedAt < RESUME_MIN_MS) return;
    this.#resumedAt = now;
    this.#needsCatchUp = true;
    void this.refreshHealth();
  }

  #resumedAt = 0;

  /** The service worker's periodic sync asked the open page for a store check (no rate limit: the browser spaces those hours apart). */
  catchUpRequested(): void {
    log.info('store check asked for by the periodic sync');
    this.#needsCatchUp = true;
    void this.refreshHealth();
  }

  /** Fetches what arrived while we were away (notes §3: filter lapses; store is the safety net). */
  async #catchUp(): Promise<void> {
    this.#needsCatchUp = false;
    const results = await Promise.all([...this.#clients].map((c) => c.catchUp().catch(() => false)));
    if (results.includes(false)) {
      this.#needsCatchUp = true;
      log.warn('a store catch-up failed; retrying on the next health check');
    }
  }

  async #apply(next: NetworkSettings): Promise<Result<NetworkSettings, NetworkError>> {
    this.#settings = next;
    await this.#deps.store.saveNetwork(next);
    await this.#restart();
    return ok(next);
  }

  async #restart(): Promise<void> {
    const old = this.#transport;
    this.#transport = null;
    for (const c of this.#clients) c.detach();
    this.#connectedPeers = new Set();
    this.#needsCatchUp = true;
    await old?.stop().catch((e: unknown) => log.warn(`stopping the old node failed: ${String(e)}`));
    const transport = await WakuTransport.start(this.#settings);
    this.#transport = transport;
    const refresh = (): void => void this.refreshHealth();
    transport.node.libp2p.addEventListener('peer:identify', refresh);
    transport.node.libp2p.addEventListener('peer:disconnect', refresh);
    this.#publish(stoppedStatus(this.#settings, 'connecting'));
    await this.#forEachClient((c) => c.attach(transport), 'attach');
    refresh();
  }

  #publish(status: NetworkStatus): void {
    this.#status = status;
    this.#deps.events.emit({ type: 'network-status', status });
  }
}

function settingsOf(preset: NetworkSettings): NetworkSettings {
  return { presetId: preset.presetId, clusterId: preset.clusterId, shards: [...preset.shards], nodes: [...preset.nodes] };
}

function stoppedStatus(settings: NetworkSettings, state: 'stopped' | 'connecting' = 'stopped'): NetworkStatus {
  const peers = settings.nodes.map((multiaddr) => ({
    multiaddr,
    peerId: peerIdOf(multiaddr) ?? '',
    connected: false,
    protocols: { lightpush: false, filter: false, store: false },
    rttMs: null,
  }));
  return { state, settings, peers, serving: { lightpush: false, filter: false, store: false }, checkedAt: Date.now() };
}
