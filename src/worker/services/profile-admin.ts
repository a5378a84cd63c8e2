/**
 * Administration of the open profile: reveal and confirm the recovery phrase, upgrade a try-now
 * profile, change the password, display name and idle lock, export and import encrypted backups,
 * and delete a profile. Every change is validated before anything is written.
 */
import type { PhraseAnswer, ProfileListEntry, ProfileSummary, SessionError } from '$lib/shared/identity.ts';
import { IDLE_LOCK_CHOICES } from '$lib/shared/identity.ts';
import { err, ok, type Result } from '$lib/shared/result.ts';
import { validateDisplayName, type DisplayNameError } from '../identity/index.ts';
import { MIN_PASSWORD_LENGTH, unwrapDataKey, wrapWithPassword } from '../vault/keyring.ts';
import { decodeBackup, encodeBackup, type BackupError } from '../vault/backup.ts';
import { destroyProfile, saveProfileEntry } from '../vault/profile-db.ts';
import type { StoreName } from '../vault/record-cipher.ts';
import type { RecordWrite } from '../vault/vault.ts';
import { createProfile } from './profile-factory.ts';
import { IDENTITY_ID, isIdentityRecord, type ProfileRecord } from './identity-record.ts';
import { forgetBackgroundRecord } from './background-check.ts';
import { vaultGroupOf } from './chat/records.ts';
import type { OpenProfile, SessionService } from './session.ts';

/** Everything a backup carries. */
const BACKUP_STORES: readonly StoreName[] = ['identity', 'contacts', 'chats', 'messages', 'settings'];
/** The confirmation step asks for this many words. */
export const CONFIRM_WORD_COUNT = 3;

export class ProfileAdmin {
  readonly #session: SessionService;

  constructor(session: SessionService) {
    this.#session = session;
  }

