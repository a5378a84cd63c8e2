/**
 * What a service that uses the light node implements, so the network service can hand it the
 * current node, tell it when the node is replaced or reconnects, and when to catch up from store.
 */
import type { WakuTransport } from './waku-node.ts';

export interface TransportClient {
  readonly name: string;
  attach(transport: WakuTransport): Promise<void>;
  detach(): void;
  /** Filter subscriptions lapse when a node drops (waku-sdk-notes.md §4.4): subscribe again. */
  resubscribe(): Promise<void>;
  /** Fetch what arrived while we were away. Resolves false when it should be retried. */
  catchUp(): Promise<boolean>;
}
