/**
 * Which content topics the open profile listens on (status-protocol.md §5.4) and with which key
 * each is opened: own partitioned (ECIES), own contact code and every peer's contact code
 * (symmetric, public), and the negotiated topic with every peer we have a chat with (symmetric).
 */
import { hexToBytes } from '$lib/shared/bytes.ts';
import { contactCodeChatId, contentTopic, partitionedChatId } from '../../protocol/index.ts';
import type { TopicKey } from './receiver.ts';
import { symmetricKeyFor } from './topic-keys.ts';
import { negotiatedTopic, type Me } from './wire.ts';
import { emptyPeer } from './peers.ts';

export type TopicMap = Map<string, TopicKey>;

function must<T>(r: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!r.ok) throw new Error(`invalid key: ${r.error}`);
  return r.value;
}

export function contactCodeTopic(identity: Uint8Array): { contentTopic: string; key: Uint8Array } {
  const id = must(contactCodeChatId(identity));
  return { contentTopic: contentTopic(id), key: symmetricKeyFor(id) };
}

export function topicsFor(me: Me, ownIdentity: Uint8Array, peers: readonly string[]): TopicMap {
  const topics: TopicMap = new Map();
  topics.set(contentTopic(must(partitionedChatId(ownIdentity))), { kind: 'asymmetric' });
  const own = contactCodeTopic(ownIdentity);
  topics.set(own.contentTopic, { kind: 'symmetric', key: own.key });
  for (const pkHex of peers) {
    const identity = hexToBytes(pkHex);
    const code = contactCodeTopic(identity);
    topics.set(code.contentTopic, { kind: 'symmetric', key: code.key });
    const negotiated = negotiatedTopic(me, emptyPeer(identity));
    topics.set(contentTopic(negotiated), { kind: 'symmetric', key: symmetricKeyFor(negotiated) });
  }
  return topics;
}

/** The topics that carry one chat's messages to us: the negotiated topic and our partitioned topic. */
export function chatTopics(me: Me, ownIdentity: Uint8Array, pkHex: string): string[] {
  const negotiated = negotiatedTopic(me, emptyPeer(hexToBytes(pkHex)));
  return [contentTopic(negotiated), contentTopic(must(partitionedChatId(ownIdentity)))];
}
