/**
 * Picks the QR decoder for this browser: the built-in BarcodeDetector when it exists and lists
 * qr_code, otherwise zxing-wasm, imported only now (so it never weighs on a route's first load)
 * with its .wasm served from our own origin. Also turns camera and file failures into typed scan
 * errors. Decoding happens in the page; it only reads pixels, never touches keys or the worker.
 */
import { err, ok, type ErrorInfo, type Result } from '$lib/shared/result.ts';
import type { PixelDecoder, Pixels } from './zxing-qr.ts';

export type ScanErrorCode =
  | 'scan/no_camera'
  | 'scan/permission_denied'
  | 'scan/camera_busy'
  | 'scan/insecure_context'
  | 'scan/decoder_unavailable'
  | 'scan/not_an_image'
  | 'scan/no_qr_found';
export type ScanError = ErrorInfo<ScanErrorCode>;

export interface QrDecoder {
  /** 'native' = BarcodeDetector, 'zxing' = the WebAssembly fallback. */
  readonly kind: 'native' | 'zxing';
  decode(pixels: Pixels): Promise<string | null>;
}

interface DetectedBarcode { readonly rawValue: string }
interface BarcodeDetectorLike { detect(source: ImageData): Promise<DetectedBarcode[]> }
interface BarcodeDetectorClass {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

async function nativeDecoder(): Promise<QrDecoder | null> {
  const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  if (!Detector) return null;
  try {
    if (!(await Detector.getSupportedFormats()).includes('qr_code')) return null;
    const detector = new Detector({ formats: ['qr_code'] });
    return {
      kind: 'native',
      decode: async (pixels) => (await detector.detect(new ImageData(new Uint8ClampedArray(pixels.data), pixels.width, pixels.height))).find((b) => b.rawValue !== '')?.rawValue ?? null,
    };
  } catch {
    return null;
  }
}

let loading: Promise<Result<QrDecoder, ScanError>> | null = null;

async function load(): Promise<Result<QrDecoder, ScanError>> {
  const native = await nativeDecoder();
  if (native) return ok(native);
  try {
    const [{ zxingQrDecoder }, { default: url }] = await Promise.all([import('./zxing-qr.ts'), import('zxing-wasm/reader/zxing_reader.wasm?url')]);
    const decode: PixelDecoder = await zxingQrDecoder({ url: new URL(url, location.href).href });
    return ok({ kind: 'zxing', decode });
  } catch {
    return err('scan/decoder_unavailable');
  }
}

/** The decoder, loaded once per page (a failed load is retried on the next scan). */
export function qrDecoder(): Promise<Result<QrDecoder, ScanError>> {
  const current = (loading ??= load());
  void current.then((r) => {
    if (!r.ok && loading === current) loading = null;
  });
  return current;
}

/** getUserMedia's DOMException names → what the user can do about it. */
export function cameraError(e: unknown): ScanError {
  const name = e instanceof DOMException || e instanceof Error ? e.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return { code: 'scan/permission_denied' };
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return { code: 'scan/no_camera' };
  if (name === 'NotReadableError' || name === 'AbortError') return { code: 'scan/camera_busy' };
  return { code: 'scan/no_camera' };
}

/** The largest side we hand to a decoder; a phone photo is scaled down to this first. */
const MAX_SIDE = 1280;

/** Pixels of a drawable (a video frame or a decoded image file), scaled down if large. */
export function pixelsOf(source: CanvasImageSource, width: number, height: number, canvas: HTMLCanvasElement): Pixels | null {
  if (width === 0 || height === 0) return null;
  const scale = Math.min(1, MAX_SIDE / Math.max(width, height));
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const g = canvas.getContext('2d', { willReadFrequently: true });
  if (!g) return null;
  g.drawImage(source, 0, 0, canvas.width, canvas.height);
  return g.getImageData(0, 0, canvas.width, canvas.height);
}

/** Reads a QR code from an image file the user picked; nothing leaves the page. */
export async function decodeImageFile(file: Blob, canvas: HTMLCanvasElement): Promise<Result<string, ScanError>> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return err('scan/not_an_image');
  }
  try {
    const pixels = pixelsOf(bitmap, bitmap.width, bitmap.height, canvas);
    if (!pixels) return err('scan/not_an_image');
    const decoder = await qrDecoder();
    if (!decoder.ok) return decoder;
    const text = await decoder.value.decode(pixels);
    return text === null ? err('scan/no_qr_found') : ok(text);
  } finally {
    bitmap.close();
  }
}
