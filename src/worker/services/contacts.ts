/**
 * Contacts of the open profile: reading a pasted chat key or contact link into a card the user
 * can verify (emoji hash, ring, name), and keeping the contacts they add in the vault. Contact
 * requests over the network build on this (status-protocol.md §6.8).
 */
import type { ContactCard, ContactError, SessionError } from '$lib/shared/identity.ts';
import { err, ok, type Result } from '$lib/shared/result.ts';
import { aliasFromPublicKey, colorHashOf, emojiHashOf, encodeChatKey, parseShareLink, ringToConicGradient, toPkHex } from '../identity/index.ts';
import type { SessionService } from './session.ts';

interface ContactRecord {
  readonly v: 1;
  readonly chatKey: string;
  readonly addedAt: number;
}

function isContactRecord(value: unknown): value is ContactRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return r['v'] === 1 && typeof r['chatKey'] === 'string' && typeof r['addedAt'] === 'number';
}

function cardOf(publicKey: Uint8Array, addedAt?: number): ContactCard {
  const card = {
    chatKey: encodeChatKey(publicKey),
    pkHex: toPkHex(publicKey),
    alias: aliasFromPublicKey(publicKey),
    emojiHash: emojiHashOf(publicKey),
    ringGradient: ringToConicGradient(colorHashOf(publicKey)),
  };
  return addedAt === undefined ? card : { ...card, addedAt };
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

  async add(text: string): Promise<Result<ContactCard, ContactError | SessionError>> {
    const open = this.#session.open;
    if (!open) return err('session/locked');
    const described = this.describe(text);
    if (!described.ok) return described;
    const existing = await open.vault.get('contacts', described.value.pkHex);
    if (existing.ok && isContactRecord(existing.value)) return ok({ ...described.value, addedAt: existing.value.addedAt });
    const record: ContactRecord = { v: 1, chatKey: described.value.chatKey, addedAt: Date.now() };
    const written = await open.vault.put({ store: 'contacts', id: described.value.pkHex, value: record });
    return written.ok ? ok({ ...described.value, addedAt: record.addedAt }) : written;
  }

  async list(): Promise<Result<ContactCard[], SessionError>> {
    const open = this.#session.open;
    if (!open) return err('session/locked');
    const listed = await open.vault.list('contacts');
    if (!listed.ok) return listed;
    const cards: ContactCard[] = [];
    for (const { value } of listed.value.entries) {
      if (!isContactRecord(value)) continue;
      const parsed = parseShareLink(value.chatKey);
      if (parsed.ok) cards.push(cardOf(parsed.value.publicKey, value.addedAt));
    }
    return ok(cards.sort((a, b) => (a.addedAt ?? 0) - (b.addedAt ?? 0)));
  }
}
