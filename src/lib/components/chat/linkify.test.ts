import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { linkify } from './linkify.ts';

describe('linkify', () => {
  it('turns http(s) URLs into links and keeps the rest as text', () => {
    expect(linkify('see https://example.org/a?b=1, then http://x.test.')).toEqual([
      { text: 'see ' },
      { text: 'https://example.org/a?b=1', href: 'https://example.org/a?b=1' },
      { text: ', then ' },
      { text: 'http://x.test', href: 'http://x.test/' },
      { text: '.' },
    ]);
  });

  it.each(['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', '<a href="https://x">x</a>', 'ftp://example.org'])(
    'never makes a link out of %j except a plain http(s) URL',
    (text) => {
      for (const s of linkify(text)) if (s.href) expect(s.href).toMatch(/^https?:\/\//);
      expect(linkify(text).map((s) => s.text).join('')).toBe(text);
    },
  );

  it('loses no character of any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (t) => {
        expect(linkify(t).map((s) => s.text).join('')).toBe(t);
      }),
    );
  });
});
