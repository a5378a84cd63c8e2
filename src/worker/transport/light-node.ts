/**
 * The one way Parley makes a Waku light node: it dials only the configured nodes (no default
 * bootstrap, no discovery), on the configured cluster, with the SDK's light-push auto-retry off
 * (waku-sdk-notes §4: our outbox retries with a fixed timestamp instead). Used by the worker's
 * transport and by the service worker's background store check, so both keep the same privacy rule.
 */
import { createLightNode, type LightNode } from '@waku/sdk';

export function createConfiguredLightNode(opts: {
  readonly nodes: readonly string[];
  readonly clusterId: number;
  readonly numPeersToUse: number;
}): Promise<LightNode> {
  return createLightNode({
    defaultBootstrap: false,
    bootstrapPeers: [...opts.nodes],
    networkConfig: { clusterId: opts.clusterId },
    numPeersToUse: opts.numPeersToUse,
    libp2p: { filterMultiaddrs: false, hideWebSocketInfo: true },
    lightPush: { autoRetry: false },
  });
}
