/**
 * Writes the app icons (static/icons/*.png) with nothing but node:zlib: a speech bubble on the
 * accent colour. "any" icons are a rounded square with transparent corners; "maskable" icons fill
 * the whole square and keep the bubble inside the 80 % safe zone, so a launcher can crop them to
 * any shape. Run: `node scripts/icons.ts`. Output is deterministic, so the PNGs are checked in.
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

type Rgba = readonly [number, number, number, number];
const ACCENT: Rgba = [0x39, 0x53, 0xc7, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export function encodePng(size: number, pixel: (x: number, y: number) => Rgba): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    const row = y * (size * 4 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < size; x++) raw.set(pixel(x + 0.5, y + 0.5), row + 1 + x * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', new Uint8Array(0))]);
}

/** Inside a rounded rectangle centred at (cx, cy) with half-sizes (hw, hh) and corner radius r. */
function inRoundedRect(x: number, y: number, box: { cx: number; cy: number; hw: number; hh: number; r: number }): boolean {
  const dx = Math.max(Math.abs(x - box.cx) - (box.hw - box.r), 0);
  const dy = Math.max(Math.abs(y - box.cy) - (box.hh - box.r), 0);
  return dx * dx + dy * dy <= box.r * box.r;
}

/** The bubble, in unit coordinates (0..1) of the area it is drawn into. */
function inBubble(u: number, v: number): boolean {
  if (inRoundedRect(u, v, { cx: 0.5, cy: 0.44, hw: 0.36, hh: 0.27, r: 0.14 })) return true;
  // The tail: a triangle below the bubble's lower left.
  const t = (v - 0.66) / 0.2;
  return t >= 0 && t <= 1 && u >= 0.26 + 0.0 * t && u <= 0.46 - 0.2 * t;
}

function inDots(u: number, v: number): boolean {
  return [0.33, 0.5, 0.67].some((cx) => (u - cx) ** 2 + (v - 0.44) ** 2 <= 0.055 ** 2);
}

function icon(size: number, maskable: boolean): Buffer {
  const inset = maskable ? 0.2 : 0.14; // maskable: keep the bubble within the 80 % safe zone
  return encodePng(size, (x, y) => {
    const u0 = x / size;
    const v0 = y / size;
    if (!maskable && !inRoundedRect(u0, v0, { cx: 0.5, cy: 0.5, hw: 0.5, hh: 0.5, r: 0.22 })) return CLEAR;
    const u = (u0 - inset) / (1 - 2 * inset);
    const v = (v0 - inset) / (1 - 2 * inset);
    if (inBubble(u, v) && !inDots(u, v)) return WHITE;
    return ACCENT;
  });
}

const OUT = fileURLToPath(new URL('../static/icons/', import.meta.url));
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const size of [192, 512]) {
    writeFileSync(`${OUT}icon-${size}.png`, icon(size, false));
    writeFileSync(`${OUT}maskable-${size}.png`, icon(size, true));
  }
  writeFileSync(`${OUT}apple-touch-icon-180.png`, icon(180, true));
  console.log(`icons written to ${OUT}`);
}
