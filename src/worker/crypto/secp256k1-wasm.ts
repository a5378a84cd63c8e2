/**
 * The fast secp256k1 backend: libsecp256k1 compiled to WebAssembly, the binary that ships in the
 * `tiny-secp256k1` package (2.2.4). We instantiate the binary ourselves (so the worker can fall
 * back to noble when WebAssembly is refused) and drive its exports with our own thin calling code:
 * inputs are copied into the module's fixed input buffers, the export is called, the output is
 * copied out, and the buffers are zeroed.
 *
 * The binary reports bad input by calling an imported `throwError`, which unwinds through wasm
 * frames without restoring the module's stack pointer; so every input is validated here first and
 * that import must never fire (it throws, as a last resort). Owns only the raw operations;
 * conventions (X-only DH, r ‖ s ‖ v, recovery ids) belong to secp256k1.ts, which chooses a backend.
 */
import type { Secp256k1Backend } from './secp256k1-backend.ts';

interface Exports {
  readonly memory: WebAssembly.Memory;
  readonly initializeContext: () => void;
  readonly isPoint: (len: number) => number;
  readonly pointCompress: (len: number, outLen: number) => void;
  readonly pointFromScalar: (outLen: number) => number;
  readonly pointMultiply: (len: number, outLen: number) => number;
  readonly signRecoverable: (withExtra: number) => number;
  readonly recover: (outLen: number, recoveryId: number) => number;
  readonly PRIVATE_INPUT: WebAssembly.Global;
  readonly PUBLIC_KEY_INPUT: WebAssembly.Global;
  readonly TWEAK_INPUT: WebAssembly.Global;
  readonly HASH_INPUT: WebAssembly.Global;
  readonly SIGNATURE_INPUT: WebAssembly.Global;
}

/** The group order n, big-endian. */
const N = Uint8Array.from([
  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
  0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
]);

/** -1, 0 or 1 as big-endian `a` compares to `b` (same length). */
function compare(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return 0;
}

const isZero = (a: Uint8Array): boolean => a.every((x) => x === 0);
/** 1 ≤ x < n: a valid private key, DH scalar, or signature r / s. */
const isScalar = (x: Uint8Array): boolean => x.length === 32 && !isZero(x) && compare(x, N) < 0;

class WasmSecp256k1 implements Secp256k1Backend {
  readonly name = 'libsecp256k1-wasm' as const;
  readonly #x: Exports;
  #buffer: ArrayBuffer | null = null;
  #priv!: Uint8Array;
  #pub!: Uint8Array;
  #tweak!: Uint8Array;
  #hash!: Uint8Array;
  #sig!: Uint8Array;

  constructor(x: Exports) {
    this.#x = x;
  }

  /** Views on the module's input buffers, made again if the memory ever grows. */
  #views(): void {
    const buf = this.#x.memory.buffer;
    if (buf === this.#buffer) return;
    this.#buffer = buf;
    const at = (g: WebAssembly.Global, len: number): Uint8Array => new Uint8Array(buf, Number(g.value), len);
    this.#priv = at(this.#x.PRIVATE_INPUT, 32);
    this.#pub = at(this.#x.PUBLIC_KEY_INPUT, 65);
    this.#tweak = at(this.#x.TWEAK_INPUT, 32);
    this.#hash = at(this.#x.HASH_INPUT, 32);
    this.#sig = at(this.#x.SIGNATURE_INPUT, 64);
  }

