import { describe, expect, it } from 'vitest';
import { parseNodeMultiaddr } from './multiaddr.ts';

const PEER = '16Uiu2HAmAR24Mbb6VuzoyUiGx42UenDkshENVDj4qnmmbabLvo31';

describe('parseNodeMultiaddr', () => {
  it.each([
    [`/ip4/127.0.0.1/tcp/60001/ws/p2p/${PEER}`],
    [`/dns4/boot-01.do-ams3.status.prod.status.im/tcp/443/wss/p2p/${PEER}`],
    [`  /ip4/127.0.0.1/tcp/60001/ws/p2p/${PEER}\n`],
  ])('accepts %j and returns its peer id', (input) => {
    const r = parseNodeMultiaddr(input);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.peerId).toBe(PEER);
      expect(r.value.multiaddr).toBe(input.trim());
    }
  });

  it.each([
    ['', 'length'],
    ['x'.repeat(600), 'length'],
    ['not a multiaddr', 'syntax'],
    ['/ip4/999.0.0.1/tcp/1/ws', 'syntax'],
    [`/ip4/127.0.0.1/udp/1/quic-v1/p2p/${PEER}`, 'tcp'],
    [`/ip4/127.0.0.1/tcp/1/p2p/${PEER}`, 'websocket'],
    ['/ip4/127.0.0.1/tcp/1/ws', 'peer_id'],
  ])('rejects %j with detail %s', (input, detail) => {
    const r = parseNodeMultiaddr(input);
    expect(r).toEqual({ ok: false, error: { code: 'network/invalid_multiaddr', detail } });
  });

  it('rejects non-string input without throwing', () => {
    expect(parseNodeMultiaddr(42 as unknown as string).ok).toBe(false);
  });
});
