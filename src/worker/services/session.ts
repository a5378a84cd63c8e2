/**
 * The session: which profile is open in this tab, and the transitions between no profile,
 * locked and unlocked (create, restore, try-now, unlock, lock, idle lock). Keys live here while
 * unlocked and are wiped on lock. Profile administration (passwords, backup, deletion) is in
 * profile-admin.ts and works on the open session.
 */
import type { ProfileListEntry, ProfileSummary, SessionError, SessionState } from '$lib/shared/identity.ts';
import { err, ok, type Result } from '$lib/shared/result.ts';
import { createLogger } from '$lib/shared/log.ts';
import type { EventHub } from '../events.ts';
import { generateMnemonic, parseMnemonic, type IdentityKeys, type MnemonicError } from '../identity/index.ts';
import { MIN_PASSWORD_LENGTH, unwrapDataKey } from '../vault/keyring.ts';
import { ProfileDb, listProfiles } from '../vault/profile-db.ts';
import { Vault } from '../vault/vault.ts';
import { createProfile } from './profile-factory.ts';
import { IDENTITY_ID, isProfileRecord, keysOf, newIdentityRecord, summarize, type ProfileRecord } from './identity-record.ts';

const log = createLogger('session');
/** How often the idle timer looks at the last activity. */
const IDLE_CHECK_MS = 15_000;

export interface OpenProfile {
  entry: ProfileListEntry;
  readonly vault: Vault;
  record: ProfileRecord;
  readonly keys: IdentityKeys;
}

export class SessionService {
  readonly #events: EventHub;
  readonly #origin: string;
  #active = false;
  #profiles: ProfileListEntry[] = [];
  #open: OpenProfile | null = null;
  #lastActivity = Date.now();
  #idleTimer: ReturnType<typeof setInterval> | null = null;
  /** Told whenever the open profile changes (opened, switched, locked). */
  onOpenChanged: (open: OpenProfile | null) => void = () => undefined;

  constructor(events: EventHub, origin: string) {
    this.#events = events;
    this.#origin = origin;
  }

  get open(): OpenProfile | null {
    return this.#open;
  }

  get active(): boolean {
    return this.#active;
  }

  state(): SessionState {
    if (!this.#active) return { state: 'elsewhere' };
    if (!this.#open) return { state: 'locked', profiles: this.#profiles };
    return { state: 'unlocked', profile: this.summary(this.#open), profiles: this.#profiles };
  }

  summary(open: OpenProfile): ProfileSummary {
    return summarize({ id: open.entry.id, lock: open.entry.lock, record: open.record, keys: open.keys, origin: this.#origin });
  }

  publish(): void {
    this.#events.emit({ type: 'session', session: this.state() });
  }

  async activate(): Promise<void> {
    this.#active = true;
    this.#profiles = await listProfiles();
    if (this.#idleTimer === null) this.#idleTimer = setInterval(() => this.#checkIdle(), IDLE_CHECK_MS);
    // A single try-now profile opens by itself: no questions asked.
    const only = this.#profiles.length === 1 ? this.#profiles[0] : undefined;
    if (only?.lock === 'device') await this.unlock(only.id);
    this.publish();
  }

  standDown(): void {
    this.lock();
    this.#active = false;
    this.publish();
  }

  async refreshProfiles(): Promise<void> {
    this.#profiles = await listProfiles();
  }

  async createAccount(password?: string): Promise<Result<ProfileSummary, SessionError>> {
    if (!this.#active) return err('session/not_active_tab');
    if (password !== undefined && password.length < MIN_PASSWORD_LENGTH) return err('session/weak_password');
    return this.#adopt(generateMnemonic().phrase, password, false);
  }

  async restoreAccount(phrase: string, password: string): Promise<Result<ProfileSummary, SessionError | MnemonicError>> {
    if (!this.#active) return err('session/not_active_tab');
    const parsed = parseMnemonic(phrase);
    if (!parsed.ok) return parsed;
    if (password.length < MIN_PASSWORD_LENGTH) return err('session/weak_password');
    // Whoever restores from the phrase has it written down already.
    return this.#adopt(parsed.value.phrase, password, true);
  }

  async #adopt(phrase: string, password: string | undefined, backedUp: boolean): Promise<Result<ProfileSummary, SessionError>> {
    this.lock();
    const record = newIdentityRecord(phrase, backedUp, Date.now());
    const { entry, vault } = await createProfile({ password, records: [{ store: 'identity', id: IDENTITY_ID, value: record }], now: Date.now() });
    this.#profiles = await listProfiles();
    return ok(this.#setOpen({ entry, vault, record, keys: keysOf(record)! }));
  }

  async unlock(profileId: string, password?: string): Promise<Result<ProfileSummary, SessionError>> {
    if (!this.#active) return err('session/not_active_tab');
    const entry = this.#profiles.find((p) => p.id === profileId);
    if (!entry) return err('session/unknown_profile');
    const db = await ProfileDb.open(profileId);
    const keyring = await db.keyring();
    const dataKey = keyring ? await unwrapDataKey(profileId, keyring, password) : err('vault/corrupt_keyring');
    if (!dataKey.ok) {
      db.close();
      return dataKey;
    }
    const vault = new Vault(db, dataKey.value);
    dataKey.value.fill(0);
    const stored = await vault.get('identity', IDENTITY_ID);
    const keys = stored.ok && isProfileRecord(stored.value) ? keysOf(stored.value) : null;
    if (!stored.ok || !isProfileRecord(stored.value) || !keys) {
      vault.lock();
      return err('vault/tampered', 'identity');
    }
    this.lock();
    return ok(this.#setOpen({ entry, vault, record: stored.value, keys }));
  }

  /** Opens a profile whose vault another service unlocked (a Keycard login); closes the current one. */
  adoptOpen(open: OpenProfile): ProfileSummary {
    this.lock();
    return this.#setOpen(open);
  }

  #setOpen(open: OpenProfile): ProfileSummary {
    this.#open = open;
    this.onOpenChanged(open);
    this.#lastActivity = Date.now();
    this.publish();
    return this.summary(open);
  }

  /** Closes the vault and wipes the keys from memory. */
  lock(): void {
    const open = this.#open;
    if (!open) return;
    this.#open = null;
    this.onOpenChanged(null);
    open.keys.chatKey.wipe();
    open.keys.databaseKey.wipe();
    open.vault.lock();
    this.publish();
    log.info('locked');
  }

  touch(): void {
    this.#lastActivity = Date.now();
  }

  #checkIdle(): void {
    const open = this.#open;
    if (!open || open.entry.lock === 'device' || open.record.idleLockMinutes === 0) return;
    if (Date.now() - this.#lastActivity >= open.record.idleLockMinutes * 60_000) this.lock();
  }
}
