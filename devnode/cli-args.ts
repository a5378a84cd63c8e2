/**
 * Command-line parsing for `node devnode/main.ts` (the contract other tools rely on):
 * --ws-port N [--tcp-port N] [--nodekey HEX] [--db PATH] [--peer MULTIADDR]…
 * [--cluster-id N] [--shards 32,64,…] [--retention-age SECONDS] [--retention-count N].
 * Owns parsing and its errors only.
 */
import type { DevnodeOptions } from './node.ts';

export const USAGE = 'usage: node devnode/main.ts --ws-port N [--tcp-port N] [--nodekey HEX] [--db PATH] ' +
  '[--peer MULTIADDR]... [--cluster-id N] [--shards 32,64,...] [--retention-age SECONDS] [--retention-count N]';

const MAX_PORT = 65_535;

function integer(flag: string, raw: string | undefined, max = Number.MAX_SAFE_INTEGER): number {
  if (raw === undefined || !/^\d+$/.test(raw) || Number(raw) > max) {
    throw new Error(`${flag} expects an integer between 0 and ${max}, got ${raw ?? 'nothing'}`);
  }
  return Number(raw);
}

function shardList(raw: string | undefined): number[] {
  const parts = (raw ?? '').split(',').filter((p) => p.length > 0);
  if (parts.length === 0) throw new Error('--shards expects a comma-separated list of shard numbers');
  return parts.map((p) => integer('--shards', p, MAX_PORT));
}

type Setter = (opts: DevnodeOptions, value: string | undefined) => void;

const FLAGS: Record<string, Setter> = {
  '--ws-port': (o, v) => { o.wsPort = integer('--ws-port', v, MAX_PORT); },
  '--tcp-port': (o, v) => { o.tcpPort = integer('--tcp-port', v, MAX_PORT); },
  '--nodekey': (o, v) => { o.nodeKey = required('--nodekey', v); },
  '--db': (o, v) => { o.db = required('--db', v); },
  '--peer': (o, v) => { o.peers = [...(o.peers ?? []), required('--peer', v)]; },
  '--cluster-id': (o, v) => { o.clusterId = integer('--cluster-id', v, MAX_PORT); },
  '--shards': (o, v) => { o.shards = shardList(v); },
  '--retention-age': (o, v) => { o.retention = { ...o.retention, maxAgeMs: integer('--retention-age', v) * 1000 }; },
  '--retention-count': (o, v) => { o.retention = { ...o.retention, maxCount: integer('--retention-count', v) }; },
};

function required(flag: string, v: string | undefined): string {
  if (v === undefined || v.startsWith('--')) throw new Error(`${flag} expects a value`);
  return v;
}

/** Parses argv (without node and script). Accepts `--flag value` and `--flag=value`. */
export function parseArgs(argv: string[]): DevnodeOptions {
  const opts: DevnodeOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const setter = FLAGS[flag];
    if (!setter) throw new Error(`unknown argument ${arg}`);
    setter(opts, eq > 0 ? arg.slice(eq + 1) : argv[++i]);
  }
  if (opts.wsPort === undefined) throw new Error('--ws-port is required (0 = ephemeral)');
  return opts;
}
