/**
 * Node (unit tests, bench): loads tiny-secp256k1's libsecp256k1 binary from node_modules, for the
 * same backend the worker uses. Never bundled into the app.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Secp256k1Backend } from './secp256k1-backend.ts';
import { instantiateWasmSecp256k1 } from './secp256k1-wasm.ts';

/** The package exports only its JS entry; the binary sits in lib/, one level above lib/cjs/. */
export function wasmSecp256k1Path(): string {
  const entry = createRequire(import.meta.url).resolve('tiny-secp256k1');
  return join(dirname(entry), '..', 'secp256k1.wasm');
}

export async function loadWasmSecp256k1Node(): Promise<Secp256k1Backend> {
  return instantiateWasmSecp256k1(await readFile(wasmSecp256k1Path()));
}
