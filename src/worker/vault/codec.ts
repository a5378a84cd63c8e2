/**
 * Serialisation of vault record values: JSON, with byte arrays tagged as {"$b": base64}. Pure.
 * Decoding never throws; it returns undefined for anything that is not a value we wrote.
 */
import { base64 } from '@scure/base';
import { bytesToUtf8, utf8ToBytes } from '$lib/shared/bytes.ts';

const BYTES_TAG = '$b';

export function encodeValue(value: unknown): Uint8Array {
  return utf8ToBytes(
    JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? { [BYTES_TAG]: base64.encode(v) } : v)),
  );
}

export function decodeValue(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(bytesToUtf8(bytes), (_key, v: unknown) => {
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
        const tagged = (v as Record<string, unknown>)[BYTES_TAG];
        if (typeof tagged === 'string' && Object.keys(v).length === 1) return base64.decode(tagged);
      }
      return v;
    }) as unknown;
  } catch {
    return undefined;
  }
}
