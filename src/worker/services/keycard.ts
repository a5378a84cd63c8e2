/**
 * Keycard login (status-protocol.md §12.1): one card session driven through the page's transmit
 * proxy — SELECT, find this browser's profile and pairing for the card, PAIR with the pairing
 * password if needed, OPEN SECURE CHANNEL, VERIFY PIN, EXPORT KEY ×2 — then create or unlock the
 * Keycard profile with the exported chat and database keys. The secure channel ends here: the
 * page only relays bytes, and the keys never leave the worker. Owns the card session state and
 * the pending pairing; does not own the card protocol (worker/keycard), nor vault layout
 * (vault/keycard-keyring.ts), nor the open profile (session.ts). A pairing made before any
 * profile holds it is kept on the device (vault/pending-pairings.ts) until a login stores it, so
 * an abandoned login does not cost the card a pairing slot.
 */
import { bytesToHex, bytesEqual } from '$lib/shared/bytes.ts';
import type { ProfileSummary, SessionError } from '$lib/shared/identity.ts';
import type { KeycardError } from '$lib/shared/keycard.ts';
import type { KeycardCardInfo, KeycardLoginError, KeycardLoginOptions, KeycardPinStatus, KeycardTransmit } from '$lib/shared/keycard-login.ts';
import { err, ok, type Result } from '$lib/shared/result.ts';
import { createLogger } from '$lib/shared/log.ts';
import { SecretKeyPair, type IdentityKeys } from '../identity/index.ts';
import { KEYCARD_CHAT_KEY_PATH, KEYCARD_DATABASE_KEY_PATH, KeycardClient, type ApplicationInfo, type Pairing } from '../keycard/index.ts';
import { MIN_PASSWORD_LENGTH, wrapWithPassword } from '../vault/keyring.ts';
import { sealBinding, unwrapWithCard, wrapWithCard, type CardBinding } from '../vault/keycard-keyring.ts';
import { ProfileDb } from '../vault/profile-db.ts';
import { Vault } from '../vault/vault.ts';
import { createProfile } from './profile-factory.ts';
import { PendingPairings } from '../vault/pending-pairings.ts';
import { findCardProfile, type CardProfile } from './keycard-profiles.ts';
import { IDENTITY_ID, isKeycardIdentityRecord, newKeycardIdentityRecord } from './identity-record.ts';
import type { SessionService } from './session.ts';

const log = createLogger('keycard');

type LoginError = KeycardError | KeycardLoginError | SessionError;

interface CardSession {
  readonly client: KeycardClient;
  readonly info: ApplicationInfo;
  /** This browser's Keycard profile for the card's seed, if any. */
  readonly profile: CardProfile | null;
  /** The pairing in use (stored, or made in this session and not yet stored). */
  pairing: Pairing | null;
  /** True when `pairing` is not in the profile yet and has to be written there at login. */
  pairingIsNew: boolean;
}

export interface KeycardServiceOptions {
  readonly trustAnchors?: readonly Uint8Array[];
  /** Pairings made before a login stored them (default: IndexedDB on this device). */
  readonly pendingPairings?: PendingPairings;
}

export class KeycardService {
  readonly #session: SessionService;
  readonly #options: { trustAnchors?: readonly Uint8Array[] };
  readonly #pending: PendingPairings;
  #card: CardSession | null = null;

  constructor(session: SessionService, options: KeycardServiceOptions = {}) {
    this.#session = session;
    this.#options = options.trustAnchors ? { trustAnchors: options.trustAnchors } : {};
    this.#pending = options.pendingPairings ?? new PendingPairings();
  }

