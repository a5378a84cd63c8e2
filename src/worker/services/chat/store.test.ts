import { describe, expect, it } from 'vitest';
import { Vault } from '../../vault/vault.ts';
import { MemoryProfileDb } from '../../vault/memory/memory-profile-db.ts';
import { newDataKey } from '../../vault/keyring.ts';
import type { SealedRecord } from '../../vault/profile-db.ts';
import { newChat, type MessageRecord } from './records.ts';
import { Batch, ChatStore } from './store.ts';

/** A real Vault over the in-memory profile store, counting transactions (putRecords calls). */
function setup(): { store: ChatStore; db: MemoryProfileDb; vault: Vault; tx: () => number; failNext: () => void } {
  const db = new MemoryProfileDb('store-test');
  let tx = 0;
  let fail = false;
  const put = db.putRecords.bind(db);
  db.putRecords = (records: readonly SealedRecord[]) => {
    if (fail) {
      fail = false;
      return Promise.reject(new Error('QuotaExceededError (test)'));
    }
    tx++;
    // Like IndexedDB, the transaction completes later, after other work had a chance to run.
    return new Promise<void>((resolve) => setTimeout(resolve, 5)).then(() => put(records));
  };
  const vault = new Vault(db, newDataKey());
  return { store: new ChatStore(vault), db, vault, tx: () => tx, failNext: () => (fail = true) };
}

const message = (i: number, chatId = 'chat-a', text = `hello ${i}`): MessageRecord => ({
  v: 1, id: `m${i}`, chatId, author: '0x04', clock: BigInt(i), timestamp: i, text, kind: 'text', responseTo: '', editClock: 0n,
  deleted: false, pinned: false, pinClock: 0n, reactions: {}, mvdsIds: [],
});

describe('ChatStore catch-up batching', () => {
  it('deferrable commits are readable at once and land in one transaction per flush', async () => {
    const { store, vault, tx } = setup();
    await store.deferring(async () => {
      for (let i = 0; i < 30; i++) {
        await store.commit(new Batch().chat({ ...newChat('chat-a', 1), unread: i + 1 }).message(message(i)), { deferrable: true });
      }
      expect(tx()).toBe(0);
      expect((await vault.get('messages', 'm3')).ok && (await vault.get('messages', 'm3'))).toEqual({ ok: true, value: undefined });
      // Readable through the store before it is written.
      expect((await store.message('m7'))?.text).toBe('hello 7');
      expect((await store.chat('chat-a'))?.unread).toBe(30);
      expect(await store.messagesOf('chat-a')).toHaveLength(30);
      await store.flush();
      expect(tx()).toBe(1);
      await store.commit(new Batch().message(message(30)), { deferrable: true });
    });
    // The end of `deferring` flushes the rest: two transactions for 31 messages.
    expect(tx()).toBe(2);
    const stored = await vault.listGroup('messages', 'chat-a');
    expect(stored.ok && stored.value.entries.length).toBe(31);
  });

  it('while a flush is being written, reads see the flushed chats, not their older versions', async () => {
    const { store } = setup();
    await store.commit(new Batch().chat(newChat('chat-a', 1)));
    await store.deferring(async () => {
      await store.commit(new Batch().chat({ ...newChat('chat-a', 1), unread: 1 }), { deferrable: true });
      const flushing = store.flush();
      expect((await store.chat('chat-a'))?.unread).toBe(1);
      await store.commit(new Batch().chat({ ...newChat('chat-a', 1), unread: 2 }), { deferrable: true });
      await flushing;
      expect((await store.chat('chat-a'))?.unread).toBe(2);
    });
    expect((await store.chat('chat-a'))?.unread).toBe(2);
  });

  it('a later deferred write of the same message wins over the cached one', async () => {
    const { store } = setup();
    await store.deferring(async () => {
      await store.commit(new Batch().message(message(1)), { deferrable: true });
      expect((await store.message('m1'))?.text).toBe('hello 1');
      await store.commit(new Batch().message({ ...message(1), text: 'edited' }), { deferrable: true });
      expect((await store.message('m1'))?.text).toBe('edited');
    });
    expect((await store.message('m1'))?.text).toBe('edited');
  });

  it('a non-deferrable commit (a send) lands together with everything pending, first', async () => {
    const { store, vault, tx } = setup();
    await store.deferring(async () => {
      await store.commit(new Batch().message(message(1)), { deferrable: true });
      await store.commit(new Batch().put('sessions', 'peer-x', { v: 1, n: 2 }));
      expect(tx()).toBe(1);
      expect(await vault.get('messages', 'm1')).toEqual({ ok: true, value: message(1) });
      expect(await vault.get('sessions', 'peer-x')).toEqual({ ok: true, value: { v: 1, n: 2 } });
    });
    expect(tx()).toBe(1);
  });

  it('outside a catch-up every commit is its own transaction, as before', async () => {
    const { store, tx } = setup();
    await store.commit(new Batch().message(message(1)), { deferrable: true });
    await store.commit(new Batch().message(message(2)), { deferrable: true });
    expect(tx()).toBe(2);
  });

  it('a failed batch write leaves memory no further than the vault, and says so', async () => {
    const { store, vault, failNext } = setup();
    await store.commit(new Batch().chat(newChat('chat-a', 1)));
    let lost = 0;
    store.onLostWrites = () => lost++;
    failNext();
    await expect(store.deferring(async () => {
      await store.commit(new Batch().chat({ ...newChat('chat-a', 1), unread: 5 }).message(message(1)), { deferrable: true });
    })).rejects.toThrow(/vault write failed/);
    expect(lost).toBe(1);
    expect(await vault.get('messages', 'm1')).toEqual({ ok: true, value: undefined });
    expect(await store.message('m1')).toBeUndefined();
    expect((await store.chat('chat-a'))?.unread).toBe(0);
  });
});
