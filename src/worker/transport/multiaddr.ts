/**
 * Validation of service-node multiaddrs typed by a user or found in config. Owns the rule of what
 * a browser light client can dial: websockets (ws or wss) over TCP, with a /p2p/ peer id.
 */
import { multiaddr } from '@multiformats/multiaddr';
import { err, ok, type Result } from '$lib/shared/result.ts';
import type { NetworkError } from '$lib/shared/api.ts';

/** Upper bound on a pasted multiaddr; real ones are < 200 chars. */
const MAX_MULTIADDR_LENGTH = 512;

export interface ParsedNode {
  readonly multiaddr: string;
  readonly peerId: string;
}

export function parseNodeMultiaddr(input: string): Result<ParsedNode, NetworkError> {
  const text = typeof input === 'string' ? input.trim() : '';
  if (text.length === 0 || text.length > MAX_MULTIADDR_LENGTH) {
    return err('network/invalid_multiaddr', 'length');
  }
  let ma;
  try {
    ma = multiaddr(text);
  } catch {
    return err('network/invalid_multiaddr', 'syntax');
  }
  const names = ma.getComponents().map((c) => c.name);
  if (!names.includes('tcp')) return err('network/invalid_multiaddr', 'tcp');
  if (!names.includes('ws') && !names.includes('wss') && !names.includes('tls')) {
    return err('network/invalid_multiaddr', 'websocket');
  }
  const peerId = ma.getPeerId();
  if (peerId === null || names[names.length - 1] !== 'p2p') return err('network/invalid_multiaddr', 'peer_id');
  return ok({ multiaddr: ma.toString(), peerId });
}

export function peerIdOf(nodeMultiaddr: string): string | null {
  const parsed = parseNodeMultiaddr(nodeMultiaddr);
  return parsed.ok ? parsed.value.peerId : null;
}
