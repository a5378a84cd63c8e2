/**
 * The @waku/sdk light node the benchmarks use as a raw-SDK client of the devnodes, configured as
 * shared/spec/waku-sdk-notes.md §2 says (no auto-retry, ws allowed, cluster 16 static sharding).
 */
import { createLightNode, Protocols, type LightNode } from '@waku/sdk';

export async function benchLightNode(ws: string, readyTimeoutMs: number): Promise<LightNode> {
  const node = await createLightNode({
    defaultBootstrap: false,
    bootstrapPeers: [ws],
    networkConfig: { clusterId: 16 },
    numPeersToUse: 1,
    libp2p: { filterMultiaddrs: false, hideWebSocketInfo: true },
    lightPush: { autoRetry: false },
  });
  await node.start();
  await node.waitForPeers([Protocols.LightPush, Protocols.Filter], readyTimeoutMs);
  return node;
}
