import { describe, expect, it } from 'vitest';
import { parseArgs } from './cli-args.ts';

describe('devnode CLI arguments', () => {
  it('parses the full flag set, with repeated --peer', () => {
    expect(parseArgs([
      '--ws-port', '60001', '--tcp-port=60000', '--nodekey', 'ab'.repeat(32), '--db', '/tmp/x.sqlite',
      '--peer', '/ip4/127.0.0.1/tcp/1/ws/p2p/a', '--peer', '/ip4/127.0.0.1/tcp/2/p2p/b',
      '--cluster-id', '16', '--shards', '32,64', '--retention-age', '60', '--retention-count', '10',
    ])).toEqual({
      wsPort: 60001, tcpPort: 60000, nodeKey: 'ab'.repeat(32), db: '/tmp/x.sqlite',
      peers: ['/ip4/127.0.0.1/tcp/1/ws/p2p/a', '/ip4/127.0.0.1/tcp/2/p2p/b'],
      clusterId: 16, shards: [32, 64], retention: { maxAgeMs: 60_000, maxCount: 10 },
    });
  });

  it.each([
    [[], /--ws-port is required/],
    [['--ws-port'], /--ws-port expects an integer/],
    [['--ws-port', '70000'], /between 0 and 65535/],
    [['--ws-port', '0', '--shards', ''], /--shards expects/],
    [['--ws-port', '0', '--db'], /--db expects a value/],
    [['--ws-port', '0', '--what'], /unknown argument --what/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseArgs(argv as string[])).toThrow(message);
  });
});
