/**
 * The colour ring ("identicon ring", status-protocol.md §1.5), its general form `toColorHash`,
 * the 32-colour palette, and a pure CSS helper for drawing the ring. Owns: alphabet, base
 * conversion, adjacent-colour de-duplication, ring → conic-gradient stops. Does not own: components.
 */
import { IdentityArgumentError } from './errors.ts';
import { identityValuesOf, toBigBase } from './_values.ts';

/** §1.5 step 1: segment lengths 1…5 units, 32 colours → 160 symbols. */
export const COLOR_HASH_UNITS = 5;
export const COLOR_HASH_COLORS = 32;

/** §1.5 palette, index 0…31 (as used by the Status web components). */
export const COLOR_PALETTE: readonly string[] = Object.freeze([
  '#000000', '#726F6F', '#C4C4C4', '#E7E7E7', '#FFFFFF', '#00FF00', '#009800', '#B8FFBB',
  '#FFC413', '#9F5947', '#FFFF00', '#A8AC00', '#FFFFB0', '#FF5733', '#FF0000', '#9A0000',
  '#FF9D9D', '#FF0099', '#C80078', '#FF00FF', '#900090', '#FFB0FF', '#9E00FF', '#0000FF',
  '#000086', '#9B81FF', '#3FAEF9', '#9A6600', '#00FFFF', '#008694', '#C2FFFF', '#00F0B6',
]);

/** One ring segment: `[units, colourIndex]`; its angle is proportional to `units`. */
export type ColorSegment = readonly [units: number, colorIndex: number];
export type ColorRing = readonly ColorSegment[];

function expectCount(name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 1) throw new IdentityArgumentError(name, `expected an integer ≥ 1, got ${n}`);
}

/** §1.5 step 1: entry i = [⌊i/colors⌋ + 1, i mod colors], ordered by units then colour. */
export function colorHashAlphabet(units: number, colors: number): ColorSegment[] {
  expectCount('units', units);
  expectCount('colors', colors);
  return Array.from({ length: units * colors }, (_, i) => [Math.floor(i / colors) + 1, i % colors] as const);
}

/**
 * §1.5 steps 2–4: `value` in base |alphabet| (no padding), digits mapped to pairs, then each colour
 * equal to the already-adjusted previous one is bumped to (c + 1) mod `colors`.
 */
export function toColorHash(value: bigint, alphabet: readonly ColorSegment[], colors: number): ColorSegment[] {
  expectCount('colors', colors);
  if (alphabet.length < 2) throw new IdentityArgumentError('alphabet', `expected ≥ 2 entries, got ${alphabet.length}`);
  const ring = toBigBase(value, alphabet.length).map((d) => alphabet[d]!);
  const out: ColorSegment[] = [];
  for (const [units, color] of ring) {
    const prev = out[out.length - 1];
    out.push([units, prev !== undefined && prev[1] === color ? (color + 1) % colors : color]);
  }
  return out;
}

const STANDARD_ALPHABET = colorHashAlphabet(COLOR_HASH_UNITS, COLOR_HASH_COLORS);

/** §1.5: the colour ring of a public key (SEC1, 33 or 65 bytes). Throws if it is not a valid point. */
export function colorHashOf(publicKey: Uint8Array): ColorSegment[] {
  return toColorHash(identityValuesOf(publicKey).colorValue, STANDARD_ALPHABET, COLOR_HASH_COLORS);
}

/** Degrees with at most 3 decimals and no trailing zeros, e.g. "45", "27.692". */
function formatDegrees(deg: number): string {
  return `${Number(deg.toFixed(3))}deg`;
}

/**
 * §1.5 step 5 as CSS: the colour stops of a `conic-gradient`, one hard-edged band per segment,
 * e.g. "#FF0000 0deg 90deg, #00FF00 90deg 360deg". Pure string; the UI wraps it.
 */
export function ringToConicStops(ring: ColorRing, palette: readonly string[] = COLOR_PALETTE): string {
  const total = ring.reduce((sum, [units]) => sum + units, 0);
  if (total <= 0) throw new IdentityArgumentError('ring', 'expected at least one segment with units > 0');
  let start = 0;
  return ring
    .map(([units, color]) => {
      const colour = palette[color];
      if (colour === undefined) throw new IdentityArgumentError('ring', `colour index ${color} outside the palette`);
      const end = start + units;
      const stop = `${colour} ${formatDegrees((start * 360) / total)} ${formatDegrees((end * 360) / total)}`;
      start = end;
      return stop;
    })
    .join(', ');
}

/** `conic-gradient(<stops>)` for a CSS background; pair it with a radial mask to draw a ring. */
export function ringToConicGradient(ring: ColorRing, palette: readonly string[] = COLOR_PALETTE): string {
  return `conic-gradient(${ringToConicStops(ring, palette)})`;
}
