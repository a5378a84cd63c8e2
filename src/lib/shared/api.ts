/**
 * WorkerApi: the ONLY contract between the UI and the worker (ARCHITECTURE.md, rule 1).
 * Methods take and return plain data; expected failures come back as Result values with stable
 * error codes. The worker implements this in src/worker/api.ts; the page reaches it through
 * src/lib/client.
 */
import type { DiagnosticMessage, WorkerEventListener } from './events.ts';
import type { NetworkSettings, NetworkStatus, PresetId } from './network.ts';
import type { ErrorInfo, Result } from './result.ts';
import type { ChatError, ChatHistoryView, ChatSettings, ChatView, HistoryFetchView, MessageView } from './chat.ts';
import type { NotificationSettings } from './notifications.ts';
import type { KeycardCardInfo, KeycardLoginFailure, KeycardLoginOptions, KeycardPinStatus, KeycardTransmit } from './keycard-login.ts';
import type { ContactCard, ContactError, PhraseAnswer, ProfileListEntry, ProfileSummary, SessionError, SessionState } from './identity.ts';

/** Error shapes of the identity layer as they cross the boundary (codes + plain fields). */
export type MnemonicErrorInfo = ErrorInfo<'mnemonic/word_count' | 'mnemonic/unknown_words' | 'mnemonic/bad_checksum'> & {
  readonly count?: number;
  readonly unknown?: readonly { readonly position: number; readonly suggestions: readonly string[] }[];
};
export type DisplayNameErrorInfo = ErrorInfo<
  'display_name/too_short' | 'display_name/too_long' | 'display_name/bad_character' | 'display_name/eth_suffix' | 'display_name/is_alias'
>;
export type BackupErrorInfo = ErrorInfo<
  | 'backup/too_large'
  | 'backup/not_parley'
  | 'backup/unsupported_version'
  | 'backup/truncated'
  | 'backup/bad_parameters'
  | 'backup/wrong_password'
  | 'backup/bad_contents'
>;

/** Bumped on any breaking change of this interface; the client refuses a mismatched worker. */
export const WORKER_API_VERSION = 3;

export type NetworkErrorCode =
  | 'network/invalid_multiaddr'
  | 'network/unknown_preset'
  | 'network/duplicate_node'
  | 'network/unknown_node'
  | 'network/last_node'
  | 'network/not_started'
  | 'network/no_peer'
  | 'network/push_failed'
  | 'network/store_failed'
  | 'network/invalid_text';

export type NetworkError = ErrorInfo<NetworkErrorCode>;

export interface SentDiagnostic {
  readonly hash: string;
  readonly sentAt: number;
  /** Peers that accepted the light push. */
  readonly acceptedBy: number;
}

/** A "test message" round trip: publish → seen back through filter → found in store. */
export interface RoundTripReport {
  readonly hash: string;
  readonly pushMs: number;
  /** null when the message did not come back through filter within the timeout. */
  readonly filterMs: number | null;
  /** null when a store lookup by hash did not find it within the timeout. */
  readonly storeMs: number | null;
}

export interface WorkerApi {
  apiVersion(): Promise<number>;
  /** Registers the single event listener (wrap it with Comlink.proxy). Emits current status at once. */
  subscribe(listener: WorkerEventListener): Promise<void>;

  getNetworkStatus(): Promise<NetworkStatus>;
  selectPreset(presetId: PresetId): Promise<Result<NetworkSettings, NetworkError>>;
  addNode(multiaddr: string): Promise<Result<NetworkSettings, NetworkError>>;
  removeNode(multiaddr: string): Promise<Result<NetworkSettings, NetworkError>>;
  /** Re-measures health (identify protocols, ping RTT) of every configured node now. */
  refreshHealth(): Promise<NetworkStatus>;

  sendDiagnostic(text: string): Promise<Result<SentDiagnostic, NetworkError>>;
  runRoundTrip(): Promise<Result<RoundTripReport, NetworkError>>;
  /** Diagnostics messages of the last hour, fetched from store. */
  fetchDiagnostics(): Promise<Result<readonly DiagnosticMessage[], NetworkError>>;

  getSession(): Promise<SessionState>;
  /** Asks the tab that runs Parley to stand down and takes over here. */
  takeOver(): Promise<SessionState>;
  /** A new identity. Without a password it is a try-now profile (device-key protected). */
  createAccount(password?: string): Promise<Result<ProfileSummary, SessionError>>;
  restoreAccount(phrase: string, password: string): Promise<Result<ProfileSummary, SessionError | MnemonicErrorInfo>>;
  unlock(profileId: string, password?: string): Promise<Result<ProfileSummary, SessionError>>;
  lock(): Promise<void>;
  /** Activity from the page, for the idle lock. */
  touch(): Promise<void>;
  /** The recovery phrase of the open profile, for the backup step only. */
  revealPhrase(): Promise<Result<readonly string[], SessionError>>;
  confirmPhrase(answers: readonly PhraseAnswer[]): Promise<Result<ProfileSummary, SessionError>>;
  /** Upgrades a try-now profile: requires the phrase to be confirmed first. */
  setPassword(password: string): Promise<Result<ProfileSummary, SessionError>>;
  changePassword(current: string, next: string): Promise<Result<ProfileSummary, SessionError>>;
  setDisplayName(name: string): Promise<Result<ProfileSummary, SessionError | DisplayNameErrorInfo>>;
  setIdleLock(minutes: number): Promise<Result<ProfileSummary, SessionError>>;
  exportBackup(password: string): Promise<Result<Uint8Array, SessionError>>;
  importBackup(file: Uint8Array, password: string): Promise<Result<ProfileListEntry, SessionError | BackupErrorInfo>>;
  deleteProfile(profileId: string): Promise<Result<void, SessionError>>;

