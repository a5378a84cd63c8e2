/**
 * A corpus of XSS payloads for every place that renders text someone else chose: message text,
 * display names, links. Each payload, if it ever executed or became markup, would do something
 * observable: set `window.__parleyXss`, open a dialog, or put an element carrying `data-xss` into
 * the document. `expectInert(page)` checks all three. Reuse it for chat messages.
 *
 * Payloads stay under 280 characters (the diagnostics limit) and are printable ASCII except the
 * last two, which test bidi and zero-width handling.
 */
import { expect, type Page } from '@playwright/test';

export const XSS_CORPUS: readonly string[] = [
  `<script>window.__parleyXss=1</script>`,
  `<img src=x onerror="window.__parleyXss=2" data-xss>`,
  `"><svg onload="window.__parleyXss=3" data-xss></svg>`,
  `'><iframe data-xss srcdoc="<script>parent.__parleyXss=4</script>"></iframe>`,
  `<a href="javascript:window.__parleyXss=5" data-xss>click me</a>`,
  `javascript:window.__parleyXss=6`,
  `<details open ontoggle="window.__parleyXss=7" data-xss>`,
  `<style data-xss>*{display:none}</style>`,
  `</textarea></title><script>alert(8)</script>`,
  `{@html '<b data-xss>9</b>'} {alert(9)} \${alert(9)} {{constructor.constructor('alert(9)')()}}`,
  `<math><mtext><table><mglyph><style><img src=x onerror=alert(10) data-xss>`,
  `<form data-xss action="https://example.invalid"><button>11</button></form>`,
  `%3Cscript%3Ealert(12)%3C/script%3E &lt;b data-xss&gt;12&lt;/b&gt;`,
  `\u202Eevil.exe\u202C <b data-xss>\u200B13</b>`,
];

/** Starts recording dialogs; call before the payloads are rendered. */
export function recordDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return dialogs;
}

/** No payload executed or turned into markup: no marker, no injected element, no dialog. */
export async function expectInert(page: Page, dialogs: readonly string[]): Promise<void> {
  const state = await page.evaluate(() => {
    type El = { textContent: string | null };
    const g = globalThis as unknown as { __parleyXss?: unknown; document: { querySelectorAll(s: string): ArrayLike<El> } };
    const elements = g.document.querySelectorAll('[data-xss], iframe, object, embed').length;
    // SvelteKit's own bootstrap is an inline script too: count only scripts that came from a payload.
    const scripts = Array.from(g.document.querySelectorAll('script')).filter((s) => /parleyXss|alert\(/.test(s.textContent ?? '')).length;
    return { marker: g.__parleyXss ?? null, injected: elements + scripts };
  });
  expect(state.marker, 'a payload ran').toBeNull();
  expect(state.injected, 'a payload became markup').toBe(0);
  expect(dialogs, 'a payload opened a dialog').toEqual([]);
}
