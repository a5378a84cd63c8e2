import { describe, expect, it } from 'vitest';
import { isServedTopic, isValidContentTopic, validateMessage } from './message.ts';

const SHARDS = { clusterId: 16, shards: [32, 64, 128, 256] };

describe('topics', () => {
  it.each([
    ['/waku/2/rs/16/32', true],
    ['/waku/2/rs/16/256', true],
    ['/waku/2/rs/16/33', false],
    ['/waku/2/rs/1/32', false],
    ['/waku/2/rs/16/032x', false],
    ['/waku/2/default-waku/proto', false],
    ['', false],
  ])('served pubsub topic %j → %s', (topic, served) => {
    expect(isServedTopic(SHARDS, topic)).toBe(served);
  });

  it.each([
    ['/waku/1/0x1a2b3c4d/rfc26', true],
    ['/parley/1/chat/proto', true],
    ['/0/parley/1/chat/proto', true],
    ['/parley/1/chat', false],
    ['parley/1/chat/proto', false],
    ['/parley//chat/proto', false],
    ['/' + 'x'.repeat(600) + '/1/c/p', false],
  ])('content topic %j valid → %s', (topic, valid) => {
    expect(isValidContentTopic(topic)).toBe(valid);
  });
});

describe('message validation', () => {
  const ok = { payload: new Uint8Array(10), contentTopic: '/a/1/b/proto', timestamp: 1n };

  it('accepts a well-formed message', () => {
    expect(validateMessage(ok)).toEqual({ ok: true });
  });

  it.each([
    ['missing', undefined, 'invalid'],
    ['payload over 150 KiB', { ...ok, payload: new Uint8Array(150 * 1024 + 1) }, 'too-large'],
    ['meta over 64 bytes', { ...ok, meta: new Uint8Array(65) }, 'invalid'],
    ['bad content topic', { ...ok, contentTopic: 'x' }, 'invalid'],
    ['negative timestamp', { ...ok, timestamp: -5n }, 'invalid'],
  ])('rejects %s', (_name, msg, reason) => {
    expect(validateMessage(msg)).toMatchObject({ ok: false, reason });
  });
});
