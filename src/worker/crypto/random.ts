/** The one source of randomness in the worker: WebCrypto's CSPRNG (also present in Node ≥ 19). */
export function randomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  // getRandomValues fills at most 65,536 bytes per call.
  for (let off = 0; off < length; off += 65_536) {
    crypto.getRandomValues(out.subarray(off, Math.min(length, off + 65_536)));
  }
  return out;
}
