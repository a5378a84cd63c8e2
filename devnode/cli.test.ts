import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { privateKeyFromRaw } from '@libp2p/crypto/keys';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import { afterAll, describe, expect, it } from 'vitest';
import { computeMessageHash } from './message.ts';
import { RawClient } from './raw-client.ts';
import { contentTopic, PUBSUB_TOPIC, utf8 } from './test-helpers.ts';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const READY_RE = /^devnode ready \/ip4\/127\.0\.0\.1\/tcp\/\d+\/ws\/p2p\/16Uiu2\w+$/;
const NODE_KEY = '2a'.repeat(32);

interface Running {
  child: ChildProcess;
  readyLine: string;
  stdout: () => string;
  exit: Promise<number | null>;
}

/** Spawns the CLI and resolves once it printed its first stdout line. */
function spawnDevnode(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const firstLine = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    void exit.then((code) => reject(new Error(`devnode exited early with ${code}`)));
  });
  return firstLine.then((readyLine) => ({ child, readyLine, stdout: () => out, exit }));
}

const tmp = mkdtempSync(join(tmpdir(), 'devnode-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('devnode CLI contract', () => {
  it('prints exactly one ready line and exits 0 on SIGTERM', async () => {
    const run = await spawnDevnode(['--ws-port', '0']);
    expect(run.readyLine).toMatch(READY_RE);
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    expect(run.stdout()).toBe(`${run.readyLine}\n`);
  });

  it('exits 0 on SIGINT too', async () => {
    const run = await spawnDevnode(['--ws-port', '0', '--tcp-port', '0']);
    run.child.kill('SIGINT');
    expect(await run.exit).toBe(0);
  });

  it('rejects unknown arguments with exit code 2 and nothing on stdout', async () => {
    const child = spawn(process.execPath, [MAIN, '--ws-port', '0', '--bogus'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { err += c.toString(); });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('unknown argument --bogus');
  });

  it('keeps its store and peer id across a restart with the same --db and --nodekey', async () => {
    const db = join(tmp, 'store.sqlite');
    const args = ['--ws-port', '0', '--nodekey', NODE_KEY, '--db', db];
    const expectedId = peerIdFromPrivateKey(privateKeyFromRaw(Buffer.from(NODE_KEY, 'hex'))).toString();
    const msg = { payload: utf8('persisted'), contentTopic: contentTopic('restart'), timestamp: BigInt(Date.now()) * 1_000_000n };

    const first = await spawnDevnode(args);
    expect(first.readyLine.endsWith(`/p2p/${expectedId}`)).toBe(true);
    const raw1 = await RawClient.connect(first.readyLine.slice('devnode ready '.length));
    expect((await raw1.pushV3(PUBSUB_TOPIC, msg)).statusCode).toBe(200);
    await raw1.stop();
    first.child.kill('SIGTERM');
    expect(await first.exit).toBe(0);

    const second = await spawnDevnode(args);
    expect(second.readyLine.endsWith(`/p2p/${expectedId}`)).toBe(true);
    const raw2 = await RawClient.connect(second.readyLine.slice('devnode ready '.length));
    const res = await raw2.store({ messageHashes: [computeMessageHash(PUBSUB_TOPIC, msg)] });
    expect(res.messages.map((m) => new TextDecoder().decode(m.message!.payload))).toEqual(['persisted']);
    await raw2.stop();
    second.child.kill('SIGTERM');
    expect(await second.exit).toBe(0);
  });
});
