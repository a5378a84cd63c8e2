/**
 * Which content topics the open profile listens on (status-protocol.md §5.4) and with which key
 * each is opened: own partitioned (ECIES), own contact code and every peer's contact code
 * (symmetric, public), and the negotiated topic with every peer we have a chat with (symmetric).
 */
import { hexToBytes } from '$lib/shared/bytes.ts';
import { contactCodeChatId, contentTopic, partitionedChatId } from '../../protocol/index.ts';
import type { TopicKey } from './receiver.ts';
import { prepareTopicKeys, symmetricKeyFor } from './topic-keys.ts';
import { negotiatedTopic, type Me } from './wire.ts';
import { emptyPeer } from './peers.ts';

export type TopicMap = Map<string, TopicKey>;

function must<T>(r: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!r.ok) throw new Error(`invalid key: ${r.error}`);
  return r.value;
}

/** The content topic of a contact code alone (no key derivation). */
export function contactCodeContentTopic(identity: Uint8Array): string {
  return contentTopic(must(contactCodeChatId(identity)));
}

export function contactCodeTopic(identity: Uint8Array): { contentTopic: string; key: Uint8Array } {
  const id = must(contactCodeChatId(identity));
  return { contentTopic: contentTopic(id), key: symmetricKeyFor(id) };
}

/** The topic map; the symmetric keys it needs are derived first, natively and together. */
export async function topicsFor(me: Me, ownIdentity: Uint8Array, peers: readonly string[]): Promise<TopicMap> {
  const symmetric = [must(contactCodeChatId(ownIdentity))];
  for (const pkHex of peers) {
    const identity = hexToBytes(pkHex);
    symmetric.push(must(contactCodeChatId(identity)), negotiatedTopic(me, emptyPeer(identity)));
  }
  await prepareTopicKeys(symmetric);
  const topics: TopicMap = new Map();
  topics.set(contentTopic(must(partitionedChatId(ownIdentity))), { kind: 'asymmetric' });
  for (const id of symmetric) topics.set(contentTopic(id), { kind: 'symmetric', key: symmetricKeyFor(id) });
  return topics;
}

/** The topics that carry one chat's messages to us: the negotiated topic and our partitioned topic. */
export function chatTopics(me: Me, ownIdentity: Uint8Array, pkHex: string): string[] {
  const negotiated = negotiatedTopic(me, emptyPeer(hexToBytes(pkHex)));
  return [contentTopic(negotiated), contentTopic(must(partitionedChatId(ownIdentity)))];
}

/**
 * The topics where messages for this profile arrive: its partitioned topic and the negotiated
 * topic of each chat, without the contact-code topics (public adverts, republished every 6 h),
 * in `topics` order. The background store check (background-check.ts) watches only these.
 */
export function messageTopics(topics: TopicMap, ownIdentity: Uint8Array, peers: readonly string[]): string[] {
  const codes = new Set([ownIdentity, ...peers.map(hexToBytes)].map((id) => contactCodeContentTopic(id)));
  return [...topics.keys()].filter((t) => !codes.has(t));
}
