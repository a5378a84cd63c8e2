/** QR matrix → one SVG path (a unit square per dark module). Pure; the share link is public data. */
import { encode } from 'uqr';

export interface QrPath {
  readonly size: number;
  readonly d: string;
}

export function qrPath(text: string): QrPath {
  const { data, size } = encode(text, { ecc: 'M', border: 2 });
  let d = '';
  data.forEach((row, y) => row.forEach((dark, x) => {
    if (dark) d += `M${x} ${y}h1v1h-1z`;
  }));
  return { size, d };
}
