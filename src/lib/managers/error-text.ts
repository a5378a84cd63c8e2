/** User-facing text for the error codes the worker returns. Codes are stable; wording may change. */
import type { NetworkErrorCode } from '$lib/shared/api.ts';

const NETWORK_TEXT: Record<NetworkErrorCode, string> = {
  'network/invalid_multiaddr': 'That is not a node address Parley can use. It must be a ws or wss multiaddr ending in /p2p/<peer id>.',
  'network/unknown_preset': 'Unknown network preset.',
  'network/duplicate_node': 'That node is already in the list.',
  'network/unknown_node': 'That node is not in the list.',
  'network/last_node': 'Keep at least one node, or Parley cannot reach the network.',
  'network/not_started': 'The network is still starting. Try again in a moment.',
  'network/no_peer': 'No connected node offers light push yet.',
  'network/push_failed': 'The node did not accept the message.',
  'network/store_failed': 'The store query failed.',
  'network/invalid_text': 'Write between 1 and 280 characters.',
};

export function networkErrorText(code: string): string {
  return (NETWORK_TEXT as Record<string, string>)[code] ?? `Unexpected error (${code}).`;
}
