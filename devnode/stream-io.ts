/**
 * Request/response framing shared by every Waku req-resp protocol: one
 * varint-length-prefixed protobuf in, one out, then close (notes §1, §5).
 * Owns stream lifetimes: tolerates idle pre-opened streams that close without a
 * request (the SDK does that), caps frame sizes and resets streams left idle.
 */
import * as lp from 'it-length-prefixed';
import type { Stream } from '@libp2p/interface';
import { MAX_REQUEST_FRAME_BYTES, REMOTE_CLOSE_TIMEOUT_MS, STREAM_IDLE_TIMEOUT_MS } from './config.ts';

export type ReadResult =
  | { kind: 'request'; bytes: Uint8Array }
  | { kind: 'closed' }
  | { kind: 'too-large' }
  /** The stream ended in the middle of a frame. */
  | { kind: 'truncated' }
  | { kind: 'failed'; error: unknown };

const IDLE = Symbol('idle');

/** Maps it-length-prefixed's decode errors to outcomes worth answering. */
function classify(error: unknown): ReadResult {
  const name = (error as { name?: string } | null)?.name ?? '';
  if (name === 'InvalidDataLengthError' || name === 'InvalidMessageLengthError' || name === 'InvalidDataLengthLengthError') {
    return { kind: 'too-large' };
  }
  if (name === 'UnexpectedEOFError') return { kind: 'truncated' };
  return { kind: 'failed', error };
}

/** Reads the first length-prefixed frame of a stream. */
export async function readRequest(
  stream: Stream,
  maxBytes: number = MAX_REQUEST_FRAME_BYTES,
  idleMs: number = STREAM_IDLE_TIMEOUT_MS,
): Promise<ReadResult> {
  const frames = lp.decode(stream.source, { maxDataLength: maxBytes });
  let timer: NodeJS.Timeout | undefined;
  const idle = new Promise<typeof IDLE>((resolve) => {
    timer = setTimeout(() => resolve(IDLE), idleMs);
    timer.unref();
  });
  try {
    const first = await Promise.race([frames.next(), idle]);
    if (first === IDLE) {
      stream.abort(new Error('idle stream'));
      return { kind: 'closed' };
    }
    if (first.done) return { kind: 'closed' };
    return { kind: 'request', bytes: first.value.subarray() };
  } catch (error) {
    return classify(error);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Writes one length-prefixed frame, closes our side, then waits for the peer to
 * close theirs. Closing our read side first would drop the stream while the peer's
 * CLOSE is still in flight; mplex counts frames for unknown streams and drops the
 * whole connection after 5 in a second (seen with the SDK across processes).
 */
export async function writeResponse(stream: Stream, bytes: Uint8Array): Promise<void> {
  await stream.sink([lp.encode.single(bytes)]);
  await awaitRemoteClose(stream);
}

/** Drains the peer's side until it closes; resets the stream after `timeoutMs`. Never rejects. */
export async function awaitRemoteClose(stream: Stream, timeoutMs: number = REMOTE_CLOSE_TIMEOUT_MS): Promise<void> {
  if (stream.readStatus === 'closed') return;
  const timer = setTimeout(() => stream.abort(new Error('peer kept the stream open')), timeoutMs);
  timer.unref();
  try {
    for await (const chunk of stream.source) void chunk; // trailing bytes after the request are ignored
  } catch {
    // reset by the peer or aborted by the timer: the stream is gone either way
  } finally {
    clearTimeout(timer);
  }
}

/** Best-effort close that never throws (stream may already be gone). */
export async function closeQuietly(stream: Stream): Promise<void> {
  try {
    await stream.close();
  } catch {
    stream.abort(new Error('close failed'));
  }
}
