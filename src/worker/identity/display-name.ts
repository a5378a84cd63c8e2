/**
 * Display-name rules (status-protocol.md §1.6 and §6.4 item 6), used both before sending our own
 * name and when accepting a name from a message. Owns: trimming and the reasons for rejection.
 * Does not own: nicknames, ENS names, or the choice of which name to show.
 */
import { ok, type Result } from '../../lib/shared/result.ts';
import { isAlias } from './alias.ts';
import type { DisplayNameError } from './errors.ts';

/** §6.4 item 6: 5–24 characters after trimming (status-go's `^[\w-\s]{5,24}$`). */
export const DISPLAY_NAME_MIN = 5;
export const DISPLAY_NAME_MAX = 24;
/** §6.4 item 6: names ending like ENS names are reserved for verified ENS names. */
export const RESERVED_SUFFIXES: readonly string[] = Object.freeze(['_eth', '.eth', '-eth']);
/** ASCII letters, digits, `_`, `-`, and the whitespace of Go's `\s` (tab, LF, FF, CR, space). */
const ALLOWED_CHAR = /^[A-Za-z0-9_\-\t\n\f\r ]$/;

function firstBadCharacter(chars: readonly string[]): number {
  return chars.findIndex((c) => !ALLOWED_CHAR.test(c));
}

/**
 * Validates a display name; returns it trimmed. The empty name is valid (no name). Reasons, in
 * order: reserved ENS-like suffix, a character outside the allowed set (1-based position), the
 * length, and finally being a three-word alias (§1.3). The order only picks which reason is
 * reported; a name passes only if it breaks none of the rules.
 */
export function validateDisplayName(text: string): Result<string, DisplayNameError> {
  const name = text.trim();
  if (name === '') return ok('');
  const suffix = RESERVED_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix !== undefined) return { ok: false, error: { code: 'display_name/eth_suffix', suffix } };
  const chars = [...name];
  const bad = firstBadCharacter(chars);
  if (bad >= 0) return { ok: false, error: { code: 'display_name/bad_character', position: bad + 1 } };
  if (chars.length < DISPLAY_NAME_MIN) {
    return { ok: false, error: { code: 'display_name/too_short', length: chars.length, min: DISPLAY_NAME_MIN } };
  }
  if (chars.length > DISPLAY_NAME_MAX) {
    return { ok: false, error: { code: 'display_name/too_long', length: chars.length, max: DISPLAY_NAME_MAX } };
  }
  if (isAlias(name)) return { ok: false, error: { code: 'display_name/is_alias' } };
  return ok(name);
}

/** True when `text` is an acceptable display name (including the empty name). */
export function isValidDisplayName(text: string): boolean {
  return validateDisplayName(text).ok;
}
