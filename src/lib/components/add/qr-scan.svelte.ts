/**
 * UI state of the add-contact QR scanner: the camera stream and its decode loop, and reading a QR
 * code from a picked image. The camera is asked for only from start() (a click); it stops on
 * success, stop(), a hidden tab and when the component goes away. Decoding is qr-decoder.ts.
 */
import { cameraError, decodeImageFile, pixelsOf, qrDecoder, type ScanError } from './qr-decoder.ts';

/** How often a camera frame is decoded. */
const FRAME_INTERVAL_MS = 150;

export class QrScan {
  phase = $state<'idle' | 'starting' | 'scanning' | 'reading-file'>('idle');
  error = $state<ScanError | null>(null);
  #video: HTMLVideoElement | null = null;
  #canvas: HTMLCanvasElement | null = null;
  #stream: MediaStream | null = null;
  /** Bumped on every start/stop, so a late getUserMedia or decode of an old run is dropped. */
  #run = 0;
  readonly #onresult: (text: string) => void;
  readonly #onstart: () => void;

  constructor(callbacks: { onresult: (text: string) => void; onstart: () => void }) {
    this.#onresult = callbacks.onresult;
    this.#onstart = callbacks.onstart;
  }

  /** The component's elements (the video exists only while the camera is on). */
  attach(video: HTMLVideoElement | null, canvas: HTMLCanvasElement | null): void {
    this.#video = video;
    this.#canvas = canvas;
  }

  /** Stops the camera when the tab is hidden; the returned cleanup also stops it (component gone). */
  watchVisibility(): () => void {
    const hidden = (): void => {
      if (document.visibilityState === 'hidden' && this.#stream) this.stop();
    };
    document.addEventListener('visibilitychange', hidden);
    return () => {
      document.removeEventListener('visibilitychange', hidden);
      this.stop();
    };
  }

  stop = (): void => {
    this.#run++;
    for (const track of this.#stream?.getTracks() ?? []) track.stop();
    this.#stream = null;
    if (this.#video) this.#video.srcObject = null;
    if (this.phase !== 'reading-file') this.phase = 'idle';
  };

  start = async (): Promise<void> => {
    this.stop();
    this.error = null;
    this.#onstart();
    const mine = ++this.#run;
    if (!navigator.mediaDevices?.getUserMedia) {
      this.error = { code: 'scan/insecure_context' };
      return;
    }
    this.phase = 'starting';
    const decoder = qrDecoder();
    let media: MediaStream;
    try {
      media = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false });
    } catch (e) {
      if (mine === this.#run) {
        this.error = cameraError(e);
        this.phase = 'idle';
      }
      return;
    }
    if (mine !== this.#run) {
      for (const track of media.getTracks()) track.stop();
      return;
    }
    this.#stream = media;
    this.phase = 'scanning';
    const loaded = await decoder;
    if (mine !== this.#run) return;
    if (!loaded.ok) {
      this.error = loaded.error;
      this.stop();
      return;
    }
    await this.#scanLoop(mine, loaded.value.decode);
  };

  async #scanLoop(mine: number, decode: (p: ImageData) => Promise<string | null>): Promise<void> {
    while (mine === this.#run) {
      const v = this.#video;
      const canvas = this.#canvas;
      const stream = this.#stream;
      if (v && canvas && stream) {
        if (v.srcObject !== stream) {
          v.srcObject = stream;
          await v.play().catch(() => undefined);
        }
        const pixels = v.readyState >= 2 ? pixelsOf(v, v.videoWidth, v.videoHeight, canvas) : null;
        const text = pixels ? await decode(pixels as ImageData).catch(() => null) : null;
        if (mine !== this.#run) return;
        if (text !== null) {
          this.stop();
          this.#onresult(text);
          return;
        }
      }
      await new Promise((r) => setTimeout(r, FRAME_INTERVAL_MS));
    }
  }

  pickFile = async (event: Event): Promise<void> => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    const canvas = this.#canvas;
    if (!file || !canvas) return;
    this.stop();
    this.error = null;
    this.#onstart();
    this.phase = 'reading-file';
    const r = await decodeImageFile(file, canvas);
    this.phase = 'idle';
    input.value = '';
    if (r.ok) this.#onresult(r.value);
    else this.error = r.error;
  };
}
