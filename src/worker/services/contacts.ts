/**
 * Reading a pasted or scanned chat key or contact link into a card the user can verify (emoji
 * hash, ring, name) before sending a contact request. Saves nothing: contacts are the chat
 * contacts of ChatService (with their request state); the old local list that used to live here
 * is moved into them by chat/legacy-contacts.ts.
 */
import type { ContactCard, ContactError } from '$lib/shared/identity.ts';
import { err, ok, type Result } from '$lib/shared/result.ts';
import { aliasFromPublicKey, colorHashOf, emojiHashOf, encodeChatKey, parseShareLink, ringToConicGradient, toPkHex } from '../identity/index.ts';
import type { SessionService } from './session.ts';

function cardOf(publicKey: Uint8Array): ContactCard {
  return {
    chatKey: encodeChatKey(publicKey),
    pkHex: toPkHex(publicKey),
    alias: aliasFromPublicKey(publicKey),
    emojiHash: emojiHashOf(publicKey),
    ringGradient: ringToConicGradient(colorHashOf(publicKey)),
  };
}

export class ContactsService {
  readonly #session: SessionService;

  constructor(session: SessionService) {
    this.#session = session;
  }

  describe(text: string): Result<ContactCard, ContactError> {
    const parsed = parseShareLink(text);
    if (!parsed.ok) return err(parsed.error.code as ContactError['code'], parsed.error.detail);
    const card = cardOf(parsed.value.publicKey);
    const self = this.#session.open ? toPkHex(this.#session.open.keys.chatKey.publicKey) : null;
    return card.pkHex === self ? err('contact/is_self') : ok(card);
  }
}
