/**
 * Waku message codecs for Status traffic (status-protocol.md §2.5): version 1 (the payload is a
 * 26/WAKU2-PAYLOAD envelope), which the SDK's version-0 codec refuses. Encryption itself happens
 * in protocol/; these only carry the bytes and set the version.
 */
import { DecodedMessage, Decoder, Encoder, type IDecodedMessage, type IMessage, type IProtoMessage } from '@waku/sdk';

export const STATUS_WAKU_VERSION = 1;

export interface RoutingInfo {
  readonly clusterId: number;
  readonly shardId: number;
  readonly pubsubTopic: string;
}

export class StatusEncoder extends Encoder {
  override async toProtoObj(message: IMessage): Promise<IProtoMessage> {
    return { ...(await super.toProtoObj(message)), version: STATUS_WAKU_VERSION };
  }
}

export class StatusDecoder extends Decoder {
  override fromProtoObj(pubsubTopic: string, proto: IProtoMessage): Promise<IDecodedMessage | undefined> {
    return Promise.resolve(proto.version === STATUS_WAKU_VERSION ? new DecodedMessage(pubsubTopic, proto) : undefined);
  }
}

export function routingFor(clusterId: number, shardId: number): RoutingInfo {
  return { clusterId, shardId, pubsubTopic: `/waku/2/rs/${clusterId}/${shardId}` };
}
