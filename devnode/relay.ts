/**
 * Waku relay over gossipsub (11/WAKU2-RELAY): protocol id /vac/waku/relay/2.0.0,
 * gossipsub topics are the static-shard pubsub topics, payloads are WakuMessage
 * protobufs, StrictNoSign (no author, no signature), message id = sha256(data) as
 * nwaku's defaultMessageIdProvider (waku_relay/message_id.nim), so IHAVE/IWANT ids
 * agree with Nim and Go peers. Owns the gossipsub service and its validator;
 * received messages go to the Router, which dedupes by deterministic message hash.
 */
import { createHash } from 'node:crypto';
import { GossipSub, type GossipSubComponents } from '@chainsafe/libp2p-gossipsub';
import { TopicValidatorResult, type Message, type PeerId } from '@libp2p/interface';
import { CODEC, MAX_REQUEST_FRAME_BYTES } from './config.ts';
import type { Logger } from './log.ts';
import { isServedTopic, shardTopic, validateMessage, type ShardConfig } from './message.ts';
import { WakuMessage } from './proto.ts';
import type { RelayPort, Router } from './router.ts';

function messageId(msg: Message): Uint8Array {
  return new Uint8Array(createHash('sha256').update(msg.data).digest());
}

/** libp2p service factory for the relay. */
export function relayService(shards: ShardConfig) {
  const topics = shards.shards.map((s) => shardTopic(shards.clusterId, s));
  return (components: GossipSubComponents): GossipSub => {
    const gs = new GossipSub(components, {
      globalSignaturePolicy: 'StrictNoSign',
      msgIdFn: messageId,
      allowPublishToZeroTopicPeers: true,
      ignoreDuplicatePublishError: true,
      fallbackToFloodsub: false,
      emitSelf: false,
      allowedTopics: topics,
      maxInboundDataLength: MAX_REQUEST_FRAME_BYTES,
    });
    gs.multicodecs = [CODEC.relay];
    return gs;
  };
}

function validator(shards: ShardConfig, log: Logger) {
  return (peer: PeerId, msg: Message): TopicValidatorResult => {
    try {
      const verdict = isServedTopic(shards, msg.topic) ? validateMessage(WakuMessage.decode(msg.data)) : undefined;
      if (verdict?.ok) return TopicValidatorResult.Accept;
      log.warn(`relay: rejected message from ${peer.toString()}: ${verdict && !verdict.ok ? verdict.detail : 'topic'}`);
    } catch {
      log.warn(`relay: undecodable message from ${peer.toString()}`);
    }
    return TopicValidatorResult.Reject;
  };
}

/** Subscribes to every served shard and feeds accepted messages to the router. */
export function startRelay(gs: GossipSub, opts: { shards: ShardConfig; router: Router; log: Logger }): RelayPort {
  const { shards, router, log } = opts;
  for (const s of shards.shards) {
    const topic = shardTopic(shards.clusterId, s);
    gs.topicValidators.set(topic, validator(shards, log));
    gs.subscribe(topic);
  }
  gs.addEventListener('message', (evt) => {
    const { topic, data } = evt.detail;
    Promise.resolve()
      .then(() => router.ingest(topic, WakuMessage.decode(data), 'relay'))
      .catch((err: unknown) => log.error('relay: ingest failed', err));
  });
  return {
    publish: async (topic, encoded) => {
      try {
        return (await gs.publish(topic, encoded)).recipients.length;
      } catch (err) {
        log.warn(`relay: publish on ${topic} failed`, err);
        return 0;
      }
    },
  };
}
