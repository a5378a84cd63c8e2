/**
 * Start-up choice of the secp256k1 backend in the worker: libsecp256k1 in WebAssembly when the
 * binary loads (fetched from our own origin: Vite emits it as an asset beside the worker chunk),
 * else @noble/curves. Called once, before any service runs. Node (unit tests, bench) loads the
 * same binary from node_modules with secp256k1-load-node.ts instead.
 */
import wasmUrl from '../../../node_modules/tiny-secp256k1/lib/secp256k1.wasm?url';
import { useSecp256k1Backend, type Secp256k1Backend } from './secp256k1.ts';
import { instantiateWasmSecp256k1 } from './secp256k1-wasm.ts';

/** Returns the backend in use and, on fallback, why the fast one was not taken. */
export async function chooseSecp256k1Backend(): Promise<{ readonly name: Secp256k1Backend['name']; readonly fallbackReason?: string }> {
  try {
    const res = await fetch(new URL(wasmUrl, self.location.href));
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const backend = await instantiateWasmSecp256k1(await res.arrayBuffer());
    useSecp256k1Backend(backend);
    return { name: backend.name };
  } catch (e) {
    return { name: 'noble', fallbackReason: e instanceof Error ? e.message : String(e) };
  }
}
