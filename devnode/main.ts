/**
 * CLI entry: `node devnode/main.ts --ws-port N …` (see cli-args.ts). Contract relied
 * on by other tools: once serving, print exactly one stdout line
 * `devnode ready <ws multiaddr>/p2p/<peer id>`; everything else goes to stderr;
 * SIGINT/SIGTERM → close libp2p and SQLite, exit 0. Unhandled rejections are logged, not fatal.
 */
import { parseArgs, USAGE } from './cli-args.ts';
import { createLogger } from './log.ts';
import { startDevnode, type Devnode } from './node.ts';

const log = createLogger('devnode:main');

process.on('unhandledRejection', (reason) => log.error('unhandled rejection', reason));
process.on('uncaughtException', (err) => log.error('uncaught exception', err));

/** libp2p.stop() waits on peers; don't let a stuck one turn a clean stop into a kill. */
const SHUTDOWN_GRACE_MS = 5000;

async function shutdown(node: Devnode, signal: string): Promise<void> {
  log.info(`${signal}: shutting down`);
  setTimeout(() => {
    // SQLite commits are already durable (WAL), so a late exit loses nothing.
    log.warn(`shutdown took over ${SHUTDOWN_GRACE_MS} ms; exiting anyway`);
    process.exit(0);
  }, SHUTDOWN_GRACE_MS).unref();
  try {
    await node.stop();
    process.exit(0);
  } catch (err) {
    log.error('shutdown failed', err);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
    process.exit(2);
  }
  const node = await startDevnode(opts);
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      void shutdown(node, signal);
    });
  }
  process.stdout.write(`devnode ready ${node.wsMultiaddr}\n`);
}

main().catch((err: unknown) => {
  log.error('failed to start', err);
  process.exit(1);
});
