/**
 * The Waku light node of this worker (waku-sdk-notes.md §2): one @waku/sdk LightNode built from
 * NetworkSettings, with the SDK bugs of notes §4 avoided (no auto-retry). Owns the node's
 * lifecycle and redialing of configured nodes; does not own message semantics (services do).
 */
import {
  type IDecodedMessage,
  type IDecoder,
  type IEncoder,
  type LightNode,
} from '@waku/sdk';
import { messageHash } from '@waku/core';
import { limitFilterRequests, renewFilterSubscriptions } from './filter-limit.ts';
import { createConfiguredLightNode } from './light-node.ts';
import { StatusDecoder, StatusEncoder, routingFor } from './status-codec.ts';
import type { NetworkSettings } from '$lib/shared/network.ts';
import { createLogger } from '$lib/shared/log.ts';

const log = createLogger('transport');

/** Redial back-off for configured nodes that dropped: from 1 s doubling up to 60 s. */
const REDIAL_MIN_MS = 1_000;
const REDIAL_MAX_MS = 60_000;

export interface PlainWakuMessage {
  readonly hash: string;
  readonly contentTopic: string;
  readonly pubsubTopic: string;
  readonly payload: Uint8Array;
  /** ms since the epoch; 0 when the message carried no timestamp. */
  readonly timestamp: number;
}

/** Map an SDK message (prototype getters, dropped by structured clone) to plain data. */
export function toPlainMessage(msg: IDecodedMessage): PlainWakuMessage {
  return {
    hash: msg.hashStr,
    contentTopic: msg.contentTopic,
    pubsubTopic: msg.pubsubTopic,
    payload: msg.payload,
    timestamp: msg.timestamp?.getTime() ?? 0,
  };
}

export class WakuTransport {
  readonly node: LightNode;
  readonly settings: NetworkSettings;
  readonly startedAt: number;
  readonly #redial = new Map<string, { nextAt: number; delayMs: number }>();

  private constructor(node: LightNode, settings: NetworkSettings) {
    this.node = node;
    this.settings = settings;
    this.startedAt = Date.now();
  }

  static async start(settings: NetworkSettings): Promise<WakuTransport> {
    const node = await createConfiguredLightNode({ nodes: settings.nodes, clusterId: settings.clusterId, numPeersToUse: 2 });
    if (!limitFilterRequests(node)) log.warn('cannot limit filter request size: subscriptions past 100 content topics may be refused');
    await node.start();
    log.info(`light node started with ${settings.nodes.length} configured node(s)`);
    return new WakuTransport(node, settings);
  }

  encoder(contentTopic: string, shardId: number, ephemeral = false): IEncoder {
    return this.node.createEncoder({ contentTopic, shardId, ephemeral });
  }

  decoder(contentTopic: string, shardId: number): IDecoder<IDecodedMessage> {
    return this.node.createDecoder({ contentTopic, shardId });
  }

  /** Version-1 codecs for Status traffic (the envelope is built by protocol/). */
  statusEncoder(contentTopic: string, shardId: number): IEncoder {
    return new StatusEncoder(contentTopic, false, routingFor(this.settings.clusterId, shardId));
  }

  statusDecoder(contentTopic: string, shardId: number): IDecoder<IDecodedMessage> {
    return new StatusDecoder(contentTopic, routingFor(this.settings.clusterId, shardId));
  }

  /** The deterministic hash (14/WAKU2-MESSAGE) a message will have once encoded by `encoder`. */
  async hashOf(encoder: IEncoder, payload: Uint8Array, timestamp: Date): Promise<string> {
    const proto = await encoder.toProtoObj({ payload, timestamp });
    if (!proto) throw new Error('encoder produced no message');
    return bytesToHexString(messageHash(encoder.pubsubTopic, proto));
  }

  /** Re-sends SUBSCRIBE for `contentTopics` to every connected filter peer (≤ 100 per request). */
  renewFilter(pubsubTopic: string, contentTopics: readonly string[]): Promise<number> {
    return renewFilterSubscriptions(this.node, pubsubTopic, contentTopics);
  }

  isConnectedTo(peerId: string): boolean {
    return this.node.libp2p.getConnections().some((c) => c.remotePeer.toString() === peerId);
  }

  /** Dials configured nodes that are not connected, each with its own exponential back-off. */
  redialMissing(now: number, connectedPeerIds: ReadonlySet<string>, nodes: ReadonlyMap<string, string>): void {
    for (const [addr, peerId] of nodes) {
      if (connectedPeerIds.has(peerId)) {
        this.#redial.delete(addr);
        continue;
      }
      const state = this.#redial.get(addr) ?? { nextAt: 0, delayMs: REDIAL_MIN_MS };
      if (now < state.nextAt) continue;
      this.#redial.set(addr, { nextAt: now + state.delayMs, delayMs: Math.min(state.delayMs * 2, REDIAL_MAX_MS) });
      this.node.dial(addr).catch((e: unknown) => log.debug(`redial ${addr} failed: ${String(e)}`));
    }
  }

  async stop(): Promise<void> {
    await this.node.stop();
  }
}

function bytesToHexString(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}
