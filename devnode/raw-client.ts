/**
 * Test support: a plain js-libp2p client (websockets, noise, mplex + yamux, identify)
 * that speaks the Waku request/response protocols by hand, so tests can send exact,
 * malformed or oversized frames and read raw responses. Not used at runtime.
 */
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { identify } from '@libp2p/identify';
import type { Libp2p } from '@libp2p/interface';
import { mplex } from '@libp2p/mplex';
import { webSockets } from '@libp2p/websockets';
import { multiaddr } from '@multiformats/multiaddr';
import * as lp from 'it-length-prefixed';
import { createLibp2p } from 'libp2p';
import { randomUUID } from 'node:crypto';
import { CODEC } from './config.ts';
import {
  FilterSubscribeRequest, FilterSubscribeResponse, LightPushRequestV3, LightPushResponseV3, MessagePush,
  StoreQueryRequest, StoreQueryResponse, type WakuMessage,
} from './proto.ts';

export interface ReceivedPush {
  pubsubTopic?: string;
  message?: WakuMessage;
}

export class RawClient {
  libp2p: Libp2p;
  target: string;
  /** Filter pushes received since `acceptPushes()`. */
  pushes: ReceivedPush[] = [];

  constructor(libp2p: Libp2p, target: string) {
    this.libp2p = libp2p;
    this.target = target;
  }

  static async connect(target: string): Promise<RawClient> {
    const libp2p = await createLibp2p({
      transports: [webSockets()],
      connectionEncrypters: [noise()],
      streamMuxers: [mplex(), yamux()],
      services: { identify: identify() },
    });
    return new RawClient(libp2p, target);
  }

  /**
   * Serves /vac/waku/filter-push so this client can act as a filter subscriber. Like the
   * SDK it leaves its side of push streams open, unless `closeAfterRead` is set.
   */
  async acceptPushes(opts: { closeAfterRead?: boolean } = {}): Promise<void> {
    await this.libp2p.handle(CODEC.filterPush, ({ stream }) => {
      void (async () => {
        for await (const frame of lp.decode(stream.source)) {
          const push = MessagePush.decode(frame.subarray());
          this.pushes.push({ pubsubTopic: push.pubsubTopic, message: push.wakuMessage });
        }
        if (opts.closeAfterRead) await stream.close();
      })().catch(() => { /* stream reset by the node: expected */ });
    }, { maxInboundStreams: 32 });
  }

  /** Sends `bytes` exactly as given (no framing added) and returns every response frame. */
  async exchangeRaw(codec: string, bytes: Uint8Array): Promise<Uint8Array[]> {
    const stream = await this.libp2p.dialProtocol(multiaddr(this.target), codec);
    await stream.sink([bytes]);
    const frames: Uint8Array[] = [];
    for await (const frame of lp.decode(stream.source, { maxDataLength: 16 * 1024 * 1024 })) frames.push(frame.subarray());
    return frames;
  }

  /**
   * Sends one request frame but closes its write side only after reading the response,
   * the way a peer in another process often does; returns the response frame.
   */
  async exchangeLateClose(codec: string, request: Uint8Array): Promise<Uint8Array> {
    const stream = await this.libp2p.dialProtocol(multiaddr(this.target), codec);
    let release = (): void => {};
    const released = new Promise<void>((resolve) => { release = resolve; });
    const frame = lp.encode.single(request).subarray();
    const sinkDone = stream.sink((async function* () {
      yield frame;
      await released;
    })());
    const first = await lp.decode(stream.source)[Symbol.asyncIterator]().next();
    release();
    await sinkDone;
    if (first.done) throw new Error('no response');
    return first.value.subarray();
  }

  /** One length-prefixed request, one response frame. */
  async exchange(codec: string, request: Uint8Array): Promise<Uint8Array> {
    const frames = await this.exchangeRaw(codec, lp.encode.single(request).subarray());
    if (frames.length !== 1) throw new Error(`expected one response frame, got ${frames.length}`);
    return frames[0]!;
  }

  async pushV3(pubsubTopic: string | undefined, message: Partial<WakuMessage> | undefined) {
    const req = LightPushRequestV3.encode({ requestId: randomUUID(), pubsubTopic, message: message as WakuMessage });
    return LightPushResponseV3.decode(await this.exchange(CODEC.lightPushV3, req));
  }

  async filter(req: Partial<FilterSubscribeRequest>) {
    const full = { requestId: randomUUID(), contentTopics: [], ...req } as FilterSubscribeRequest;
    return FilterSubscribeResponse.decode(await this.exchange(CODEC.filterSubscribe, FilterSubscribeRequest.encode(full)));
  }

  subscribe(pubsubTopic: string, contentTopics: string[]) {
    return this.filter({ filterSubscribeType: FilterSubscribeRequest.FilterSubscribeType.SUBSCRIBE, pubsubTopic, contentTopics });
  }

  async store(req: Partial<StoreQueryRequest>) {
    const full = {
      requestId: randomUUID(), includeData: true, contentTopics: [], messageHashes: [], paginationForward: true, ...req,
    } as StoreQueryRequest;
    return StoreQueryResponse.decode(await this.exchange(CODEC.store, StoreQueryRequest.encode(full)));
  }

  async stop(): Promise<void> {
    await this.libp2p.stop();
  }
}