  /** Starts a card session over the page's transmit function: SELECT and look up this card. */
  async connect(transmit: KeycardTransmit): Promise<Result<KeycardCardInfo, LoginError>> {
    if (!this.#session.active) return err('session/not_active_tab');
    this.disconnect();
    const client = new KeycardClient(transmit, this.#options);
    const selected = await client.select();
    if (!selected.ok) return selected;
    const info = selected.value;
    if (!info.initialised) return err('keycard/not_initialised');
    const profile = info.keyUid.length > 0 ? await findCardProfile(bytesToHex(info.keyUid), info.instanceUid) : null;
    let pairing: Pairing | null = profile?.pairing ?? null;
    let pairingIsNew = false;
    if (!pairing && info.secureChannel === 1 && info.instanceUid) {
      // Paired earlier from this browser, but no login stored it: reuse it rather than take another slot.
      pairing = await this.#readPending(info.instanceUid);
      pairingIsNew = pairing !== null;
    }
    this.#card = { client, info, profile, pairing, pairingIsNew };
    return ok(this.#describe(this.#card));
  }

  #describe(card: CardSession): KeycardCardInfo {
    return {
      appletVersion: `${card.info.version.major}.${card.info.version.minor}`,
      secureChannel: card.info.secureChannel,
      freePairingSlots: card.info.freePairingSlots ?? null,
      needsPairing: card.info.secureChannel === 1 && card.pairing === null,
      profileId: card.profile?.profileId ?? null,
    };
  }

  /** PAIR with the pairing password (secure channel v1). The pairing is stored at login. */
  async pair(pairingPassword: string): Promise<Result<KeycardCardInfo, LoginError>> {
    const card = this.#card;
    if (!card) return err('keycard/no_session');
    const paired = await card.client.pair(pairingPassword);
    if (!paired.ok) return paired;
    card.pairing?.key.fill(0);
    card.pairing = paired.value;
    card.pairingIsNew = true;
    try {
      await this.#pending.put(paired.value);
    } catch (e) {
      log.warn(`could not keep the new pairing on this device (a failed login would cost a slot): ${String(e)}`);
    }
    return ok(this.#describe(card));
  }

  async #readPending(instanceUid: Uint8Array): Promise<Pairing | null> {
    try {
      return await this.#pending.find(instanceUid);
    } catch (e) {
      log.warn(`could not read pending pairings: ${String(e)}`);
      return null;
    }
  }

  async #forgetPending(instanceUid: Uint8Array | undefined): Promise<void> {
    if (!instanceUid) return;
    try {
      await this.#pending.remove(instanceUid);
    } catch (e) {
      log.warn(`could not forget a pending pairing: ${String(e)}`);
    }
  }

  /** Opens the secure channel (if not open) and reads the PIN and PUK tries left. */
  async open(): Promise<Result<KeycardPinStatus, LoginError>> {
    const card = this.#card;
    if (!card) return err('keycard/no_session');
    const opened = await this.#ensureChannel(card);
    if (!opened.ok) return opened;
    const status = await card.client.getStatus();
    if (!status.ok) return status;
    return ok({ pinRetries: status.value.pinRetries, pukRetries: status.value.pukRetries });
  }

  async #ensureChannel(card: CardSession): Promise<Result<void, LoginError>> {
    if (card.client.channelOpen) return ok(undefined);
    if (card.info.secureChannel === 1 && !card.pairing) return err('keycard/pairing_invalid', 'no_pairing');
    const opened = await card.client.openSecureChannel(card.pairing ?? undefined);
    if (!opened.ok && opened.error.code === 'keycard/pairing_invalid') {
      // The card forgot our pairing (slot freed, card reset): ask for the password again.
      card.pairing?.key.fill(0);
      card.pairing = null;
      card.pairingIsNew = false;
      await this.#forgetPending(card.info.instanceUid);
    }
    return opened;
  }

  /**
   * VERIFY PIN, EXPORT KEY ×2, then create or unlock the profile. After a MAC failure the channel
   * is gone; calling login again reopens it. The card session ends on success.
   */
  async login(opts: KeycardLoginOptions): Promise<Result<ProfileSummary, LoginError>> {
    const card = this.#card;
    if (!card) return err('keycard/no_session');
    if (opts.copyPassword !== undefined && opts.copyPassword.length < MIN_PASSWORD_LENGTH) return err('session/weak_password');
    const opened = await this.#ensureChannel(card);
    if (!opened.ok) return opened;
    const verified = await card.client.verifyPin(opts.pin);
    if (!verified.ok) return verified;
    const keys = await this.#exportKeys(card.client);
    if (!keys.ok) return keys;
    const done = card.profile ? await this.#unlock(card, card.profile, keys.value) : await this.#create(card, keys.value, opts.copyPassword);
    if (!done.ok) {
      keys.value.chatKey.wipe();
      keys.value.databaseKey.wipe();
      return done;
    }
    // The pairing is sealed into the profile's card binding now.
    if (card.pairingIsNew) await this.#forgetPending(card.info.instanceUid);
    this.disconnect();
    log.info('logged in with a Keycard');
    return done;
  }

