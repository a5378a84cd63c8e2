/**
 * The single import point for Waku protobuf codecs (@waku/proto 0.0.15, the
 * version @waku/sdk 0.0.36 speaks). Owns nothing else.
 */
import { proto_filter_v2, proto_lightpush, proto_message, proto_metadata, proto_store } from '@waku/proto';

export type WakuMessage = proto_message.WakuMessage;
export const WakuMessage = proto_message.WakuMessage;

export const LightPushRequestV3 = proto_lightpush.LightPushRequestV3;
export const LightPushResponseV3 = proto_lightpush.LightPushResponseV3;
export const PushRpc = proto_lightpush.PushRpc;
export type PushRpc = proto_lightpush.PushRpc;

export const FilterSubscribeRequest = proto_filter_v2.FilterSubscribeRequest;
export type FilterSubscribeRequest = proto_filter_v2.FilterSubscribeRequest;
export const FilterSubscribeResponse = proto_filter_v2.FilterSubscribeResponse;
export const MessagePush = proto_filter_v2.MessagePush;

export const StoreQueryRequest = proto_store.StoreQueryRequest;
export type StoreQueryRequest = proto_store.StoreQueryRequest;
export const StoreQueryResponse = proto_store.StoreQueryResponse;
export type StoreQueryResponse = proto_store.StoreQueryResponse;
export type WakuMessageKeyValue = proto_store.WakuMessageKeyValue;

export const WakuMetadataRequest = proto_metadata.WakuMetadataRequest;
export const WakuMetadataResponse = proto_metadata.WakuMetadataResponse;
