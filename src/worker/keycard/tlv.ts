/**
 * Strict BER-TLV decoding and encoding for Keycard responses (status-protocol.md §12.2: one-byte
 * tags, lengths as `0x00–0x7F` or `0x81 LL`/`0x82 LLLL`). Owns: the byte format only. Does not own:
 * what the tags mean (commands.ts). Every malformed input returns a typed error; nothing throws.
 */
import { type Result, ok, err } from '../../lib/shared/result.ts';
import type { KeycardError } from '../../lib/shared/keycard.ts';

export interface Tlv {
  readonly tag: number;
  /** The value bytes (a view into the parsed buffer). */
  readonly value: Uint8Array;
}

/** Why a TLV did not parse; carried in `detail` of `keycard/malformed_response`. */
export type TlvProblem =
  | 'tlv_empty'
  | 'tlv_truncated_header'
  | 'tlv_bad_length'
  | 'tlv_truncated_value'
  | 'tlv_trailing_bytes'
  | 'tlv_unexpected_tag'
  | 'tlv_missing_tag';

export function tlvError(problem: TlvProblem, where?: string): { readonly ok: false; readonly error: KeycardError } {
  return err('keycard/malformed_response', where ? `${problem}:${where}` : problem);
}

/** Reads one TLV at `offset`; returns it and the offset after it. */
function readOne(buf: Uint8Array, offset: number): Result<{ tlv: Tlv; next: number }, KeycardError> {
  if (offset + 2 > buf.length) return tlvError('tlv_truncated_header');
  const tag = buf[offset]!;
  // Multi-byte tags (low five bits all set) never occur in Keycard responses.
  if ((tag & 0x1f) === 0x1f) return tlvError('tlv_unexpected_tag', tag.toString(16));
  let p = offset + 1;
  const first = buf[p++]!;
  let length: number;
  if (first < 0x80) {
    length = first;
  } else if (first === 0x81 || first === 0x82) {
    const n = first & 0x7f;
    if (p + n > buf.length) return tlvError('tlv_truncated_header');
    length = n === 1 ? buf[p]! : (buf[p]! << 8) | buf[p + 1]!;
    // DER-minimal lengths: 0x81 only for ≥ 0x80, 0x82 only for ≥ 0x100.
    if ((n === 1 && length < 0x80) || (n === 2 && length < 0x100)) return tlvError('tlv_bad_length');
    p += n;
  } else {
    return tlvError('tlv_bad_length');
  }
  if (p + length > buf.length) return tlvError('tlv_truncated_value');
  return ok({ tlv: { tag, value: buf.subarray(p, p + length) }, next: p + length });
}

/** Parses a sequence of TLVs that must cover `buf` exactly (empty input → empty list). */
export function parseTlvList(buf: Uint8Array): Result<Tlv[], KeycardError> {
  if (!(buf instanceof Uint8Array)) return tlvError('tlv_empty');
  const out: Tlv[] = [];
  let p = 0;
  while (p < buf.length) {
    const r = readOne(buf, p);
    if (!r.ok) return r;
    out.push(r.value.tlv);
    p = r.value.next;
  }
  return ok(out);
}

/** Parses exactly one TLV with tag `tag` covering all of `buf`. */
export function parseSingle(buf: Uint8Array, tag: number): Result<Tlv, KeycardError> {
  if (!(buf instanceof Uint8Array) || buf.length === 0) return tlvError('tlv_empty');
  const r = readOne(buf, 0);
  if (!r.ok) return r;
  if (r.value.tlv.tag !== tag) return tlvError('tlv_unexpected_tag', r.value.tlv.tag.toString(16));
  if (r.value.next !== buf.length) return tlvError('tlv_trailing_bytes');
  return ok(r.value.tlv);
}

/** A parsed template: its children, with helpers to find them. */
export class TlvTemplate {
  readonly tag: number;
  readonly children: readonly Tlv[];

  constructor(tag: number, children: readonly Tlv[]) {
    this.tag = tag;
    this.children = children;
  }

  /** The first child with `tag`, or undefined. */
  find(tag: number): Uint8Array | undefined {
    return this.children.find((c) => c.tag === tag)?.value;
  }

  /** The n-th (0-based) child with `tag` — Keycard repeats tag `02` in several templates. */
  nth(tag: number, n: number): Uint8Array | undefined {
    return this.children.filter((c) => c.tag === tag)[n]?.value;
  }
}

/**
 * Parses `buf` as exactly one constructed TLV with tag `tag` whose value is itself a TLV list
 * covering the value exactly. Nested templates are parsed on demand with parseChildTemplate, so
 * every level gets the same strict checks.
 */
export function parseTemplate(buf: Uint8Array, tag: number): Result<TlvTemplate, KeycardError> {
  const outer = parseSingle(buf, tag);
  if (!outer.ok) return outer;
  const children = parseTlvList(outer.value.value);
  if (!children.ok) return children;
  return ok(new TlvTemplate(tag, children.value));
}

/** Parses the value of a constructed child as a template (for `30{02 r, 02 s}` inside `A0`). */
export function parseChildTemplate(value: Uint8Array, tag: number): Result<TlvTemplate, KeycardError> {
  const children = parseTlvList(value);
  if (!children.ok) return children;
  return ok(new TlvTemplate(tag, children.value));
}

/** Encodes one TLV (one-byte tag; length form chosen minimally). Values up to 65 535 bytes. */
export function encodeTlv(tag: number, value: Uint8Array): Uint8Array {
  if (tag < 0 || tag > 0xff || (tag & 0x1f) === 0x1f) throw new RangeError(`TLV tag ${tag} not supported`);
  const n = value.length;
  if (n > 0xffff) throw new RangeError('TLV value too long');
  const header = n < 0x80 ? [tag, n] : n <= 0xff ? [tag, 0x81, n] : [tag, 0x82, n >> 8, n & 0xff];
  const out = new Uint8Array(header.length + n);
  out.set(header, 0);
  out.set(value, header.length);
  return out;
}