  async #exportKeys(client: KeycardClient): Promise<Result<IdentityKeys, KeycardError>> {
    const chat = await client.exportKey(KEYCARD_CHAT_KEY_PATH);
    if (!chat.ok) return chat;
    const database = await client.exportKey(KEYCARD_DATABASE_KEY_PATH);
    if (!database.ok) {
      chat.value.wipe();
      return database;
    }
    try {
      return ok({ chatKey: new SecretKeyPair(chat.value.privateKey), databaseKey: new SecretKeyPair(database.value.privateKey) });
    } finally {
      chat.value.wipe();
      database.value.wipe();
    }
  }

  #binding(card: CardSession, previous: readonly Pairing[] = []): CardBinding {
    const others = previous.filter((p) => !card.pairing || !bytesEqual(p.instanceUid, card.pairing.instanceUid));
    return { keyUid: bytesToHex(card.info.keyUid), pairings: card.pairing ? [...others, card.pairing] : others };
  }

  async #create(card: CardSession, keys: IdentityKeys, copyPassword: string | undefined): Promise<Result<ProfileSummary, LoginError>> {
    const record = newKeycardIdentityRecord({ keyUid: bytesToHex(card.info.keyUid), keys, keepCopy: copyPassword !== undefined, now: Date.now() });
    const { entry, vault } = await createProfile({
      password: undefined,
      records: [{ store: 'identity', id: IDENTITY_ID, value: record }],
      now: Date.now(),
      wrap: async (profileId, dataKey) =>
        wrapWithCard({
          profileId,
          dataKey,
          databasePrivateKey: keys.databaseKey.privateKey,
          binding: this.#binding(card),
          ...(copyPassword !== undefined ? { copy: await wrapWithPassword(profileId, dataKey, copyPassword) } : {}),
        }),
    });
    await this.#session.refreshProfiles();
    return ok(this.#session.adoptOpen({ entry, vault, record, keys }));
  }

  async #unlock(card: CardSession, profile: CardProfile, keys: IdentityKeys): Promise<Result<ProfileSummary, LoginError>> {
    const dataKey = unwrapWithCard(profile.profileId, profile.keyring, keys.databaseKey.privateKey);
    if (!dataKey.ok) return err('keycard/wrong_card');
    const db = await ProfileDb.open(profile.profileId);
    const vault = new Vault(db, dataKey.value);
    dataKey.value.fill(0);
    const stored = await vault.get('identity', IDENTITY_ID);
    if (!stored.ok || !isKeycardIdentityRecord(stored.value) || stored.value.chatPublicKey !== bytesToHex(keys.chatKey.publicKey)) {
      vault.lock();
      return err('keycard/wrong_card');
    }
    if (card.pairingIsNew) {
      const binding = await sealBinding(profile.profileId, this.#binding(card, profile.binding.pairings), profile.keyring.binding.deviceKey);
      await db.setKeyring({ ...profile.keyring, binding });
    }
    return ok(this.#session.adoptOpen({ entry: profile.entry, vault, record: stored.value, keys }));
  }

  /**
   * Frees this browser's pairing slot on the open profile's card before the profile is deleted
   * (a v1 card has 5 slots, and a deleted profile would hold one for good): VERIFY PIN, then
   * UNPAIR our own slot. Only for the card that opens the open profile. The card session ends on
   * success; the page then deletes the profile.
   */
  async unpair(pin: string): Promise<Result<void, LoginError>> {
    const card = this.#card;
    if (!card) return err('keycard/no_session');
    const open = this.#session.open;
    if (!open || card.profile?.profileId !== open.entry.id) return err('keycard/wrong_card');
    if (card.info.secureChannel !== 1) return err('keycard/not_supported', 'unpair_v2');
    const opened = await this.#ensureChannel(card);
    if (!opened.ok) return opened;
    const verified = await card.client.verifyPin(pin);
    if (!verified.ok) return verified;
    const index = card.pairing!.index;
    const freed = await card.client.unpair(index);
    if (!freed.ok) return freed;
    this.disconnect();
    log.info(`freed pairing slot ${index} on the card`);
    return ok(undefined);
  }

  /** Ends the card session: closes the channel and forgets an unstored pairing. */
  disconnect(): void {
    const card = this.#card;
    if (!card) return;
    this.#card = null;
    card.client.closeChannel();
    if (card.pairingIsNew) card.pairing?.key.fill(0);
  }
}
