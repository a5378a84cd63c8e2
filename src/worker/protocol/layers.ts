/**
 * Detecting which layer a received byte string is, in the order status-go applies (§6.2): after
 * L1, a segment (L2) or an encryption-layer ProtocolMessage (L3) or raw bytes; after L3, an MVDS
 * Payload (L4) or a bare AMM (L5). Owns only the classification; each layer's processing lives in
 * its module. Spec: status-protocol.md §2.3 steps 3–6, §6.2.
 */
import type { ProtocolMessage } from './generated/protocol_message_pb.ts';
import type { SegmentMessage } from './generated/segment_message_pb.ts';
import type { Payload } from './generated/sync_pb.ts';
import { parseMvdsPayload } from './mvds/payload.ts';
import { parseProtocolMessage } from './ratchet/protocol-message.ts';
import { parseSegment } from './segmentation/segments.ts';

export type TransportLayer =
  | { readonly kind: 'segment'; readonly segment: SegmentMessage }
  | { readonly kind: 'protocol-message'; readonly message: ProtocolMessage }
  /** Not encryption-layer wrapped (e.g. a raw AMM): continue with the bytes unchanged. */
  | { readonly kind: 'raw'; readonly bytes: Uint8Array };

export type ApplicationLayer =
  | { readonly kind: 'mvds'; readonly payload: Payload }
  | { readonly kind: 'amm'; readonly bytes: Uint8Array };

/** §2.3 steps 3–4 on the data of a decrypted Waku envelope. */
export function classifyTransportBytes(bytes: Uint8Array): TransportLayer {
  const segment = parseSegment(bytes);
  if (segment !== undefined) return { kind: 'segment', segment };
  const message = parseProtocolMessage(bytes);
  return message !== undefined ? { kind: 'protocol-message', message } : { kind: 'raw', bytes };
}

/** §2.3 step 5 on the output of the encryption layer (or on raw bytes). */
export function classifyApplicationBytes(bytes: Uint8Array): ApplicationLayer {
  const payload = parseMvdsPayload(bytes);
  return payload !== undefined ? { kind: 'mvds', payload } : { kind: 'amm', bytes };
}
