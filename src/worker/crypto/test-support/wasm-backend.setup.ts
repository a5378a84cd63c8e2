/**
 * Vitest setup of the `secp256k1-wasm` project (vite.config.ts): the same crypto, protocol and
 * identity tests, with libsecp256k1 (WebAssembly) as the secp256k1 backend instead of noble.
 */
import { beforeAll, expect } from 'vitest';
import { secp256k1BackendName, useSecp256k1Backend } from '../secp256k1.ts';
import { loadWasmSecp256k1Node } from '../secp256k1-load-node.ts';

useSecp256k1Backend(await loadWasmSecp256k1Node());

beforeAll(() => {
  expect(secp256k1BackendName()).toBe('libsecp256k1-wasm');
});
