/**
 * The fallback QR decoder: zxing-wasm's reader build (ZXing-C++ compiled to WebAssembly), for
 * browsers without a BarcodeDetector that reads QR codes (Chromium on Linux, Firefox). Loaded only
 * when scanning starts. The .wasm comes from our own origin: `wasmUrl` is passed in, because the
 * library's default would fetch it from a CDN (jsDelivr). Owns no camera and no UI.
 */
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

/** Pixels in the shape of ImageData (RGBA, row-major), so Node tests can pass plain objects. */
export interface Pixels {
  readonly data: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

export type PixelDecoder = (pixels: Pixels) => Promise<string | null>;

/**
 * Instantiates the module from `wasm.url` (the page: our origin) or from bytes already at hand
 * (unit tests in Node, where there is no fetch of files); rejects if it cannot load or compile.
 */
export async function zxingQrDecoder(wasm: { readonly url: string } | { readonly binary: Uint8Array }): Promise<PixelDecoder> {
  const overrides = 'url' in wasm
    ? { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasm.url : prefix + path) }
    : { wasmBinary: wasm.binary.slice().buffer };
  await prepareZXingModule({ overrides, fireImmediately: true });
  return async (pixels) => {
    const found = await readBarcodes(pixels as ImageData, { formats: ['QRCode'], maxNumberOfSymbols: 1, tryHarder: true });
    const hit = found.find((r) => r.isValid && r.text !== '');
    return hit ? hit.text : null;
  };
}
