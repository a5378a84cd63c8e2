/**
 * Test support for the devnode conformance suite: in-process devnodes with a
 * captured log, @waku/sdk light nodes configured as notes §2 prescribe, and a
 * polling helper so tests wait on conditions rather than on fixed sleeps.
 * Not a test file itself; never imported by devnode runtime code.
 */
import { createLightNode, Protocols, type IDecodedMessage, type LightNode } from '@waku/sdk';
import type { LogLevel } from './log.ts';
import { startDevnode, type Devnode, type DevnodeOptions } from './node.ts';

export const CLUSTER_ID = 16;
export const SHARD = 32;
export const PUBSUB_TOPIC = `/waku/2/rs/${CLUSTER_ID}/${SHARD}`;

export interface LogRecord {
  level: LogLevel;
  namespace: string;
  message: string;
}

export interface TestDevnode extends Devnode {
  logs: LogRecord[];
}

export async function startTestDevnode(opts: DevnodeOptions = {}): Promise<TestDevnode> {
  const logs: LogRecord[] = [];
  const node = await startDevnode({
    wsPort: 0,
    ...opts,
    logSink: (level, namespace, message) => {
      logs.push({ level, namespace, message });
      if (process.env.DEVNODE_LOG === 'debug') process.stderr.write(`${level} ${namespace} ${message}\n`);
    },
  });
  return Object.assign(node, { logs });
}

/** Polls `check` until it returns a truthy value or the timeout elapses. */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 10_000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** An SDK light node bootstrapped to devnodes (one peer used per protocol unless told). */
export async function startLightNode(wsMultiaddrs: string | string[], numPeersToUse = 1): Promise<LightNode> {
  const node = await createLightNode({
    defaultBootstrap: false,
    bootstrapPeers: [wsMultiaddrs].flat(),
    networkConfig: { clusterId: CLUSTER_ID },
    numPeersToUse,
    libp2p: { filterMultiaddrs: false, hideWebSocketInfo: true },
    lightPush: { autoRetry: false },
  });
  await node.start();
  await node.waitForPeers([Protocols.LightPush, Protocols.Filter, Protocols.Store], 10_000);
  return node;
}

/** Collects messages delivered by filter, with a way to await the n-th. */
export class Inbox {
  messages: IDecodedMessage[] = [];
  readonly onMessage = (msg: IDecodedMessage): void => {
    this.messages.push(msg);
  };

  async waitForCount(n: number, timeoutMs = 10_000): Promise<IDecodedMessage[]> {
    await waitFor(() => this.messages.length >= n, timeoutMs, `${n} filter messages`);
    return this.messages;
  }
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
export const text = (b: Uint8Array): string => new TextDecoder().decode(b);

export function contentTopic(name: string): string {
  return `/parley-test/1/${name}/proto`;
}