  #open(): Result<OpenProfile, SessionError> {
    return this.#session.open ? ok(this.#session.open) : err('session/locked');
  }

  async #saveRecord(open: OpenProfile, next: ProfileRecord): Promise<Result<ProfileSummary, SessionError>> {
    const written = await open.vault.put({ store: 'identity', id: IDENTITY_ID, value: next });
    if (!written.ok) return written;
    open.record = next;
    this.#session.publish();
    return ok(this.#session.summary(open));
  }

  revealPhrase(): Result<string[], SessionError> {
    const open = this.#open();
    if (!open.ok) return open;
    const record = open.value.record;
    return 'kind' in record ? err('session/no_phrase') : ok(record.mnemonic.split(' '));
  }

  async confirmPhrase(answers: readonly PhraseAnswer[]): Promise<Result<ProfileSummary, SessionError>> {
    const open = this.#open();
    if (!open.ok) return open;
    const record = open.value.record;
    if ('kind' in record) return err('session/no_phrase');
    const words = record.mnemonic.split(' ');
    const positions = new Set(answers.map((a) => a.position));
    const allRight =
      positions.size >= CONFIRM_WORD_COUNT &&
      answers.every((a) => words[a.position - 1] === String(a.word).trim().toLowerCase());
    if (!allRight) return err('session/wrong_words');
    return this.#saveRecord(open.value, { ...record, phraseBackedUp: true });
  }

  /** Try-now → password profile. The key, and so the chat key contacts know, stays the same. */
  async setPassword(password: string): Promise<Result<ProfileSummary, SessionError>> {
    const open = this.#open();
    if (!open.ok) return open;
    const { entry, vault, record } = open.value;
    if (entry.lock !== 'device') return err('session/already_has_password');
    if (!record.phraseBackedUp) return err('session/phrase_not_backed_up');
    if (password.length < MIN_PASSWORD_LENGTH) return err('session/weak_password');
    return this.#rewrap(open.value, undefined, password, vault.profileId);
  }

  async changePassword(current: string, next: string): Promise<Result<ProfileSummary, SessionError>> {
    const open = this.#open();
    if (!open.ok) return open;
    if (open.value.entry.lock !== 'password') return err('vault/password_required');
    if (next.length < MIN_PASSWORD_LENGTH) return err('session/weak_password');
    return this.#rewrap(open.value, current, next, open.value.vault.profileId);
  }

  /** Unwraps with the current secret, wraps with the new password: only the data key changes. */
  async #rewrap(open: OpenProfile, current: string | undefined, next: string, id: string): Promise<Result<ProfileSummary, SessionError>> {
    const keyring = await open.vault.db.keyring();
    if (!keyring) return err('vault/corrupt_keyring');
    const dataKey = await unwrapDataKey(id, keyring, current);
    if (!dataKey.ok) return dataKey;
    const rewrapped = await wrapWithPassword(id, dataKey.value, next);
    dataKey.value.fill(0);
    await open.vault.db.setKeyring(rewrapped);
    const entry: ProfileListEntry = { ...open.entry, lock: 'password' };
    await saveProfileEntry(entry);
    open.entry = entry;
    await this.#session.refreshProfiles();
    this.#session.publish();
    return ok(this.#session.summary(open));
  }

  async setDisplayName(name: string): Promise<Result<ProfileSummary, SessionError | DisplayNameError>> {
    const open = this.#open();
    if (!open.ok) return open;
    const valid = validateDisplayName(String(name));
    if (!valid.ok) return valid;
    return this.#saveRecord(open.value, { ...open.value.record, displayName: valid.value });
  }

  async setIdleLock(minutes: number): Promise<Result<ProfileSummary, SessionError>> {
    const open = this.#open();
    if (!open.ok) return open;
    if (!IDLE_LOCK_CHOICES.includes(minutes)) return err('session/invalid_setting', 'idle_lock');
    return this.#saveRecord(open.value, { ...open.value.record, idleLockMinutes: minutes });
  }

  async exportBackup(password: string): Promise<Result<Uint8Array, SessionError>> {
    const open = this.#open();
    if (!open.ok) return open;
    if (password.length < MIN_PASSWORD_LENGTH) return err('session/weak_password');
    // A backup restores from its phrase; a Keycard profile's phrase is on the card.
    if ('kind' in open.value.record) return err('session/no_phrase');
    const records: RecordWrite[] = [];
    for (const store of BACKUP_STORES) {
      const listed = await open.value.vault.list(store);
      if (!listed.ok) return listed;
      for (const e of listed.value.entries) {
        const group = vaultGroupOf(store, e.value);
        records.push(group === undefined ? { store, id: e.id, value: e.value } : { store, id: e.id, value: e.value, group });
      }
    }
    return ok(await encodeBackup({ format: 'parley-backup', createdAt: Date.now(), records }, password));
  }

  /** Imports a backup as a new profile whose password is the backup's password. */
  async importBackup(file: Uint8Array, password: string): Promise<Result<ProfileListEntry, SessionError | BackupError>> {
    if (!this.#session.active) return err('session/not_active_tab');
    const decoded = await decodeBackup(file, password);
    if (!decoded.ok) return decoded;
    const identity = decoded.value.records.find((r) => r.store === 'identity' && r.id === IDENTITY_ID);
    if (!identity || !isIdentityRecord(identity.value)) return err('backup/bad_contents', 'identity');
    // Backups written before groups were carried lack them; a message's group is its chat.
    const records = decoded.value.records.map((r) => {
      const group = r.group ?? vaultGroupOf(r.store, r.value);
      return group === undefined ? r : { ...r, group };
    });
    const { entry, vault } = await createProfile({ password, records, now: Date.now() });
    vault.lock();
    await this.#session.refreshProfiles();
    this.#session.publish();
    return ok(entry);
  }

  /** Erases a profile from this browser. The open profile is locked first. */
  async deleteProfile(profileId: string): Promise<Result<void, SessionError>> {
    if (!this.#session.active) return err('session/not_active_tab');
    if (this.#session.open?.entry.id === profileId) this.#session.lock();
    await destroyProfile(profileId);
    await forgetBackgroundRecord(profileId);
    await this.#session.refreshProfiles();
    this.#session.publish();
    return ok(undefined);
  }
}
