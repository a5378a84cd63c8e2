/**
 * Test-only loader for the status-go test vectors. Prefers the repo copy `test/vectors/public.json`
 * (owned by the identity/vectors engineer) and falls back to the shared spec copy. Integers beyond
 * 2^53 are kept exact as bigint (JSON.parse source text access).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const CANDIDATES = [
  resolve(repoRoot, 'test/vectors/public.json'),
  resolve(repoRoot, '../shared/spec/vectors/public.json'),
];

type Reviver = (key: string, value: unknown, context?: { source?: string }) => unknown;

const bigintSafe: Reviver = (_key, value, context) => {
  if (typeof value === 'number' && !Number.isSafeInteger(value) && context?.source !== undefined) {
    if (/^-?\d+$/.test(context.source)) return BigInt(context.source);
  }
  return value;
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Vectors = Record<string, any>;

export function loadVectors(): Vectors {
  const path = CANDIDATES.find((p) => existsSync(p));
  if (path === undefined) throw new Error(`no vectors file among ${CANDIDATES.join(', ')}`);
  return JSON.parse(readFileSync(path, 'utf8'), bigintSafe as Parameters<typeof JSON.parse>[1]) as Vectors;
}

export const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/^0x/, ''), 'hex'));
export const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
