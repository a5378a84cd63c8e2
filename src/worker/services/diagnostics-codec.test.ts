import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { utf8ToBytes } from '$lib/shared/bytes.ts';
import { MAX_DIAGNOSTIC_TEXT, decodeDiagnostic, encodeDiagnostic } from './diagnostics-codec.ts';

describe('diagnostics payload codec', () => {
  it('round-trips any text up to the limit', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: MAX_DIAGNOSTIC_TEXT, unit: 'grapheme-composite' }), (text) => {
        fc.pre(text.length <= MAX_DIAGNOSTIC_TEXT);
        expect(decodeDiagnostic(encodeDiagnostic(text))).toEqual({ ok: true, text });
      }),
    );
  });

  it.each([
    ['invalid UTF-8', new Uint8Array([0xff, 0xfe, 0xfd]), 'not_utf8'],
    ['not JSON', utf8ToBytes('hello'), 'not_json'],
    ['a JSON array', utf8ToBytes('[1,2]'), 'bad_shape'],
    ['JSON null', utf8ToBytes('null'), 'bad_shape'],
    ['a wrong version', utf8ToBytes('{"v":2,"text":"x"}'), 'bad_version'],
    ['a missing text', utf8ToBytes('{"v":1}'), 'bad_shape'],
    ['a numeric text', utf8ToBytes('{"v":1,"text":5}'), 'bad_shape'],
    ['an over-long text', utf8ToBytes(JSON.stringify({ v: 1, text: 'a'.repeat(MAX_DIAGNOSTIC_TEXT + 1) })), 'text_too_long'],
    ['a huge payload', new Uint8Array(100_000), 'too_large'],
  ])('rejects %s', (_name, payload, reason) => {
    expect(decodeDiagnostic(payload)).toEqual({ ok: false, reason });
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2_000 }), (bytes) => {
        const r = decodeDiagnostic(bytes);
        expect(typeof r.ok).toBe('boolean');
      }),
    );
  });
});
