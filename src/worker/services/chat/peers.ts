/**
 * What this installation knows of a peer's encryption (status-protocol.md §3.2, §4.6, §5.3):
 * their installations and prekeys (from verified bundles), the double-ratchet sessions, and the
 * installations that agreed on the negotiated topic. Pure functions over plain records.
 */
import { bytesEqual } from '$lib/shared/bytes.ts';
import type { InstallationInfo, Session, VerifiedBundle } from '../../protocol/index.ts';

export interface PeerInstallation {
  /** Timestamp (ns) of the newest bundle that listed it. */
  readonly timestamp: bigint;
  readonly preKey: Uint8Array;
  readonly preKeyVersion: number;
  readonly protocolVersion: number;
}

export interface PeerCrypto {
  readonly v: 1;
  /** uncomp(IK) of the peer. */
  readonly identity: Uint8Array;
  readonly installations: Readonly<Record<string, PeerInstallation>>;
  /** Sessions, newest last; several per installation may coexist (§4.6). */
  readonly sessions: readonly Session[];
  /** Installations from which a protocol_version ≥ 1 message decrypted (§5.3). */
  readonly agreed: readonly string[];
}

/** Sessions kept per installation: old ones still decrypt in-flight messages after a rotation. */
const MAX_SESSIONS_PER_INSTALLATION = 4;

export const peerRecordId = (pkHex: string): string => `peer:${pkHex}`;

export function emptyPeer(identity: Uint8Array): PeerCrypto {
  return { v: 1, identity, installations: {}, sessions: [], agreed: [] };
}

/** §3.2 receipt: store each installation's prekey; a newer version replaces an older one. */
export function absorbBundle(peer: PeerCrypto, bundle: VerifiedBundle, ownInstallationId: string): PeerCrypto {
  const installations = { ...peer.installations };
  for (const [id, spk] of Object.entries(bundle.signedPreKeys)) {
    if (id === ownInstallationId) continue;
    const known = installations[id];
    if (known && (known.preKeyVersion > spk.version || known.timestamp > bundle.timestamp)) continue;
    installations[id] = { timestamp: bundle.timestamp, preKey: spk.signedPreKey, preKeyVersion: spk.version, protocolVersion: spk.protocolVersion };
  }
  return { ...peer, installations };
}

export function installationInfos(peer: PeerCrypto): InstallationInfo[] {
  return Object.entries(peer.installations).map(([id, i]) => ({ id, timestamp: i.timestamp, enabled: true }));
}

/** A live session: its bundle id is the installation's current prekey (§4.6). */
export function liveSession(peer: PeerCrypto, installationId: string): Session | undefined {
  const preKey = peer.installations[installationId]?.preKey;
  if (!preKey) return undefined;
  return peer.sessions.findLast((s) => s.theirInstallationId === installationId && bytesEqual(s.bundleId, preKey));
}

export function findSession(peer: PeerCrypto, installationId: string, bundleId: Uint8Array): Session | undefined {
  return peer.sessions.findLast((s) => s.theirInstallationId === installationId && bytesEqual(s.bundleId, bundleId));
}

/** Replaces the session with the same (installation, bundle id), or appends it. */
export function withSession(peer: PeerCrypto, session: Session): PeerCrypto {
  const others = peer.sessions.filter((s) => !(s.theirInstallationId === session.theirInstallationId && bytesEqual(s.bundleId, session.bundleId)));
  const mine = others.filter((s) => s.theirInstallationId === session.theirInstallationId);
  const trimmed = mine.length >= MAX_SESSIONS_PER_INSTALLATION ? others.filter((s) => s !== mine[0]) : others;
  return { ...peer, sessions: [...trimmed, session] };
}

/** §2.3 step 4: after a successful decrypt from an installation with protocol_version ≥ 1. */
export function withAgreed(peer: PeerCrypto, installationId: string): PeerCrypto {
  const info = peer.installations[installationId];
  if (!info || info.protocolVersion < 1 || peer.agreed.includes(installationId)) return peer;
  return { ...peer, agreed: [...peer.agreed, installationId] };
}

export function isPeerCrypto(v: unknown): v is PeerCrypto {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return r['v'] === 1 && r['identity'] instanceof Uint8Array && Array.isArray(r['sessions']) && Array.isArray(r['agreed']);
}
