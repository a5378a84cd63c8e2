/**
 * The service worker's store client, built as its own classic script (the service worker imports
 * it with importScripts, so the ~240 KB gzip of libp2p + @waku/sdk is evaluated only when a
 * background check runs, not on every service worker start). Owns one short, key-less store
 * query: connect to the configured nodes only, ask for the newest page of envelopes on the given
 * content topics since a time, report their hashes and timestamps, stop. It cannot decrypt and
 * gets no key. Does not own what counts as new (lib/shared/background-check.ts).
 */
import { Protocols, type LightNode } from '@waku/sdk';
import { chunk } from './worker/protocol/store-sync/plan.ts';
import { createConfiguredLightNode } from './worker/transport/light-node.ts';
import { StatusDecoder, routingFor } from './worker/transport/status-codec.ts';
import { STORE_CLIENT_GLOBAL, TOPICS_PER_QUERY, type FoundEnvelope, type StoreCheckRequest, type StoreClient } from '$lib/shared/background-check.ts';

/** One page per query: enough to tell whether anything is there. */
const PAGE_SIZE = 20;

async function queryTopics(node: LightNode, request: StoreCheckRequest, topics: readonly string[]): Promise<FoundEnvelope[]> {
  const routing = routingFor(request.clusterId, request.shard);
  const decoders = topics.map((topic) => new StatusDecoder(topic, routing));
  const found: FoundEnvelope[] = [];
  const options = { timeStart: new Date(request.since), paginationForward: false, paginationLimit: PAGE_SIZE };
  for await (const page of node.store.queryGenerator(decoders, options)) {
    for (const pending of page) {
      const m = await pending;
      if (m) found.push({ hash: m.hashStr, timestamp: m.timestamp?.getTime() ?? 0 });
    }
    break; // the newest page is enough
  }
  return found;
}

async function check(node: LightNode, request: StoreCheckRequest): Promise<FoundEnvelope[]> {
  await node.start();
  await node.waitForPeers([Protocols.Store], request.timeoutMs);
  const found: FoundEnvelope[] = [];
  for (const topics of chunk(request.topics, TOPICS_PER_QUERY)) found.push(...(await queryTopics(node, request, topics)));
  return found;
}

const client: StoreClient = {
  async recentEnvelopes(request) {
    const node = await createConfiguredLightNode({ nodes: request.nodes, clusterId: request.clusterId, numPeersToUse: 1 });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('store check timed out')), request.timeoutMs);
    });
    try {
      return await Promise.race([check(node, request), timeout]);
    } finally {
      clearTimeout(timer);
      await node.stop().catch(() => undefined);
    }
  },
};

(self as unknown as Record<string, StoreClient>)[STORE_CLIENT_GLOBAL] = client;
