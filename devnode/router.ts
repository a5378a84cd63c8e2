/**
 * Message routing: every accepted message — from light push or from relay — goes
 * through `ingest` once (deduplicated by deterministic hash), is archived unless
 * ephemeral, pushed to matching filter subscribers, and (when it did not come from
 * relay) published to relay peers (notes §5). Owns that fan-out, not validation.
 */
import type { Archive } from './archive.ts';
import type { FilterSubscriptions } from './filter-subscriptions.ts';
import type { Logger } from './log.ts';
import { computeMessageHash, toHex } from './message.ts';
import { WakuMessage } from './proto.ts';
import { SeenCache } from './seen-cache.ts';

export type Origin = 'lightpush' | 'relay';

export interface RelayPort {
  /** Publishes on the pubsub topic; resolves to the number of peers it went to. */
  publish(pubsubTopic: string, encoded: Uint8Array): Promise<number>;
}

/** Delivers to filter subscribers; must never reject (failures are logged inside). */
export type FilterPushPort = (peers: string[], pubsubTopic: string, msg: WakuMessage) => Promise<void>;

export interface RouterDeps {
  archive: Archive;
  subscriptions: FilterSubscriptions;
  pushToPeers: FilterPushPort;
  log: Logger;
}

export interface IngestResult {
  hash: Uint8Array;
  duplicate: boolean;
  relayPeerCount: number;
}

function storageTimestamp(msg: WakuMessage): bigint {
  // Messages without a timestamp are ordered by arrival, as nwaku does.
  return msg.timestamp && msg.timestamp > 0n ? msg.timestamp : BigInt(Date.now()) * 1_000_000n;
}

export class Router {
  #deps: RouterDeps;
  #seen = new SeenCache();
  #relay: RelayPort | undefined;

  constructor(deps: RouterDeps) {
    this.#deps = deps;
  }

  /** The relay starts after libp2p; until then messages are only stored and pushed. */
  attachRelay(relay: RelayPort): void {
    this.#relay = relay;
  }

  async ingest(pubsubTopic: string, msg: WakuMessage, origin: Origin): Promise<IngestResult> {
    const hash = computeMessageHash(pubsubTopic, msg);
    if (!this.#seen.add(toHex(hash))) {
      this.#deps.log.debug(`duplicate ${toHex(hash)} from ${origin}`);
      return { hash, duplicate: true, relayPeerCount: 0 };
    }
    const encoded = WakuMessage.encode(msg);
    const relayed = origin === 'relay' || !this.#relay
      ? Promise.resolve(0)
      : this.#relay.publish(pubsubTopic, encoded);
    const subscribers = this.#deps.subscriptions.subscribersFor(pubsubTopic, msg.contentTopic);
    // Filter pushes are queued per subscriber and never hold up the light push answer.
    if (subscribers.length) void this.#deps.pushToPeers(subscribers, pubsubTopic, msg);
    if (!msg.ephemeral) {
      this.#deps.archive.insert({
        hash,
        pubsubTopic,
        contentTopic: msg.contentTopic,
        timestamp: storageTimestamp(msg),
        encoded,
      });
    }
    const relayPeerCount = await relayed;
    this.#deps.log.debug(`ingested ${toHex(hash)} from ${origin}: ${subscribers.length} subscribers, ${relayPeerCount} relay peers`);
    return { hash, duplicate: false, relayPeerCount };
  }
}
