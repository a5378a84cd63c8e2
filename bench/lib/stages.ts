/**
 * Where a Chromium worker's CPU went, by pipeline stage: self time of a V8 .cpuprofile taken on
 * the app's worker, each frame mapped through the build's source maps to its original file, then
 * to its package or src/ folder (bench/scenarios/size.ts `owner`) and to a stage.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { owner } from '../scenarios/size.ts';
import { originalPosition, sourceMapOf } from './sourcemap.ts';

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

export interface StageSplit {
  /** Wall time the profile covers, ms. */
  readonly totalMs: number;
  /** Worker idle (waiting on IndexedDB, the network, the page), ms. */
  readonly idleMs: number;
  /** CPU ms per stage, largest first. */
  readonly stages: { stage: string; ms: number; share: number }[];
  /** CPU ms per owner (package or src folder), top 12. */
  readonly owners: { owner: string; ms: number }[];
  /** Top self-time functions with their original file:line. */
  readonly functions: { fn: string; ms: number }[];
  /**
   * CPU ms by the nearest Parley caller outside src/worker/crypto (library time below it
   * included): which step of Parley's pipeline the hashing and curve time is for.
   */
  readonly parleyCallers: { fn: string; ms: number; share: number }[];
}

function stageOf(o: string): string {
  if (o === '@noble/curves' || o === '@noble/secp256k1') return 'secp256k1 (ECIES ECDH, DH-only ECDH, signature recovery)';
  if (o === '@noble/hashes') return 'hashes (keccak, SHA-256, HMAC/HKDF, PBKDF2/Argon2)';
  if (o === '@noble/ciphers') return 'symmetric ciphers (AES, XChaCha20 vault seal)';
  if (o === '@bufbuild/protobuf' || o.includes('protocol/generated')) return 'protobuf encode/decode';
  if (o === 'idb' || o.startsWith('src/worker/vault')) return 'vault (seal/open, IndexedDB calls)';
  if (/^(@waku|@libp2p|libp2p|@chainsafe|multiformats|@multiformats|it-|uint8arr|protons|@achingbrain)/.test(o)) return 'Waku/libp2p transport (store query, noise, yamux)';
  if (o.startsWith('src/worker/protocol') || o.startsWith('src/worker/crypto') || o.startsWith('src/worker/identity')) return 'Parley protocol code';
  if (o.startsWith('src/worker/services')) return 'Parley chat services';
  if (o === '(garbage collector)') return 'garbage collection';
  return 'other';
}

const sources = new Map<string, string[] | null>();

/** The function declared at `src/…:line` in the repo (the build is minified, so frames have mangled names). */
function nameAt(srcLine: string): string | undefined {
  const [file, line] = [srcLine.replace(/:\d+$/, ''), Number(/:(\d+)$/.exec(srcLine)?.[1])];
  const root = join(import.meta.dirname, '../..');
  if (!sources.has(file)) sources.set(file, existsSync(join(root, file)) ? readFileSync(join(root, file), 'utf8').split('\n') : null);
  const text = sources.get(file)?.[line - 1] ?? '';
  return /(?:function\*?\s+|async\s+|#|^\s*)([A-Za-z_$#][\w$]*)\s*[(<=]/.exec(text)?.[1];
}

export function stageSplit(profile: CpuProfile, buildDir: string): StageSplit {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const perOwner = new Map<string, number>();
  const perFn = new Map<string, number>();
  let totalMs = 0;
  let idleMs = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    totalMs += dt;
    const f = byNode.get(id)?.callFrame;
    if (!f) return;
    if (f.functionName === '(idle)') {
      idleMs += dt;
      return;
    }
    let o: string;
    let where = '';
    if (f.functionName === '(garbage collector)' || f.functionName === '(program)') o = f.functionName;
    else if (f.url.startsWith('http')) {
      const map = sourceMapOf(join(buildDir, new URL(f.url).pathname));
      const pos = map ? originalPosition(map, f.lineNumber, f.columnNumber) : undefined;
      o = pos ? owner(pos.source) : '(unmapped)';
      where = pos ? ` ${pos.source.replace(/^(\.\.\/)+/, '').replace(/^.*node_modules\//, '')}:${pos.line}` : '';
    } else o = '(native)';
    perOwner.set(o, (perOwner.get(o) ?? 0) + dt);
    const key = `${f.functionName || '(anonymous)'}${where}`;
    perFn.set(key, (perFn.get(key) ?? 0) + dt);
  });
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const sourceOf = (f: CpuProfile['nodes'][number]['callFrame']): string | undefined => {
    if (!f.url.startsWith('http')) return undefined;
    const map = sourceMapOf(join(buildDir, new URL(f.url).pathname));
    const pos = map ? originalPosition(map, f.lineNumber, f.columnNumber) : undefined;
    return pos ? `${pos.source.replace(/^(\.\.\/)+/, '')}:${pos.line}` : undefined;
  };
  const callerCache = new Map<number, string>();
  const callerOf = (id: number): string => {
    const cached = callerCache.get(id);
    if (cached !== undefined) return cached;
    let at: number | undefined = id;
    let found = '(no Parley frame: event loop, GC, libraries)';
    while (at !== undefined) {
      const f = byNode.get(at)?.callFrame;
      const src = f ? sourceOf(f) : undefined;
      if (f && src?.startsWith('src/') && !src.startsWith('src/worker/crypto/')) {
        found = `${nameAt(src) || f.functionName || '(anonymous)'} ${src}`;
        break;
      }
      at = parent.get(at);
    }
    callerCache.set(id, found);
    return found;
  };
  const perCaller = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = byNode.get(id)?.callFrame;
    if (!f || f.functionName === '(idle)') return;
    const k = callerOf(id);
    perCaller.set(k, (perCaller.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const perStage = new Map<string, number>();
  for (const [o, ms] of perOwner) perStage.set(stageOf(o), (perStage.get(stageOf(o)) ?? 0) + ms);
  const busy = totalMs - idleMs || 1;
  const round = (x: number): number => Math.round(x * 10) / 10;
  return {
    totalMs: round(totalMs), idleMs: round(idleMs),
    stages: [...perStage.entries()].sort((a, b) => b[1] - a[1]).map(([stage, ms]) => ({ stage, ms: round(ms), share: Math.round((ms / busy) * 1000) / 10 })),
    owners: [...perOwner.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([o, ms]) => ({ owner: o, ms: round(ms) })),
    functions: [...perFn.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([fn, ms]) => ({ fn, ms: round(ms) })),
    parleyCallers: [...perCaller.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([fn, ms]) => ({ fn, ms: round(ms), share: Math.round((ms / busy) * 1000) / 10 })),
  };
}
