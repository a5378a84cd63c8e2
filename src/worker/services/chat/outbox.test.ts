import { describe, expect, it } from 'vitest';
import { EventHub } from '../../events.ts';
import { Vault } from '../../vault/vault.ts';
import { MemoryProfileDb } from '../../vault/memory/memory-profile-db.ts';
import { newDataKey } from '../../vault/keyring.ts';
import { deriveIdentityKeys, parseMnemonic } from '../../identity/index.ts';
import { newIdentityRecord } from '../identity-record.ts';
import { ChatContext } from './context.ts';
import { Outbox, OUTBOX_RECORD_ID, type OutboxEntry } from './outbox.ts';

const PHRASE = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

async function context(): Promise<{ ctx: ChatContext; vault: Vault }> {
  const parsed = parseMnemonic(PHRASE);
  if (!parsed.ok) throw new Error('bad test phrase');
  const vault = new Vault(new MemoryProfileDb('outbox-test'), newDataKey());
  const open = { entry: { id: 'outbox-test', createdAt: 1, lock: 'password' as const }, vault, record: newIdentityRecord(PHRASE, true, 1), keys: deriveIdentityKeys(parsed.value) };
  return { ctx: await ChatContext.load(open, new EventHub(), Date.now()), vault };
}

async function stored(vault: Vault): Promise<OutboxEntry[] | undefined> {
  const r = await vault.get('sessions', OUTBOX_RECORD_ID);
  return r.ok ? (r.value as { entries: OutboxEntry[] } | undefined)?.entries : undefined;
}

describe('outbox (no transport attached: entries stay pending)', () => {
  it('keeps durable entries in the vault and ACK-only (ephemeral) ones in memory only', async () => {
    const { ctx, vault } = await context();
    const outbox = new Outbox(ctx);
    await outbox.publish('/waku/1/0x01020304/rfc26', Uint8Array.of(1));
    expect((await stored(vault))?.map((e) => e.payload)).toEqual([Uint8Array.of(1)]);
    for (let i = 0; i < 50; i++) await outbox.publish('/waku/1/0x01020304/rfc26', Uint8Array.of(2, i), { ephemeral: true });
    await outbox.publish('/waku/1/0x01020304/rfc26', Uint8Array.of(3));
    const entries = await stored(vault);
    expect(entries?.map((e) => e.payload)).toEqual([Uint8Array.of(1), Uint8Array.of(3)]);
    expect(entries?.some((e) => e.ephemeral)).toBe(false);
    outbox.stop();
  });
});
