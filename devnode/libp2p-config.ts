/**
 * libp2p construction for the devnode: websockets + TCP on 127.0.0.1, noise,
 * yamux + mplex (mplex is what @waku/sdk speaks, notes §1), identify, ping and the
 * relay service. Owns transport/security choices and the node key (nwaku --nodekey).
 */
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { generateKeyPair, privateKeyFromRaw } from '@libp2p/crypto/keys';
import { identify } from '@libp2p/identify';
import type { PrivateKey } from '@libp2p/interface';
import { mplex } from '@libp2p/mplex';
import { ping } from '@libp2p/ping';
import { tcp } from '@libp2p/tcp';
import { webSockets } from '@libp2p/websockets';
import { createLibp2p } from 'libp2p';
import type { ShardConfig } from './message.ts';
import { relayService } from './relay.ts';

export const AGENT_VERSION = 'parley-devnode';

/**
 * mplex drops a connection after 5 frames per second for streams it no longer knows
 * (a DoS guard). Our filter pushes end with a reset, which can cross a subscriber's own
 * CLOSE; for a loopback dev node, keeping the subscriber connected matters more.
 */
const MPLEX_MISSING_STREAM_FRAMES_PER_SECOND = 1000;

/** Parses a raw secp256k1 private key in hex; random secp256k1 key when absent. */
export async function loadNodeKey(hex: string | undefined): Promise<PrivateKey> {
  if (hex === undefined) return generateKeyPair('secp256k1');
  const clean = hex.startsWith('0x') ? hex.slice(2) : hex;
  if (!/^[0-9a-fA-F]{64}$/.test(clean)) throw new Error('nodekey must be 32 bytes of hex (a raw secp256k1 private key)');
  return privateKeyFromRaw(Uint8Array.from(Buffer.from(clean, 'hex')));
}

type EncrypterFactory = ReturnType<typeof noise>;

/**
 * Noise without early muxer negotiation. @chainsafe/libp2p-noise 16.1.3 lets each
 * side pick the first muxer of the *other* side's list, so a client offering
 * [mplex, yamux] against our [yamux, mplex] ends up with different muxers on each
 * end ("Invalid frame version"). Skipping the extension falls back to
 * multistream-select, where the dialer's preference wins on both ends.
 */
function noiseWithoutEarlyMuxer(): EncrypterFactory {
  const factory = noise();
  return (components) => {
    const inner = factory(components);
    return {
      protocol: inner.protocol,
      secureInbound: (conn, options) => inner.secureInbound(conn, { ...options, skipStreamMuxerNegotiation: true }),
      secureOutbound: (conn, options) => inner.secureOutbound(conn, { ...options, skipStreamMuxerNegotiation: true }),
    };
  };
}

export interface Libp2pSettings {
  privateKey: PrivateKey;
  wsPort: number;
  tcpPort: number;
  shards: ShardConfig;
}

export function buildLibp2p(s: Libp2pSettings) {
  return createLibp2p({
    privateKey: s.privateKey,
    start: false,
    addresses: { listen: [`/ip4/127.0.0.1/tcp/${s.wsPort}/ws`, `/ip4/127.0.0.1/tcp/${s.tcpPort}`] },
    transports: [webSockets(), tcp()],
    connectionEncrypters: [noiseWithoutEarlyMuxer()],
    streamMuxers: [yamux(), mplex({ disconnectThreshold: MPLEX_MISSING_STREAM_FRAMES_PER_SECOND })],
    services: {
      identify: identify({ agentVersion: AGENT_VERSION }),
      ping: ping(),
      relay: relayService(s.shards),
    },
  });
}

export type DevnodeLibp2p = Awaited<ReturnType<typeof buildLibp2p>>;
