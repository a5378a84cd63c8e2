/**
 * Contact links and pasted contact text. The spec (status-protocol.md §1.2) defines chat keys but
 * not Status's profile links, so Parley shares `<origin>/add#<chat key>`: the key sits in the URL
 * fragment, which browsers never send to the server. Parsing also accepts a bare chat key in any
 * §1.2 form, and Status profile links `https://status.app/u#<chat key>` or `…/u/<data>#<chat key>`
 * (UNCONFIRMED: the form seen in status-go's tests; only the fragment is used, `<data>` is ignored).
 * Owns: formatting and recognising these texts. Does not own: key decoding (chat-key.ts).
 */
import { err, ok, type Result } from '../../lib/shared/result.ts';
import { decodeChatKey, encodeChatKey } from './chat-key.ts';
import { IdentityArgumentError, type ShareLinkError } from './errors.ts';

/** The Parley route that opens "add contact" with the key from the fragment. */
export const SHARE_LINK_PATH = '/add';
/** Status profile links (UNCONFIRMED, see header). */
export const STATUS_LINK_HOST = 'status.app';
const STATUS_USER_PATH = /^\/u(?:\/[^/]*)?$/;
/** Longest text we try to interpret; a link with a chat key is < 300 characters. */
export const MAX_INPUT_LENGTH = 2048;
/** Text starting like a §1.2 form (or the rejected `Z`) is judged as a key, with its own errors. */
const LOOKS_LIKE_KEY = /^(?:[zZf]|0x)/;

export type ContactSource = 'parley_link' | 'status_link' | 'chat_key';

export interface ContactReference {
  /** SEC1 uncompressed, 65 bytes. */
  readonly publicKey: Uint8Array;
  /** Canonical `zQ3sh…` form. */
  readonly chatKey: string;
  readonly source: ContactSource;
}

function expectOrigin(origin: string): string {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new IdentityArgumentError('origin', `not an absolute URL: ${JSON.stringify(origin)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new IdentityArgumentError('origin', `expected http(s), got ${url.protocol}`);
  }
  if (url.origin !== origin.replace(/\/$/, '')) {
    throw new IdentityArgumentError('origin', `expected a bare origin, got ${JSON.stringify(origin)}`);
  }
  return url.origin;
}

/** `<origin>/add#<zQ3 chat key>`. `origin` like "https://parley.example" (a trailing / is fine). */
export function formatShareLink(origin: string, publicKey: Uint8Array): string {
  return `${expectOrigin(origin)}${SHARE_LINK_PATH}#${encodeChatKey(publicKey)}`;
}

function reference(key: string, source: ContactSource): Result<ContactReference, ShareLinkError> {
  const decoded = decodeChatKey(key);
  if (!decoded.ok) return decoded;
  return ok({ publicKey: decoded.value, chatKey: encodeChatKey(decoded.value), source });
}

function sourceOfUrl(url: URL): ContactSource | undefined {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.pathname === SHARE_LINK_PATH || url.pathname === `${SHARE_LINK_PATH}/`) return 'parley_link';
  if (url.hostname === STATUS_LINK_HOST && STATUS_USER_PATH.test(url.pathname)) return 'status_link';
  return undefined;
}

function parseUrl(text: string): Result<ContactReference, ShareLinkError> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return err('share_link/unrecognized');
  }
  const source = sourceOfUrl(url);
  if (source === undefined) return err('share_link/unsupported_url');
  const key = url.hash.slice(1);
  if (key === '') return err('share_link/missing_key');
  return reference(key, source);
}

/**
 * Interprets pasted or opened text: a Parley link, a Status profile link, or a bare chat key
 * (`zQ3sh…`, `0x…`, `f…`). Surrounding whitespace is ignored. Failures are typed; a key that is
 * recognised but malformed reports the chat-key error itself.
 */
export function parseShareLink(text: string): Result<ContactReference, ShareLinkError> {
  const input = typeof text === 'string' ? text.trim() : '';
  if (input === '') return err('share_link/empty');
  if (input.length > MAX_INPUT_LENGTH) return err('share_link/unrecognized', 'too_long');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input)) return parseUrl(input);
  if (!LOOKS_LIKE_KEY.test(input) || /\s/u.test(input)) return err('share_link/unrecognized');
  return reference(input, 'chat_key');
}