  /**
   * Keycard login (status-protocol.md §12.1), since API 2. The page owns the device and passes its
   * transmit function wrapped with Comlink.proxy; the secure channel, PIN check and exported keys
   * stay in the worker. Order: connect → (pair if `needsPairing`) → open → login (repeatable after
   * a wrong PIN or a MAC failure) ; disconnect abandons the card session.
   */
  keycardConnect(transmit: KeycardTransmit): Promise<Result<KeycardCardInfo, KeycardLoginFailure>>;
  keycardPair(pairingPassword: string): Promise<Result<KeycardCardInfo, KeycardLoginFailure>>;
  /** Opens the secure channel if needed; PIN and PUK tries left. */
  keycardOpen(): Promise<Result<KeycardPinStatus, KeycardLoginFailure>>;
  /** VERIFY PIN, EXPORT KEY ×2, then creates or unlocks this card's Keycard profile. */
  keycardLogin(options: KeycardLoginOptions): Promise<Result<ProfileSummary, KeycardLoginFailure>>;
  /** Before deleting the open Keycard profile: VERIFY PIN and UNPAIR this browser's slot on its card (v1). */
  keycardUnpair(pin: string): Promise<Result<void, KeycardLoginFailure>>;
  keycardDisconnect(): Promise<void>;

  /**
   * Reads a pasted or scanned chat key or contact link into a card to verify; saves nothing.
   * Contacts are chat contacts: listChats() (with `request` and `saved`), added by
   * sendContactRequest().
   */
  describeContact(text: string): Promise<Result<ContactCard, ContactError>>;

  /** Local notifications of the open profile (settings sealed in its vault). */
  getNotificationSettings(): Promise<Result<NotificationSettings, SessionError>>;
  updateNotificationSettings(change: {
    readonly enabled?: boolean;
    readonly preview?: boolean;
    readonly background?: boolean;
  }): Promise<Result<NotificationSettings, SessionError>>;
  setChatMuted(chatId: string, muted: boolean): Promise<Result<NotificationSettings, SessionError>>;
  /** The page reports document.visibilityState: only a hidden page gets message notifications. */
  setPageVisible(visible: boolean): Promise<void>;
  /**
   * The service worker's periodic sync fired while this page is open (an installed app left in
   * the background for hours, whose filter subscriptions may have lapsed): catch up from store.
   */
  checkStoreNow(): Promise<void>;
  /** Settings → Notifications "Send a test notification": emits a `notify` event if enabled. */
  sendTestNotification(): Promise<'shown' | 'disabled' | 'locked'>;

  /** Chats of the open profile, newest activity first, each marked for the chat list or the requests inbox. */
  listChats(): Promise<Result<readonly ChatView[], ChatError>>;
  /** Messages of a chat in display order (clock, then id). */
  getMessages(chatId: string): Promise<Result<readonly MessageView[], ChatError>>;
  getChatSettings(): Promise<ChatSettings>;
  /** The chat on screen (null: none): store catch-up serves its topics first, newest first. */
  setOpenChat(chatId: string | null): Promise<void>;
  /** A chat's history on this device: how far back it was fetched and the gaps in it. */
  getChatHistory(chatId: string): Promise<Result<ChatHistoryView, ChatError>>;
  /** Asks the store nodes for the chat's messages before its floor (9 days further back). */
  fetchOlderMessages(chatId: string): Promise<Result<HistoryFetchView, ChatError>>;
  /** Asks the store nodes again for a gap of the chat (ms since the epoch). */
  fillHistoryGap(chatId: string, from: number, to: number): Promise<Result<HistoryFetchView, ChatError>>;
  setContactsOnly(on: boolean): Promise<Result<ChatSettings, ChatError>>;
  /** `target` is a chat key or contact link; `text` the request message. */
  sendContactRequest(target: string, text: string): Promise<Result<ChatView, ChatError>>;
  acceptContactRequest(chatId: string): Promise<Result<ChatView, ChatError>>;
  declineContactRequest(chatId: string): Promise<Result<ChatView, ChatError>>;
  /** Retracts our request, or removes a mutual contact (both sides back to "none"). */
  retractContact(chatId: string): Promise<Result<ChatView, ChatError>>;
  sendMessage(chatId: string, text: string, responseTo?: string): Promise<Result<MessageView, ChatError>>;
  editMessage(chatId: string, messageId: string, text: string): Promise<Result<MessageView, ChatError>>;
  /** Delete for everyone (own messages only). */
  deleteMessage(chatId: string, messageId: string): Promise<Result<MessageView, ChatError>>;
  /** Delete for me: hides any message on this device only; nothing is sent. */
  deleteMessageForMe(chatId: string, messageId: string): Promise<Result<MessageView, ChatError>>;
  /** Pins or unpins a message of the chat for both sides (either side may, §6.7). */
  pinMessage(chatId: string, messageId: string, pinned: boolean): Promise<Result<MessageView, ChatError>>;
  /** Toggles our reaction of `type` (1–6) on a message. */
  react(chatId: string, messageId: string, type: number): Promise<Result<MessageView, ChatError>>;
  markRead(chatId: string): Promise<Result<ChatView, ChatError>>;
  setChatFlags(chatId: string, flags: { readonly blocked?: boolean; readonly verified?: boolean }): Promise<Result<ChatView, ChatError>>;
}
