import { multiaddr } from '@multiformats/multiaddr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODEC } from './config.ts';
import { LightPushRequestV3, LightPushResponseV3 } from './proto.ts';
import { RawClient } from './raw-client.ts';
import { contentTopic, PUBSUB_TOPIC, startTestDevnode, utf8, waitFor, type TestDevnode } from './test-helpers.ts';

describe('request stream lifecycle over mplex', () => {
  let devnode: TestDevnode;
  let raw: RawClient;

  beforeAll(async () => {
    devnode = await startTestDevnode();
    raw = await RawClient.connect(devnode.wsMultiaddr); // prefers mplex, as the SDK
  });

  afterAll(async () => {
    await raw?.stop();
    await devnode?.stop();
  });

  it('keeps the connection when peers close their side only after reading the answer', async () => {
    // mplex drops a connection after 5 frames per second for streams it no longer knows;
    // a node that forgets a stream before the peer's CLOSE arrives trips that.
    const connection = await raw.libp2p.dial(multiaddr(devnode.wsMultiaddr));
    expect(connection.multiplexer).toBe('/mplex/6.7.0');
    for (let i = 0; i < 12; i++) {
      const req = LightPushRequestV3.encode({
        requestId: `r${i}`, pubsubTopic: PUBSUB_TOPIC,
        message: { payload: utf8(`late ${i}`), contentTopic: contentTopic('late'), timestamp: BigInt(Date.now()) * 1_000_000n + BigInt(i) },
      });
      expect(LightPushResponseV3.decode(await raw.exchangeLateClose(CODEC.lightPushV3, req)).statusCode).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 200)); // let the last CLOSE frames land
    expect(connection.status).toBe('open');
    expect(raw.libp2p.getConnections()).toHaveLength(1);
  });

  it('keeps a subscriber connected that closes its side of each push stream', async () => {
    const subscriber = await RawClient.connect(devnode.wsMultiaddr);
    await subscriber.acceptPushes({ closeAfterRead: true });
    const ct = contentTopic('closing-subscriber');
    expect((await subscriber.subscribe(PUBSUB_TOPIC, [ct])).statusCode).toBe(200);
    const t0 = BigInt(Date.now()) * 1_000_000n;
    for (let i = 0; i < 40; i++) {
      await raw.pushV3(PUBSUB_TOPIC, { payload: utf8(`p${i}`), contentTopic: ct, timestamp: t0 + BigInt(i) });
    }
    await waitFor(() => subscriber.pushes.length === 40, 10_000, '40 pushes');
    await new Promise((r) => setTimeout(r, 200)); // let trailing CLOSE frames land
    expect(subscriber.libp2p.getConnections().map((c) => c.status)).toEqual(['open']);
    await subscriber.stop();
  });
});
