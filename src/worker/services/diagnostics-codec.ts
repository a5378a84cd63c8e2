/**
 * The payload of Parley's network diagnostics messages: UTF-8 JSON `{"v":1,"text":"…"}` on a
 * Parley-only content topic. Not part of the Status protocol; it exists to prove a round trip
 * through light push, filter and store. Pure; decoding never throws.
 */
import { bytesToUtf8, utf8ToBytes } from '$lib/shared/bytes.ts';

/** Content topic of diagnostics messages (valid SDK syntax /app/version/name/encoding). */
export const DIAGNOSTICS_CONTENT_TOPIC = '/parley/1/diagnostics/json';
export const DIAGNOSTICS_FORMAT_VERSION = 1;
/** Longest diagnostics text we send or accept, in UTF-16 code units. */
export const MAX_DIAGNOSTIC_TEXT = 280;
/** Larger payloads are rejected before parsing. */
const MAX_PAYLOAD_BYTES = 4 * MAX_DIAGNOSTIC_TEXT + 64;

export type DiagnosticDecodeError = 'too_large' | 'not_utf8' | 'not_json' | 'bad_shape' | 'bad_version' | 'text_too_long';

export function encodeDiagnostic(text: string): Uint8Array {
  return utf8ToBytes(JSON.stringify({ v: DIAGNOSTICS_FORMAT_VERSION, text }));
}

export function decodeDiagnostic(payload: Uint8Array): { ok: true; text: string } | { ok: false; reason: DiagnosticDecodeError } {
  if (payload.length > MAX_PAYLOAD_BYTES) return { ok: false, reason: 'too_large' };
  let json: string;
  try {
    json = bytesToUtf8(payload);
  } catch {
    return { ok: false, reason: 'not_utf8' };
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { ok: false, reason: 'not_json' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'bad_shape' };
  const record = value as Record<string, unknown>;
  if (record['v'] !== DIAGNOSTICS_FORMAT_VERSION) return { ok: false, reason: 'bad_version' };
  const text = record['text'];
  if (typeof text !== 'string') return { ok: false, reason: 'bad_shape' };
  if (text.length > MAX_DIAGNOSTIC_TEXT) return { ok: false, reason: 'text_too_long' };
  return { ok: true, text };
}
