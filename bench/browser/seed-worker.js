// Bench-only seeding of a large vault (issue metric 7, 100k messages), in a dedicated worker on
// the app's origin while no Parley page is open. It opens the one profile of this browser context
// with Parley's own vault code (profile registry, keyring unwrap with the password, Vault), reads
// the messages the real catch-up stored, and writes copies of them with fresh ids and later
// clocks under the same chat groups, sealed by Vault.put in batches (one IndexedDB transaction
// per batch, as the receiver commits), then updates each chat record (unread count, last message)
// the way the receiver does. Nothing here goes through the network or the protocol stack: the
// record says so. Bundled by bench/lib/bundle.ts. Messages: {id, op, args} → {id, ok, value|error}.
import { unwrapDataKey } from 'parley-src/vault/keyring.ts';
import { ProfileDb, listProfiles } from 'parley-src/vault/profile-db.ts';
import { Vault } from 'parley-src/vault/vault.ts';

const BATCH = 500;

function hex64(n) {
  return n.toString(16).padStart(64, '0');
}

async function seed({ password, target }) {
  const profiles = await listProfiles();
  if (profiles.length !== 1) throw new Error(`expected one profile in this browser context, found ${profiles.length}`);
  const { id } = profiles[0];
  const db = await ProfileDb.open(id);
  const keyring = await db.keyring();
  const key = await unwrapDataKey(id, keyring, password);
  if (!key.ok) throw new Error(`unlock failed: ${key.error.code}`);
  const vault = new Vault(db, key.value);
  const chats = await vault.list('chats');
  if (!chats.ok) throw new Error(chats.error.code);
  const perChat = [];
  let existing = 0;
  for (const { value: chat } of chats.value.entries) {
    const msgs = await vault.listGroup('messages', chat.id);
    if (!msgs.ok) throw new Error(msgs.error.code);
    const list = msgs.value.entries.map((e) => e.value).sort((a, b) => (a.clock < b.clock ? -1 : a.clock > b.clock ? 1 : 0));
    existing += list.length;
    perChat.push({ chat, list });
  }
  const toAdd = target - existing;
  if (toAdd <= 0) return { existing, added: 0, ms: 0, chats: perChat.length, unread: perChat.reduce((n, c) => n + c.chat.unread, 0) };
  const t0 = performance.now();
  let added = 0;
  let serial = 0;
  // Unread badges the chat list will show afterwards (the bench opened one chat before: it is read).
  let unread = 0;
  const per = Math.ceil(toAdd / perChat.length);
  for (const { chat, list } of perChat) {
    if (list.length === 0) {
      unread += chat.unread;
      continue;
    }
    const want = Math.min(per, toAdd - added);
    let clock = list[list.length - 1].clock;
    let last = null;
    for (let i = 0; i < want; i += BATCH) {
      const writes = [];
      for (let j = i; j < Math.min(want, i + BATCH); j++) {
        const template = list[j % list.length];
        clock += 1n;
        // A fresh 32-byte id (the hex of a counter, prefixed so it cannot meet a real keccak id by design).
        const idHex = `0xbe7c${hex64(++serial).slice(4)}`;
        last = { ...template, id: idHex, clock, timestamp: template.timestamp + j, text: `${template.text} (seeded copy ${j})` };
        writes.push({ store: 'messages', id: idHex, value: last, group: chat.id });
      }
      const r = await vault.put(...writes);
      if (!r.ok) throw new Error(r.error.code);
      added += writes.length;
    }
    unread += chat.unread + (last ? want : 0);
    if (last) {
      const r = await vault.put({ store: 'chats', id: chat.id, value: { ...chat, unread: chat.unread + want, lastClock: clock, lastMessageId: last.id, lastActivity: Math.max(chat.lastActivity, last.timestamp) } });
      if (!r.ok) throw new Error(r.error.code);
    }
  }
  db.close?.();
  return { existing, added, ms: performance.now() - t0, chats: perChat.length, unread };
}

const ops = { seed };

self.onmessage = (event) => {
  const { id, op, args } = event.data;
  ops[op](args).then(
    (value) => self.postMessage({ id, ok: true, value }),
    (e) => self.postMessage({ id, ok: false, error: String(e?.stack ?? e) }),
  );
};
self.postMessage({ ready: true });
