/**
 * Launches local devnodes through their command-line contract (`devnode ready <multiaddr>` on
 * stdout) and meshes them. Used by `npm start`, the e2e server and the benchmarks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const DEVNODE_MAIN = fileURLToPath(new URL('../devnode/main.ts', import.meta.url));
/** A devnode that has not said it is ready by then is considered broken. */
const READY_TIMEOUT_MS = 30_000;

export interface RunningDevnode {
  readonly wsMultiaddr: string;
  readonly args: readonly string[];
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

export interface DevnetNodeOptions {
  readonly wsPort: number;
  readonly tcpPort: number;
  /** Stable identity: the peer id stays the same across restarts. */
  readonly nodekey: string;
  readonly db?: string;
  readonly peers?: readonly string[];
}

/** A deterministic node key for devnet node `index`, so `npm start` always yields the same peer ids. */
export function devnetNodekey(index: number): string {
  return createHash('sha256').update(`parley devnet node ${index}`).digest('hex');
}

export function devnodeArgs(o: DevnetNodeOptions): string[] {
  const args = ['--ws-port', String(o.wsPort), '--tcp-port', String(o.tcpPort), '--nodekey', o.nodekey];
  if (o.db) args.push('--db', o.db);
  for (const p of o.peers ?? []) args.push('--peer', p);
  return args;
}

export function launchDevnode(args: readonly string[], label: string): Promise<RunningDevnode> {
  const child = spawn(process.execPath, [DEVNODE_MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[${label}] ${chunk.toString()}`));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${label} was not ready within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
    const fail = (e: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(e);
    };
    child.once('exit', (code) => fail(new Error(`${label} exited early with code ${code}`)));
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      const match = /^devnode ready (\/\S+)$/.exec(line);
      if (!match?.[1]) return fail(new Error(`${label} printed an unexpected line: ${line}`));
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ wsMultiaddr: match[1], args, child, stop: () => stopChild(child) });
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface Devnet {
  readonly nodes: RunningDevnode[];
  /** Stops node `index` and starts it again on the same websocket port, keeping its store. */
  restart(index: number): Promise<RunningDevnode>;
  /** Stops node `index` until `resume(index)` (tests: a node that is down for a while). */
  pause(index: number): Promise<void>;
  /** Starts a paused node again on the same websocket port, with its store; no-op if it runs. */
  resume(index: number): Promise<RunningDevnode>;
  stop(): Promise<void>;
}

/** The same arguments, with the websocket port pinned to the one the node actually got. */
function pinnedArgs(node: RunningDevnode): string[] {
  const port = /\/tcp\/(\d+)\/ws\//.exec(node.wsMultiaddr)?.[1];
  const args = [...node.args];
  const at = args.indexOf('--ws-port');
  if (port && at >= 0) args[at + 1] = port;
  return args;
}

/** Starts `count` devnodes; each one after the first peers with all earlier ones. */
export async function startDevnet(opts: { count: number; basePort: number; dataDir?: string }): Promise<Devnet> {
  const nodes: RunningDevnode[] = [];
  try {
    for (let i = 0; i < opts.count; i++) {
      const port = (offset: number): number => (opts.basePort === 0 ? 0 : opts.basePort + offset + i);
      const args = devnodeArgs({
        wsPort: port(0),
        tcpPort: port(10),
        nodekey: devnetNodekey(i + 1),
        db: opts.dataDir ? `${opts.dataDir}/devnode-${i + 1}.sqlite` : undefined,
        peers: nodes.map((n) => n.wsMultiaddr),
      });
      nodes.push(await launchDevnode(args, `devnode-${i + 1}`));
    }
  } catch (e) {
    await Promise.all(nodes.map((n) => n.stop()));
    throw e;
  }
  const paused = new Set<number>();
  const node = (index: number): RunningDevnode => {
    const n = nodes[index];
    if (!n) throw new RangeError(`no devnode ${index}`);
    return n;
  };
  const pause = async (index: number): Promise<void> => {
    const n = node(index);
    if (paused.has(index)) return;
    paused.add(index);
    await n.stop();
  };
  const resume = async (index: number): Promise<RunningDevnode> => {
    const n = node(index);
    if (!paused.has(index)) return n;
    nodes[index] = await launchDevnode(pinnedArgs(n), `devnode-${index + 1}`);
    paused.delete(index);
    return nodes[index];
  };
  return {
    nodes,
    restart: async (index) => {
      await pause(index);
      return resume(index);
    },
    pause,
    resume,
    stop: async () => void (await Promise.all(nodes.filter((_, i) => !paused.has(i)).map((n) => n.stop()))),
  };
}