  /** SEC1 compressed (02/03) or uncompressed (04) on the curve; hybrid (06/07) is refused as noble does. */
  #isPoint(p: Uint8Array): boolean {
    const shapeOk = (p.length === 33 && (p[0] === 2 || p[0] === 3)) || (p.length === 65 && p[0] === 4);
    if (!shapeOk) return false;
    this.#views();
    try {
      this.#pub.set(p);
      return this.#x.isPoint(p.length) === 1;
    } finally {
      this.#pub.fill(0);
    }
  }

  isValidSecretKey(priv: Uint8Array): boolean {
    return isScalar(priv);
  }

  getPublicKey(priv: Uint8Array, compressed: boolean): Uint8Array {
    if (!isScalar(priv)) throw new RangeError('private key out of range');
    this.#views();
    const len = compressed ? 33 : 65;
    try {
      this.#priv.set(priv);
      if (this.#x.pointFromScalar(len) !== 1) throw new RangeError('private key out of range');
      return this.#pub.slice(0, len);
    } finally {
      this.#priv.fill(0);
      this.#pub.fill(0);
    }
  }

  normalizePublicKey(pub: Uint8Array, compressed: boolean): Uint8Array {
    if (!this.#isPoint(pub)) throw new RangeError('public key: not a point on secp256k1');
    const len = compressed ? 33 : 65;
    try {
      this.#pub.set(pub);
      this.#x.pointCompress(pub.length, len);
      return this.#pub.slice(0, len);
    } finally {
      this.#pub.fill(0);
    }
  }

  ecdhX(priv: Uint8Array, pub: Uint8Array): Uint8Array {
    if (!isScalar(priv)) throw new RangeError('private key out of range');
    if (!this.#isPoint(pub)) throw new RangeError('public key: not a point on secp256k1');
    try {
      this.#pub.set(pub);
      this.#tweak.set(priv);
      // A valid point times a scalar in [1, n) is never infinity (the group has prime order).
      if (this.#x.pointMultiply(pub.length, 33) !== 1) throw new RangeError('ECDH failed');
      return this.#pub.slice(1, 33);
    } finally {
      this.#pub.fill(0);
      this.#tweak.fill(0);
    }
  }

  signRecoverable(digest: Uint8Array, priv: Uint8Array): { readonly signature: Uint8Array; readonly recovery: number } {
    if (digest.length !== 32) throw new RangeError('digest: expected 32 bytes');
    if (!isScalar(priv)) throw new RangeError('private key out of range');
    this.#views();
    try {
      this.#hash.set(digest);
      this.#priv.set(priv);
      // RFC 6979 nonce, low s: libsecp256k1's defaults, the same bytes as noble's.
      const recovery = this.#x.signRecoverable(0);
      return { signature: this.#sig.slice(0, 64), recovery };
    } finally {
      this.#hash.fill(0);
      this.#priv.fill(0);
      this.#sig.fill(0);
    }
  }

  recover(digest: Uint8Array, signature: Uint8Array, recovery: number): Uint8Array {
    if (digest.length !== 32) throw new RangeError('digest: expected 32 bytes');
    if (signature.length !== 64) throw new RangeError('signature: expected 64 bytes');
    if (recovery !== 0 && recovery !== 1) throw new RangeError('recovery id must be 0 or 1');
    const r = signature.subarray(0, 32);
    if (!isScalar(r) || !isScalar(signature.subarray(32))) throw new RangeError('signature: r or s out of range');
    // r must be the X of a curve point (recovery ids 0/1 take r itself as X).
    this.#views();
    try {
      this.#pub[0] = 2;
      this.#pub.set(r, 1);
      if (this.#x.isPoint(33) !== 1) throw new RangeError('signature: r is not on the curve');
    } finally {
      this.#pub.fill(0);
    }
    try {
      this.#hash.set(digest);
      this.#sig.set(signature);
      if (this.#x.recover(65, recovery) !== 1) throw new RangeError('signature: no key recovers');
      return this.#pub.slice(0, 65);
    } finally {
      this.#hash.fill(0);
      this.#sig.fill(0);
      this.#pub.fill(0);
    }
  }
}

/**
 * Instantiates the libsecp256k1 binary (the bytes of tiny-secp256k1's `lib/secp256k1.wasm`) and
 * checks it against a known answer before it is used. Rejects when WebAssembly is unavailable
 * or refused (CSP without 'wasm-unsafe-eval').
 */
export async function instantiateWasmSecp256k1(binary: BufferSource): Promise<Secp256k1Backend> {
  const imports = {
    './rand.js': {
      // Only seeds the context's side-channel blinding.
      generateInt32: (): number => crypto.getRandomValues(new Int32Array(1))[0]!,
    },
    './validate_error.js': {
      throwError: (code: number): never => {
        throw new Error(`libsecp256k1 refused an input the wrapper should have refused first (code ${code})`);
      },
    },
  };
  const { instance } = await WebAssembly.instantiate(binary, imports);
  const x = instance.exports as unknown as Exports;
  x.initializeContext();
  const backend = new WasmSecp256k1(x);
  // Known answer: 1·G.
  const one = new Uint8Array(32);
  one[31] = 1;
  const g = backend.getPublicKey(one, true);
  const G = '0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798';
  if (Array.from(g, (b) => b.toString(16).padStart(2, '0')).join('') !== G) throw new Error('libsecp256k1 self-test failed');
  return backend;
}
