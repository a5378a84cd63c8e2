import { readFileSync } from 'node:fs';
import { encode } from 'uqr';
import { describe, expect, it } from 'vitest';
import { zxingQrDecoder, type Pixels } from './zxing-qr.ts';

const WASM = { binary: new Uint8Array(readFileSync(new URL('../../../../node_modules/zxing-wasm/dist/reader/zxing_reader.wasm', import.meta.url))) };

/** A QR code of `text` as RGBA pixels: `scale` px per module, white quiet zone, on a grey page. */
function qrPixels(text: string, scale = 4, pad = 20): Pixels {
  const { data: rows, size } = encode(text, { ecc: 'M', border: 2 });
  const width = size * scale + 2 * pad;
  const data = new Uint8ClampedArray(width * width * 4).fill(200);
  for (let y = 0; y < width; y++) {
    for (let x = 0; x < width; x++) {
      const mx = Math.floor((x - pad) / scale);
      const my = Math.floor((y - pad) / scale);
      const inside = mx >= 0 && my >= 0 && mx < size && my < size;
      const v = inside ? (rows[my]![mx] ? 0 : 255) : 200;
      data.fill(v, (y * width + x) * 4, (y * width + x) * 4 + 3);
      data[(y * width + x) * 4 + 3] = 255;
    }
  }
  return { data, width, height: width };
}

describe('zxing QR decoder (wasm reader, bytes read from the package)', () => {
  it('reads a contact link back from a rendered QR code', async () => {
    const decode = await zxingQrDecoder(WASM);
    const link = 'https://status.app/u#zQ3shZeEJqTC1xhGUjMrVdDZL6zYGoSTVmUaN1Vfzmt4iGGKm';
    expect(await decode(qrPixels(link))).toBe(link);
    expect(await decode(qrPixels('not a key, just words', 3))).toBe('not a key, just words');
  });

  it('returns null for images without a QR code, and for noise', async () => {
    const decode = await zxingQrDecoder(WASM);
    const blank: Pixels = { data: new Uint8ClampedArray(64 * 64 * 4).fill(255), width: 64, height: 64 };
    expect(await decode(blank)).toBeNull();
    let seed = 7;
    const noise = new Uint8ClampedArray(200 * 200 * 4).map(() => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16) & 255);
    expect(await decode({ data: noise, width: 200, height: 200 })).toBeNull();
    // A QR code with a quarter of it blanked out is not read as something else.
    const cut = qrPixels('https://status.app/u#zQ3shZeEJqTC1xhGUjMrVdDZL6zYGoSTVmUaN1Vfzmt4iGGKm');
    cut.data.fill(255, 0, (cut.width * cut.height * 4) / 2);
    expect(await decode(cut)).toBeNull();
  });
});
