/**
 * `npm start`: build the app, start two meshed devnodes, and serve the app on localhost,
 * preconfigured for them. Flags: --no-build, --port N (app), --devnet-port N (first devnode's
 * websocket port; 0 = ephemeral), --fresh (in-memory devnode stores instead of .devnet/),
 * --data-dir DIR (devnode stores there), --test-control (tests only: POST /__devnet/restart?node=N
 * restarts a devnode, /__devnet/stop?node=N and /__devnet/start?node=N keep it down in between;
 * loopback only, like everything here).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startDevnet } from './devnet.ts';
import { serve } from './serve.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    'no-build': { type: 'boolean', default: false },
    port: { type: 'string', default: process.env['PARLEY_PORT'] ?? '5173' },
    'devnet-port': { type: 'string', default: '60001' },
    fresh: { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
    'test-control': { type: 'boolean', default: false },
  },
});

if (!values['no-build']) {
  execFileSync(process.execPath, [`${ROOT}node_modules/vite/bin/vite.js`, 'build'], { cwd: ROOT, stdio: 'inherit' });
}
const dataDir = values.fresh ? undefined : (values['data-dir'] ?? `${ROOT}.devnet`);
if (dataDir) mkdirSync(dataDir, { recursive: true });
const devnet = await startDevnet({ count: 2, basePort: Number(values['devnet-port']), dataDir });
const devnetNodes = devnet.nodes.map((n) => n.wsMultiaddr);
const server = await serve({
  root: `${ROOT}build`,
  port: Number(values.port),
  config: { defaultPreset: 'local-devnet', devnetNodes },
  ...(values['test-control']
    ? {
        control: async (url: URL) => {
          const index = Number(url.searchParams.get('node') ?? '0');
          if (url.pathname === '/__devnet/restart') await devnet.restart(index);
          else if (url.pathname === '/__devnet/stop') await devnet.pause(index);
          else if (url.pathname === '/__devnet/start') await devnet.resume(index);
          else return false;
          return true;
        },
      }
    : {}),
});
const address = server.address();
const port = typeof address === 'object' && address ? address.port : values.port;
console.log(`devnodes:\n${devnetNodes.map((n) => `  ${n}`).join('\n')}`);
console.log(`Parley is running at http://localhost:${port}/`);

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  server.close();
  await devnet.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
