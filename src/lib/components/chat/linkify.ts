/**
 * Finds web links in message text so they can be shown as links. Nothing is fetched (no previews):
 * the text stays text, and only http(s) URLs become anchors. Pure.
 */

export type Segment = { readonly text: string; readonly href?: undefined } | { readonly text: string; readonly href: string };

const URL_RE = /\bhttps?:\/\/[^\s<>"']+/giu;
/** Punctuation that ends a sentence rather than the link. */
const TRAILING = /[.,;:!?)\]}]+$/u;

export function linkify(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_RE)) {
    const raw = match[0];
    const url = raw.replace(TRAILING, '');
    const start = match.index;
    if (start > last) out.push({ text: text.slice(last, start) });
    const href = safeHref(url);
    out.push(href ? { text: url, href } : { text: url });
    last = start + url.length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

function safeHref(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}
