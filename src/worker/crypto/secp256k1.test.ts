/**
 * The two secp256k1 backends against each other, operation by operation, on random and on
 * malformed input: same bytes, same refusals. (This whole file, like every protocol vector test,
 * also runs in the `secp256k1-wasm` vitest project, where the module-level backend is the WASM one.)
 */
import { describe, expect, it } from 'vitest';
import { randomBytes } from './random.ts';
import { nobleSecp256k1, type Secp256k1Backend } from './secp256k1.ts';
import { loadWasmSecp256k1Node } from './secp256k1-load-node.ts';
import { keccak256 } from './hashes.ts';
import { randomPrivateKey as randomSecretKeyForTest } from './secp256k1.ts';

const wasm: Secp256k1Backend = await loadWasmSecp256k1Node();
const noble = nobleSecp256k1;
const N = BigInt('0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141');
const be32 = (x: bigint): Uint8Array => Uint8Array.from(Buffer.from(x.toString(16).padStart(64, '0'), 'hex'));

/** Runs `f` on a backend; the value or the fact that it threw. */
function outcome<T>(f: () => T): { ok: true; value: T } | { ok: false } {
  try {
    return { ok: true, value: f() };
  } catch {
    return { ok: false };
  }
}

const keys = Array.from({ length: 24 }, () => randomSecretKeyForTest());

describe('secp256k1: WASM libsecp256k1 gives noble\'s bytes', () => {
  it('is the WASM backend', () => {
    expect(wasm.name).toBe('libsecp256k1-wasm');
  });

  it('public keys (compressed and uncompressed), and re-encoding them', () => {
    for (const priv of keys) {
      for (const c of [true, false]) {
        const pub = noble.getPublicKey(priv, c);
        expect(wasm.getPublicKey(priv, c)).toEqual(pub);
        expect(wasm.normalizePublicKey(pub, !c)).toEqual(noble.normalizePublicKey(pub, !c));
      }
    }
  });

  it('ECDH X coordinate, both key encodings', () => {
    for (let i = 0; i + 1 < keys.length; i++) {
      const pub = noble.getPublicKey(keys[i + 1]!, i % 2 === 0);
      expect(wasm.ecdhX(keys[i]!, pub)).toEqual(noble.ecdhX(keys[i]!, pub));
    }
  });

  it('signatures (RFC 6979, low s) and recovery', () => {
    for (const priv of keys) {
      const digest = keccak256(randomBytes(40));
      const a = noble.signRecoverable(digest, priv);
      const b = wasm.signRecoverable(digest, priv);
      expect(b.signature).toEqual(a.signature);
      expect(b.recovery).toBe(a.recovery);
      const pub = noble.getPublicKey(priv, false);
      expect(wasm.recover(digest, a.signature, a.recovery)).toEqual(pub);
      expect(noble.recover(digest, a.signature, a.recovery)).toEqual(pub);
    }
  });

  it('recovers from high-s signatures as noble does', () => {
    const priv = keys[0]!;
    const digest = keccak256(Uint8Array.of(1, 2, 3));
    const { signature, recovery } = noble.signRecoverable(digest, priv);
    const s = BigInt(`0x${Buffer.from(signature.subarray(32)).toString('hex')}`);
    const high = new Uint8Array(64);
    high.set(signature.subarray(0, 32));
    high.set(be32(N - s), 32);
    expect(wasm.recover(digest, high, recovery ^ 1)).toEqual(noble.recover(digest, high, recovery ^ 1));
  });

  it('private keys: the same ones are refused (0, n, above n, wrong length)', () => {
    for (const bad of [new Uint8Array(32), be32(N), be32(N + 1n), new Uint8Array(32).fill(0xff), new Uint8Array(31).fill(1)]) {
      expect(wasm.isValidSecretKey(bad)).toBe(false);
      expect(noble.isValidSecretKey(bad)).toBe(false);
      expect(outcome(() => wasm.getPublicKey(bad, true)).ok).toBe(false);
      expect(outcome(() => wasm.ecdhX(bad, noble.getPublicKey(keys[0]!, true))).ok).toBe(false);
    }
    expect(wasm.isValidSecretKey(be32(N - 1n))).toBe(true);
    expect(wasm.getPublicKey(be32(N - 1n), true)).toEqual(noble.getPublicKey(be32(N - 1n), true));
  });

  it('garbage points: same accept/refuse as noble, the same output when accepted', () => {
    const pub = noble.getPublicKey(keys[1]!, false);
    const candidates: Uint8Array[] = [new Uint8Array(33), new Uint8Array(65), Uint8Array.of(2), randomBytes(64)];
    // Hybrid encodings (06/07), which libsecp256k1 itself would parse.
    const hybrid = pub.slice();
    hybrid[0] = 6 + (pub[64]! & 1);
    candidates.push(hybrid);
    for (let i = 0; i < 200; i++) {
      const c = randomBytes(i % 2 === 0 ? 33 : 65);
      c[0] = [2, 3, 4, 5, 0][i % 5]!;
      candidates.push(c);
    }
    // A flipped bit of a real key: usually off the curve.
    for (let i = 0; i < 40; i++) {
      const c = pub.slice();
      c[1 + (i % 64)]! ^= 1 << (i % 8);
      candidates.push(c);
    }
    let accepted = 0;
    for (const c of candidates) {
      const a = outcome(() => noble.normalizePublicKey(c, true));
      const b = outcome(() => wasm.normalizePublicKey(c, true));
      expect(b).toEqual(a);
      const da = outcome(() => noble.ecdhX(keys[2]!, c));
      const db = outcome(() => wasm.ecdhX(keys[2]!, c));
      expect(db).toEqual(da);
      if (a.ok) accepted++;
    }
    expect(accepted).toBeGreaterThan(5); // ~40 random compressed candidates, each on the curve about half the time
    expect(accepted).toBeLessThan(candidates.length);
  });

  it('garbage signatures: same accept/refuse as noble, the same key when accepted', () => {
    const digest = keccak256(Uint8Array.of(9));
    const good = noble.signRecoverable(digest, keys[3]!).signature;
    const sigs: Uint8Array[] = [new Uint8Array(64), new Uint8Array(64).fill(0xff)];
    const rZero = good.slice();
    rZero.fill(0, 0, 32);
    const sN = good.slice();
    sN.set(be32(N), 32);
    const rN = good.slice();
    rN.set(be32(N), 0);
    sigs.push(rZero, sN, rN);
    for (let i = 0; i < 120; i++) sigs.push(randomBytes(64));
    let recovered = 0;
    for (const sig of sigs) {
      for (const v of [0, 1]) {
        const a = outcome(() => noble.recover(digest, sig, v));
        const b = outcome(() => wasm.recover(digest, sig, v));
        expect(b).toEqual(a);
        if (a.ok) recovered++;
      }
    }
    expect(recovered).toBeGreaterThan(0);
    expect(outcome(() => wasm.recover(digest, good, 2)).ok).toBe(false);
  });

  it('stays correct after refusing input (the module state is not corrupted)', () => {
    for (let i = 0; i < 50; i++) outcome(() => wasm.recover(new Uint8Array(32), new Uint8Array(64), 0));
    const digest = keccak256(Uint8Array.of(7));
    const { signature, recovery } = wasm.signRecoverable(digest, keys[4]!);
    expect(wasm.recover(digest, signature, recovery)).toEqual(noble.getPublicKey(keys[4]!, false));
  });
});
