/** Test support: DER encoding (SEQUENCE of two INTEGERs) of the r ‖ s of a 65-byte Status signature. */
export function derOfSignature(sig: Uint8Array): Uint8Array {
  const int = (b: Uint8Array): Uint8Array => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const v = b.subarray(i);
    return (v[0]! & 0x80) !== 0 ? Uint8Array.of(0, ...v) : v;
  };
  const r = int(sig.subarray(0, 32));
  const s = int(sig.subarray(32, 64));
  return Uint8Array.of(0x30, r.length + s.length + 4, 0x02, r.length, ...r, 0x02, s.length, ...s);
}
