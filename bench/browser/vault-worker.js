// Dedicated-worker side of the Chromium vault benchmarks (the real runtime: Parley's vault runs
// in a worker). Bundled by bench/lib/bundle.ts; plain JS because bench/ is type-checked with the
// Node tsconfig, which has no DOM or worker lib. Messages: {id, op, args} → {id, ok, value|error}.
import { openDB, deleteDB } from 'idb';
import { deriveKeyFromPassword } from 'parley-src/crypto/kdf.ts';
import { newDataKey, unwrapDataKey, wrapWithPassword } from 'parley-src/vault/keyring.ts';
import { ProfileDb, destroyProfile } from 'parley-src/vault/profile-db.ts';
import { RecordCipher } from 'parley-src/vault/record-cipher.ts';
import { Vault } from 'parley-src/vault/vault.ts';

const PASSWORD = 'correct horse battery staple';

/** A chat-message-shaped record of about `textBytes` of text. */
function messageValue(i, textBytes) {
  return {
    id: `0x${i.toString(16).padStart(64, '0')}`,
    chatId: `chat-${i % 50}`,
    from: `0x04${'ab'.repeat(64)}`,
    clock: 1_700_000_000_000 + i,
    timestamp: 1_700_000_000_000 + i,
    text: 'x'.repeat(textBytes),
    contentType: 1,
  };
}

/** Times `count` unlocks of a password keyring (Argon2id + unwrap), ms each. */
let keyring;
async function unlock({ count }) {
  keyring ??= await wrapWithPassword('bench', newDataKey(), PASSWORD);
  const samples = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const r = await unwrapDataKey('bench', keyring, PASSWORD);
    samples.push(performance.now() - t0);
    if (!r.ok) throw new Error(r.error.code);
  }
  return samples;
}

async function kdf({ count }) {
  const samples = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await deriveKeyFromPassword(PASSWORD, crypto.getRandomValues(new Uint8Array(16)));
    samples.push(performance.now() - t0);
  }
  return samples;
}

/** Writes `count` records in transactions of `batch` through Parley's Vault; ms per batch. */
async function vaultWrites({ count, batch, textBytes, tag }) {
  const id = `bench-${tag}`;
  await destroyProfile(id);
  const db = await ProfileDb.open(id);
  const vault = new Vault(db, newDataKey());
  const samples = [];
  for (let start = 0; start < count; start += batch) {
    const writes = [];
    for (let i = start; i < Math.min(count, start + batch); i++) writes.push({ store: 'messages', id: `m${i}`, value: messageValue(i, textBytes) });
    const t0 = performance.now();
    const r = await vault.put(...writes);
    samples.push(performance.now() - t0);
    if (!r.ok) throw new Error('vault put failed');
  }
  const t0 = performance.now();
  const listed = await vault.list('messages');
  const listMs = performance.now() - t0;
  if (!listed.ok || listed.value.entries.length !== count) throw new Error('vault list mismatch');
  vault.lock();
  await destroyProfile(id);
  return { samples, listMs };
}

/** The same records, unencrypted, through plain idb into the same store shape; ms per batch. */
async function plainWrites({ count, batch, textBytes, tag }) {
  const name = `bench-plain-${tag}`;
  await deleteDB(name);
  const db = await openDB(name, 1, {
    upgrade(d) {
      d.createObjectStore('records', { keyPath: 'k' }).createIndex('byStore', 's');
    },
  });
  const samples = [];
  for (let start = 0; start < count; start += batch) {
    const records = [];
    for (let i = start; i < Math.min(count, start + batch); i++) records.push({ k: `m${i}`, s: 'messages', v: messageValue(i, textBytes) });
    const t0 = performance.now();
    const tx = db.transaction('records', 'readwrite');
    await Promise.all([...records.map((r) => tx.store.put(r)), tx.done]);
    samples.push(performance.now() - t0);
  }
  const t0 = performance.now();
  const all = await db.getAllFromIndex('records', 'byStore', 'messages');
  const listMs = performance.now() - t0;
  if (all.length !== count) throw new Error('plain list mismatch');
  db.close();
  await deleteDB(name);
  return { samples, listMs };
}

/** Stage split of Vault.put: only the sealing (opaque key + encode + AEAD) of the same batches; ms per batch. */
async function sealOnly({ count, batch, textBytes }) {
  const cipher = new RecordCipher('bench-seal', newDataKey());
  const samples = [];
  for (let start = 0; start < count; start += batch) {
    const t0 = performance.now();
    for (let i = start; i < Math.min(count, start + batch); i++) {
      const id = `m${i}`;
      const k = cipher.keyOf('messages', id);
      cipher.seal('messages', k, { i: id, v: messageValue(i, textBytes) });
    }
    samples.push(performance.now() - t0);
  }
  return { samples, listMs: 0 };
}

const ops = { unlock, kdf, vaultWrites, plainWrites, sealOnly };

self.onmessage = (event) => {
  const { id, op, args } = event.data;
  ops[op](args).then(
    (value) => self.postMessage({ id, ok: true, value }),
    (e) => self.postMessage({ id, ok: false, error: String(e?.stack ?? e) }),
  );
};
self.postMessage({ ready: true });
