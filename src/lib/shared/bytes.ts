/**
 * Tiny byte helpers shared by the page and the worker. Pure, dependency-free.
 * Owns: hex/utf8 conversion, concatenation, equality. Does not own any crypto.
 */

const HEX_RE = /^(?:[0-9a-fA-F]{2})*$/;

export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** Decodes hex with or without a `0x` prefix. Throws a RangeError naming the problem. */
export function hexToBytes(hex: string): Uint8Array {
  const h = hex.startsWith('0x') || hex.startsWith('0X') ? hex.slice(2) : hex;
  if (!HEX_RE.test(h)) throw new RangeError(`expected an even-length hex string, got ${h.length} chars`);
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** Plain equality; for secrets use the constant-time compare in worker/crypto. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export const utf8ToBytes = (s: string): Uint8Array => encoder.encode(s);
/** Strict UTF-8 decode: invalid sequences throw a TypeError. */
export const bytesToUtf8 = (b: Uint8Array): string => decoder.decode(b);
