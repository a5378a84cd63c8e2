/**
 * One-time move of the old local contacts list into chat contacts. Before chat contacts existed,
 * the home page kept pasted chat keys in the vault's 'contacts' store ({v: 1, chatKey, addedAt}).
 * Each becomes a chat record with no request sent (`savedAt` = when it was saved), unless a chat
 * with that key already exists; then the old record is deleted. Runs when the chat engine opens,
 * so old profiles and restored old backups are both covered. Idempotent: if it stops between the
 * write and the deletes, the next run only deletes. Records it cannot read are left as they are.
 */
import { parseShareLink, toPkHex } from '../../identity/index.ts';
import { newChat, type ChatRecord } from './records.ts';
import { Batch, type ChatStore } from './store.ts';
import type { Vault } from '../../vault/vault.ts';

interface LegacyContact {
  readonly v: 1;
  readonly chatKey: string;
  readonly addedAt: number;
}

function isLegacyContact(value: unknown): value is LegacyContact {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return r['v'] === 1 && typeof r['chatKey'] === 'string' && typeof r['addedAt'] === 'number' && Number.isFinite(r['addedAt']);
}

export interface MigrationReport {
  /** New chat contacts made from old records. */
  readonly migrated: number;
  /** Old records removed because a chat with that key existed already (or was our own key). */
  readonly merged: number;
  /** Records left in place: unreadable, or not a contact we can parse. */
  readonly kept: number;
}

export async function migrateLegacyContacts(vault: Vault, store: ChatStore, self: string): Promise<MigrationReport> {
  const listed = await vault.list('contacts');
  if (!listed.ok) return { migrated: 0, merged: 0, kept: 0 };
  const created: ChatRecord[] = [];
  const done: string[] = [];
  let merged = 0;
  let kept = listed.value.tampered;
  for (const { id, value } of listed.value.entries) {
    const parsed = isLegacyContact(value) ? parseShareLink(value.chatKey) : null;
    if (!parsed?.ok) {
      kept++;
      continue;
    }
    const pkHex = toPkHex(parsed.value.publicKey);
    done.push(id);
    if (pkHex === self || (await store.chat(pkHex)) || created.some((c) => c.id === pkHex)) {
      merged++;
      continue;
    }
    const addedAt = (value as LegacyContact).addedAt;
    created.push({ ...newChat(pkHex, addedAt), savedAt: addedAt });
  }
  const batch = new Batch();
  for (const c of created) batch.chat(c);
  await store.commit(batch);
  for (const id of done) await vault.delete('contacts', id);
  return { migrated: created.length, merged, kept };
}
