/**
 * Private helpers of emoji-hash.ts and color-hash.ts (status-protocol.md §1.4 step 2, §1.5 step 2):
 * the emoji and colour values cut from the compressed key, and big-number base conversion.
 */
import { bytesToHex } from '../../lib/shared/bytes.ts';
import { normalizePublicKey } from '../crypto/secp256k1.ts';
import { IdentityArgumentError } from './errors.ts';

/** §1.4 step 2, as hex-character ranges of hex(comp(P)) (the 1.5-byte cut-offs are dropped). */
const EMOJI_VALUE_HEX = { start: 3, end: 43 } as const;
const COLOR_VALUE_HEX = { start: 43, end: 63 } as const;

export interface IdentityValues {
  /** E of §1.4: 160 bits. */
  readonly emojiValue: bigint;
  /** K of §1.4/§1.5: 80 bits. */
  readonly colorValue: bigint;
}

/** Cuts E and K from `publicKey` (SEC1, 33 or 65 bytes); throws if it is not a valid point. */
export function identityValuesOf(publicKey: Uint8Array): IdentityValues {
  let compressed: Uint8Array;
  try {
    compressed = normalizePublicKey(publicKey, true);
  } catch (e) {
    throw new IdentityArgumentError('publicKey', `not a SEC1 secp256k1 point (${(e as Error).message})`);
  }
  const hex = bytesToHex(compressed);
  return {
    emojiValue: BigInt('0x' + hex.slice(EMOJI_VALUE_HEX.start, EMOJI_VALUE_HEX.end)),
    colorValue: BigInt('0x' + hex.slice(COLOR_VALUE_HEX.start, COLOR_VALUE_HEX.end)),
  };
}

/** `value` in base `base`, most significant digit first, no leading zeros; 0 is the digit [0]. */
export function toBigBase(value: bigint, base: number): number[] {
  if (typeof value !== 'bigint' || value < 0n) throw new IdentityArgumentError('value', 'expected a bigint ≥ 0');
  if (!Number.isSafeInteger(base) || base < 2) throw new IdentityArgumentError('base', `expected an integer ≥ 2, got ${base}`);
  const b = BigInt(base);
  const digits: number[] = [];
  let v = value;
  do {
    digits.push(Number(v % b));
    v /= b;
  } while (v > 0n);
  return digits.reverse();
}

/** Number of bits of `value` (0 for 0), as Go's big.Int.BitLen. */
export function bitLength(value: bigint): number {
  return value === 0n ? 0 : value.toString(2).length;
}
