/**
 * The transport half of the 1:1 stack for one peer (status-protocol.md §2.2 steps 4–7, §2.3
 * steps 2–4): fan-out encryption into a ProtocolMessage with our bundle, topic choice
 * (partitioned or negotiated, §5.3), the signed Waku v1 envelope, and the reverse. Pure given its
 * inputs; returns the updated peer record for the caller to commit with the message.
 */
import {
  buildProtocolMessage,
  contentTopic,
  decryptDhOnly,
  fanOut,
  isSecretAgreed,
  negotiatedChatId,
  partitionedChatId,
  sealAsymmetric,
  sealSymmetric,
  segmentPayload,
  selectEntry,
  sessionDecrypt,
  verifyBundle,
  type RandomSource,
} from '../../protocol/index.ts';
import type { ProtocolMessage } from '../../protocol/generated/protocol_message_pb.ts';
import { currentPreKey, findPreKey, ownBundle, type DeviceRecord } from './device.ts';
import { absorbBundle, findSession, installationInfos, liveSession, withAgreed, withSession, type PeerCrypto } from './peers.ts';
import { symmetricKeyFor } from './topic-keys.ts';

export interface Me {
  readonly privateKey: Uint8Array;
  /** compressed */
  readonly publicKey: Uint8Array;
  readonly device: DeviceRecord;
}

export interface Outbound {
  readonly contentTopic: string;
  readonly payload: Uint8Array;
  readonly peer: PeerCrypto;
  readonly negotiated: boolean;
}

/** Encrypts `plaintext` (an MVDS payload or an AMM) for `peer` and seals it for the wire. */
export function encryptForPeer(me: Me, peer: PeerCrypto, plaintext: Uint8Array, random: RandomSource, now: number): Outbound {
  const p = protocolMessageFor(me, peer, plaintext, random, now);
  return { ...seal(me, peer, p.data, p.agreed, random), peer: p.peer };
}

/**
 * As encryptForPeer, with §7.6 segmentation: a ProtocolMessage above SEGMENT_SIZE leaves as
 * several envelopes on the same topic with the same keys, one per segment.
 */
export function encryptSegmentsForPeer(me: Me, peer: PeerCrypto, plaintext: Uint8Array, random: RandomSource, now: number): { outbound: Outbound[]; peer: PeerCrypto } {
  const p = protocolMessageFor(me, peer, plaintext, random, now);
  return { outbound: segmentPayload(p.data).map((part) => ({ ...seal(me, peer, part, p.agreed, random), peer: p.peer })), peer: p.peer };
}

function protocolMessageFor(me: Me, peer: PeerCrypto, plaintext: Uint8Array, random: RandomSource, now: number): { data: Uint8Array; peer: PeerCrypto; agreed: boolean } {
  const fan = fanOut({
    plaintext,
    identityPrivateKey: me.privateKey,
    theirIdentityKey: peer.identity,
    ownInstallationId: me.device.installationId,
    installations: installationInfos(peer),
    liveSessionFor: (id) => liveSession(peer, id),
    preKeyFor: (id) => peer.installations[id]?.preKey,
    random,
  });
  let next = peer;
  for (const session of Object.values(fan.sessions)) next = withSession(next, session);
  const data = buildProtocolMessage({
    installationId: me.device.installationId,
    bundles: [ownBundle(me.device, me, now)],
    encryptedMessage: fan.encryptedMessage,
  });
  return { data, peer: next, agreed: isSecretAgreed(Object.keys(fan.encryptedMessage), new Set(peer.agreed)) };
}

function seal(me: Me, peer: PeerCrypto, data: Uint8Array, agreed: boolean, random: RandomSource): Omit<Outbound, 'peer'> {
  if (agreed) {
    const topic = negotiatedTopic(me, peer);
    const payload = sealSymmetric({ data, signingKey: me.privateKey, key: symmetricKeyFor(topic), random });
    return { contentTopic: contentTopic(topic), payload, negotiated: true };
  }
  const partitioned = partitionedChatId(peer.identity);
  if (!partitioned.ok) throw new Error(`peer key rejected: ${partitioned.error}`);
  const payload = sealAsymmetric({ data, signingKey: me.privateKey, recipientPublicKey: peer.identity, random });
  return { contentTopic: contentTopic(partitioned.value), payload, negotiated: false };
}

export function negotiatedTopic(me: Me, peer: PeerCrypto): string {
  const topic = negotiatedChatId(me.privateKey, peer.identity);
  if (!topic.ok) throw new Error(`peer key rejected: ${topic.error}`);
  return topic.value;
}

export type InboundError =
  | 'BUNDLE_INVALID'
  | 'NOT_FOR_US'
  | 'FROM_SELF'
  | 'DECRYPT_FAILED';

export interface Inbound {
  /** The encryption layer's output: an MVDS payload or an AMM. */
  readonly plaintext: Uint8Array;
  readonly peer: PeerCrypto;
}

/** §2.3 step 4 for a ProtocolMessage whose transport signer is `peer`. */
export function decryptFromPeer(me: Me, peer: PeerCrypto, pm: ProtocolMessage, random: RandomSource): { ok: true; value: Inbound } | { ok: false; error: InboundError; peer: PeerCrypto } {
  let next = peer;
  for (const bundle of pm.bundles) {
    const verified = verifyBundle(bundle);
    if (!verified.ok) return { ok: false, error: 'BUNDLE_INVALID', peer };
    // Only bundles of the transport signer are about this peer (status-go rejects others' too).
    if (!equal(verified.value.identity, peer.identity)) return { ok: false, error: 'BUNDLE_INVALID', peer };
    next = absorbBundle(next, verified.value, me.device.installationId);
  }
  if (pm.publicMessage.length > 0 && Object.keys(pm.encryptedMessage).length === 0) {
    return { ok: true, value: { plaintext: pm.publicMessage, peer: next } };
  }
  const selected = selectEntry(pm, me.device.installationId);
  if (!selected.ok) return { ok: false, error: 'NOT_FOR_US', peer: next };
  if (selected.value.key === 'none') {
    const plain = decryptDhOnly(selected.value.entry, me.privateKey);
    return plain.ok ? { ok: true, value: { plaintext: plain.value, peer: next } } : { ok: false, error: 'DECRYPT_FAILED', peer: next };
  }
  const theirInstallationId = pm.installationId;
  const decrypted = sessionDecrypt(selected.value.entry, {
    identityPrivateKey: me.privateKey,
    theirIdentityKey: peer.identity,
    theirInstallationId,
    random,
    findSession: (bundleId) => findSession(next, theirInstallationId, bundleId),
    findSignedPreKey: (bundleId) => findPreKey(me.device, bundleId),
  });
  if (!decrypted.ok) return { ok: false, error: 'DECRYPT_FAILED', peer: next };
  next = withAgreed(withSession(next, decrypted.value.session), theirInstallationId);
  return { ok: true, value: { plaintext: decrypted.value.plaintext, peer: next } };
}

/** Our current prekey, for callers that advertise it. */
export const ownPreKeyVersion = (me: Me): number => currentPreKey(me.device).version;

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
