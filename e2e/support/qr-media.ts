/**
 * QR codes as a camera would see them, for e2e: a Y4M video file for Chromium's fake camera
 * (--use-file-for-fake-video-capture) and a BMP image for the "choose an image" input. The QR
 * matrix comes from uqr (the same encoder the profile page uses); the pixels are written here.
 */
import { writeFileSync } from 'node:fs';
import { encode } from 'uqr';

/** Grey levels of a frame: a QR code of `text` centred on a light grey page (null = no code). */
function frame(text: string | null, width: number, height: number): Uint8Array {
  const luma = new Uint8Array(width * height).fill(200);
  if (text === null) return luma;
  const { data, size } = encode(text, { ecc: 'M', border: 4 });
  const scale = Math.floor((Math.min(width, height) * 0.9) / size);
  const left = Math.floor((width - size * scale) / 2);
  const top = Math.floor((height - size * scale) / 2);
  for (let y = 0; y < size * scale; y++) {
    for (let x = 0; x < size * scale; x++) {
      luma[(top + y) * width + left + x] = data[Math.floor(y / scale)]![Math.floor(x / scale)] ? 16 : 235;
    }
  }
  return luma;
}

/** A few identical 4:2:0 frames (Chromium loops the file) showing a QR code of `text`. */
export function writeQrY4m(path: string, text: string, width = 640, height = 480, frames = 3): void {
  const y = frame(text, width, height);
  const chroma = new Uint8Array((width / 2) * (height / 2) * 2).fill(128);
  const parts: Uint8Array[] = [Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`)];
  for (let i = 0; i < frames; i++) parts.push(Buffer.from('FRAME\n'), y, chroma);
  writeFileSync(path, Buffer.concat(parts));
}

/** An uncompressed 24-bit BMP of a QR code of `text` (or of an empty page when `text` is null). */
export function qrBmp(text: string | null, width = 400, height = 400): Buffer {
  const luma = frame(text, width, height);
  const rowBytes = Math.ceil((width * 3) / 4) * 4;
  const pixelBytes = rowBytes * height;
  const out = Buffer.alloc(54 + pixelBytes);
  out.write('BM', 0, 'latin1');
  out.writeUInt32LE(54 + pixelBytes, 2);
  out.writeUInt32LE(54, 10);
  out.writeUInt32LE(40, 14);
  out.writeInt32LE(width, 18);
  out.writeInt32LE(height, 22); // positive: rows bottom-up
  out.writeUInt16LE(1, 26);
  out.writeUInt16LE(24, 28);
  out.writeUInt32LE(pixelBytes, 34);
  for (let row = 0; row < height; row++) {
    const src = (height - 1 - row) * width;
    for (let x = 0; x < width; x++) out.fill(luma[src + x]!, 54 + row * rowBytes + x * 3, 54 + row * rowBytes + x * 3 + 3);
  }
  return out;
}
