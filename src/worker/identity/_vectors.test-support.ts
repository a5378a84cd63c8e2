/**
 * Test support: the status-go vectors (test/vectors/public.json, copied from
 * ../shared/spec/vectors) and small parsers for the value formats they use. Test-only.
 */
import vectors from '../../../test/vectors/public.json';
import { hexToBytes } from '../../lib/shared/bytes.ts';

export { vectors };

/** Public keys in the vectors are "0x" + hex, sometimes upper case. */
export function keyBytes(hex: string): Uint8Array {
  return hexToBytes(hex);
}

/** "0xFF"-style numbers in the colour vectors. */
export function bigFromHex(hex: string): bigint {
  return BigInt(hex.startsWith('0x') || hex.startsWith('0X') ? hex : `0x${hex}`);
}
