/**
 * The old local contacts list moves into chat contacts once, on a real (in-memory) vault: every
 * readable entry becomes a chat contact with no request sent, existing chats are not touched,
 * garbage stays where it was, and a second run changes nothing.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Vault } from '../../vault/vault.ts';
import { MemoryProfileDb } from '../../vault/memory/memory-profile-db.ts';
import { newDataKey } from '../../vault/keyring.ts';
import { deriveIdentityKeys, encodeChatKey, parseMnemonic, toPkHex } from '../../identity/index.ts';
import { localSent } from './contact-state.ts';
import { migrateLegacyContacts } from './legacy-contacts.ts';
import { chatView, newChat } from './records.ts';
import { Batch, ChatStore } from './store.ts';

const vectors = JSON.parse(readFileSync(new URL('../../../../test/vectors/public.json', import.meta.url), 'utf8')) as {
  chat_key: { encode_decode: { chat_key: string; public_key: string }[] };
};
const VECTOR = vectors.chat_key.encode_decode[0]!;

function keyOf(phrase: string): Uint8Array {
  const parsed = parseMnemonic(phrase);
  if (!parsed.ok) throw new Error('bad test phrase');
  return deriveIdentityKeys(parsed.value).chatKey.publicKey;
}
const SELF = keyOf('abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about');
const FRIEND = keyOf('legal winner thank year wave sausage worth useful legal winner thank yellow');
const OLD_CHAT = keyOf('letter advice cage absurd amount doctor acoustic avoid letter advice cage above');

async function setup() {
  const db = new MemoryProfileDb('p');
  const vault = new Vault(db, newDataKey());
  const store = new ChatStore(vault);
  // A chat that already exists, with a sent request: it must stay exactly as it is.
  const existing = { ...newChat(toPkHex(OLD_CHAT), 5), contact: localSent(newChat('', 0).contact, 9n), lastClock: 9n };
  await store.commit(new Batch().chat(existing));
  await vault.put(
    { store: 'contacts', id: VECTOR.public_key, value: { v: 1, chatKey: VECTOR.chat_key, addedAt: 1_000 } },
    { store: 'contacts', id: toPkHex(FRIEND), value: { v: 1, chatKey: `https://status.app/u#${encodeChatKey(FRIEND)}`, addedAt: 2_000 } },
    { store: 'contacts', id: toPkHex(OLD_CHAT), value: { v: 1, chatKey: encodeChatKey(OLD_CHAT), addedAt: 3_000 } },
    { store: 'contacts', id: toPkHex(SELF), value: { v: 1, chatKey: encodeChatKey(SELF), addedAt: 4_000 } },
    { store: 'contacts', id: 'garbage-1', value: { v: 1, chatKey: 'zQ3shNOTAKEY', addedAt: 5_000 } },
    { store: 'contacts', id: 'garbage-2', value: { hello: 'world' } },
  );
  return { vault, store, existing };
}

describe('moving the old contacts list into chat contacts', () => {
  it('makes each readable old contact a chat contact with no request sent, and removes the old records', async () => {
    const { vault, store, existing } = await setup();
    const report = await migrateLegacyContacts(vault, store, toPkHex(SELF));
    expect(report).toEqual({ migrated: 2, merged: 2, kept: 2 });

    const vectorChat = await store.chat(VECTOR.public_key);
    expect(vectorChat).toMatchObject({ id: VECTOR.public_key, savedAt: 1_000, lastActivity: 1_000, lastMessageId: '', unread: 0 });
    expect(vectorChat!.contact).toEqual({ localState: 0, localClock: 0n, remoteState: 0, remoteClock: 0n });
    const view = chatView(vectorChat!, undefined, toPkHex(SELF));
    expect(view).toMatchObject({ chatKey: VECTOR.chat_key, request: 'none', saved: true });
    expect((await store.chat(toPkHex(FRIEND)))?.savedAt).toBe(2_000);
    expect(await store.chat(toPkHex(OLD_CHAT))).toEqual(existing);
    expect(await store.chat(toPkHex(SELF))).toBeUndefined();

    // A fresh store reads the same from the vault (the cache is not the only copy).
    expect((await new ChatStore(vault).chats()).map((c) => c.id).sort()).toEqual([VECTOR.public_key, toPkHex(FRIEND), toPkHex(OLD_CHAT)].sort());
    const left = await vault.list('contacts');
    expect(left.ok && left.value.entries.map((e) => e.id).sort()).toEqual(['garbage-1', 'garbage-2']);
  });

  it('is idempotent: a second run moves nothing and changes nothing', async () => {
    const { vault, store } = await setup();
    await migrateLegacyContacts(vault, store, toPkHex(SELF));
    const before = await new ChatStore(vault).chats();
    expect(await migrateLegacyContacts(vault, store, toPkHex(SELF))).toEqual({ migrated: 0, merged: 0, kept: 2 });
    expect(await new ChatStore(vault).chats()).toEqual(before);
  });

  it('finishes the job if an earlier run stopped after writing chats but before deleting the old records', async () => {
    const { vault, store } = await setup();
    await store.commit(new Batch().chat({ ...newChat(toPkHex(FRIEND), 2_000), savedAt: 2_000 }));
    const report = await migrateLegacyContacts(vault, store, toPkHex(SELF));
    expect(report).toEqual({ migrated: 1, merged: 3, kept: 2 });
    expect((await store.chat(toPkHex(FRIEND)))?.savedAt).toBe(2_000);
  });

  it('a saved contact stops showing as "saved" once a request was sent either way', () => {
    const saved = { ...newChat(VECTOR.public_key, 1_000), savedAt: 1_000 };
    expect(chatView(saved, undefined, toPkHex(SELF)).saved).toBe(true);
    const sent = { ...saved, contact: localSent(saved.contact, 42n) };
    expect(chatView(sent, undefined, toPkHex(SELF))).toMatchObject({ request: 'sent' });
    expect(chatView(sent, undefined, toPkHex(SELF)).saved).toBeUndefined();
  });
});
