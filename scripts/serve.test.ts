import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cspHeader, nodeOrigin } from './serve.ts';

describe('nodeOrigin', () => {
  it.each([
    ['/ip4/127.0.0.1/tcp/60001/ws/p2p/16Uiu2HAm', 'ws://127.0.0.1:60001'],
    ['/dns4/store-01.do-ams3.status.prod.status.im/tcp/443/wss/p2p/16Uiu2HAm', 'wss://store-01.do-ams3.status.prod.status.im'],
    ['/dns4/node.example/tcp/8000/wss/p2p/16Uiu2HAm', 'wss://node.example:8000'],
    ['/ip4/10.0.0.1/tcp/60000/p2p/16Uiu2HAm', null],
  ])('%s → %s', (multiaddr, origin) => {
    expect(nodeOrigin(multiaddr)).toBe(origin);
  });
});

describe('cspHeader', () => {
  it("keeps the build's meta policy (with its script hash) and adds connect-src for exactly the nodes", () => {
    const root = mkdtempSync(join(tmpdir(), 'parley-csp-'));
    try {
      writeFileSync(join(root, 'index.html'), `<meta http-equiv="content-security-policy" content="script-src 'self' 'sha256-abc='; object-src 'none'">`);
      const policy = cspHeader(root, ['/ip4/127.0.0.1/tcp/1/ws/p2p/x', '/ip4/127.0.0.1/tcp/1/ws/p2p/y', 'garbage']);
      expect(policy).toBe(
        "default-src 'self'; script-src 'self' 'sha256-abc='; object-src 'none'; connect-src 'self' ws://127.0.0.1:1; frame-ancestors 'none'",
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
