/**
 * Serialisation of vault record values: JSON, with byte arrays tagged as {"$b": base64} and
 * bigints as {"$n": "decimal"} (protocol clocks and timestamps are 64-bit). Pure.
 * Decoding never throws; it returns undefined for anything that is not a value we wrote.
 */
import { base64 } from '@scure/base';
import { bytesToUtf8, utf8ToBytes } from '$lib/shared/bytes.ts';

const BYTES_TAG = '$b';
const BIGINT_TAG = '$n';

export function encodeValue(value: unknown): Uint8Array {
  return utf8ToBytes(
    JSON.stringify(value, (_key, v: unknown) => {
      if (v instanceof Uint8Array) return { [BYTES_TAG]: base64.encode(v) };
      if (typeof v === 'bigint') return { [BIGINT_TAG]: v.toString() };
      return v;
    }),
  );
}

export function decodeValue(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(bytesToUtf8(bytes), (_key, v: unknown) => {
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
        const record = v as Record<string, unknown>;
        if (Object.keys(record).length === 1) {
          if (typeof record[BYTES_TAG] === 'string') return base64.decode(record[BYTES_TAG]);
          if (typeof record[BIGINT_TAG] === 'string' && /^-?\d+$/.test(record[BIGINT_TAG])) return BigInt(record[BIGINT_TAG]);
        }
      }
      return v;
    }) as unknown;
  } catch {
    return undefined;
  }
}
