/**
 * Health of the configured service nodes, as the Network page shows it: connection, which light
 * protocols each peer advertised (learned through identify), and ping round-trip time.
 * Owns only measurement; reacting to it (redial, resubscribe) is the network service's job.
 */
import type { ConnectionState, NetworkStatus, PeerHealth, WakuProtocol } from '$lib/shared/network.ts';
import type { WakuTransport } from './waku-node.ts';
import { peerIdOf } from './multiaddr.ts';

/** Protocol ids a light client needs from a service node (waku-sdk-notes.md §1). */
const CODECS: Readonly<Record<WakuProtocol, readonly string[]>> = {
  lightpush: ['/vac/waku/lightpush/3.0.0', '/vac/waku/lightpush/2.0.0-beta1'],
  filter: ['/vac/waku/filter-subscribe/2.0.0-beta1'],
  store: ['/vac/waku/store-query/3.0.0'],
};

/** How long after start an unconnected node counts as "connecting" rather than "offline". */
const CONNECTING_GRACE_MS = 15_000;
const PING_TIMEOUT_MS = 3_000;

async function peerHealth(transport: WakuTransport, addr: string): Promise<PeerHealth> {
  const peerId = peerIdOf(addr) ?? '';
  const libp2p = transport.node.libp2p;
  const connection = libp2p.getConnections().find((c) => c.remotePeer.toString() === peerId);
  const none = { lightpush: false, filter: false, store: false };
  if (!connection) return { multiaddr: addr, peerId, connected: false, protocols: none, rttMs: null };
  let advertised: string[] = [];
  try {
    advertised = (await libp2p.peerStore.get(connection.remotePeer)).protocols;
  } catch {
    advertised = [];
  }
  const has = (p: WakuProtocol): boolean => CODECS[p].some((codec) => advertised.includes(codec));
  const rttMs = await libp2p.services.ping
    .ping(connection.remotePeer, { signal: AbortSignal.timeout(PING_TIMEOUT_MS) })
    .catch(() => null);
  const protocols = { lightpush: has('lightpush'), filter: has('filter'), store: has('store') };
  return { multiaddr: addr, peerId, connected: true, protocols, rttMs };
}

function overallState(peers: readonly PeerHealth[], serving: Record<WakuProtocol, boolean>, sinceStartMs: number): ConnectionState {
  if (peers.some((p) => p.connected)) {
    return serving.lightpush && serving.filter && serving.store ? 'connected' : 'degraded';
  }
  return sinceStartMs < CONNECTING_GRACE_MS ? 'connecting' : 'offline';
}

export async function measureHealth(transport: WakuTransport, now: number): Promise<NetworkStatus> {
  const peers = await Promise.all(transport.settings.nodes.map((addr) => peerHealth(transport, addr)));
  const serving = {
    lightpush: peers.some((p) => p.protocols.lightpush),
    filter: peers.some((p) => p.protocols.filter),
    store: peers.some((p) => p.protocols.store),
  };
  const state = overallState(peers, serving, now - transport.startedAt);
  return { state, settings: transport.settings, peers, serving, checkedAt: now };
}
