/**
 * Implements WorkerApi: validate input at the edge, call a service, return plain data or a Result.
 * No logic lives here beyond that mapping. The API is exposed synchronously at start-up (messages
 * that reach a worker before it listens are lost), so every method first awaits the services.
 */
import { WORKER_API_VERSION, type WorkerApi } from '$lib/shared/api.ts';
import type { WorkerEventListener } from '$lib/shared/events.ts';
import type { PhraseAnswer } from '$lib/shared/identity.ts';
import type { PresetId } from '$lib/shared/network.ts';
import { err } from '$lib/shared/result.ts';
import type { EventHub } from './events.ts';
import type { DiagnosticsService } from './services/diagnostics.ts';
import type { NetworkService } from './services/network.ts';
import type { ContactsService } from './services/contacts.ts';
import type { ProfileAdmin } from './services/profile-admin.ts';
import type { SessionService } from './services/session.ts';
import type { TabLock } from './services/tab-lock.ts';
import type { NotificationService } from './services/notifications.ts';
import type { ChatActions } from './services/chat/chat-actions.ts';
import type { ChatService } from './services/chat/chat-service.ts';
import type { KeycardService } from './services/keycard.ts';

export interface ApiDeps {
  readonly events: EventHub;
  readonly network: NetworkService;
  readonly diagnostics: DiagnosticsService;
  readonly session: SessionService;
  readonly admin: ProfileAdmin;
  readonly tabs: TabLock;
  readonly contacts: ContactsService;
  readonly notifications: NotificationService;
  readonly chats: ChatService;
  readonly chatActions: ChatActions;
  readonly keycard: KeycardService;
}

const PRESETS: readonly PresetId[] = ['status-fleet', 'local-devnet'];
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
const optionalStr = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const answersOf = (v: unknown): PhraseAnswer[] =>
  Array.isArray(v) ? v.filter((a): a is PhraseAnswer => typeof a?.position === 'number' && typeof a?.word === 'string') : [];

export function createWorkerApi(ready: Promise<ApiDeps>): WorkerApi {
  const d = async (): Promise<ApiDeps> => ready;
  return {
    apiVersion: () => Promise.resolve(WORKER_API_VERSION),
    subscribe: async (listener: WorkerEventListener) => {
      const { events, network, session } = await d();
      events.add(listener);
      listener({ type: 'network-status', status: network.status });
      listener({ type: 'session', session: session.state() });
    },
    getNetworkStatus: async () => (await d()).network.status,
    selectPreset: async (presetId: PresetId) =>
      PRESETS.includes(presetId) ? (await d()).network.selectPreset(presetId) : err('network/unknown_preset'),
    addNode: async (multiaddr) => (await d()).network.addNode(str(multiaddr)),
    removeNode: async (multiaddr) => (await d()).network.removeNode(str(multiaddr)),
    refreshHealth: async () => (await d()).network.refreshHealth(),
    sendDiagnostic: async (text) => (await d()).diagnostics.send(str(text)),
    runRoundTrip: async () => (await d()).diagnostics.roundTrip(),
    fetchDiagnostics: async () => (await d()).diagnostics.fetchRecent(Date.now()),

    getSession: async () => (await d()).session.state(),
    takeOver: async () => {
      const { tabs, session } = await d();
      await tabs.takeOver();
      return session.state();
    },
    createAccount: async (password) => (await d()).session.createAccount(optionalStr(password)),
    restoreAccount: async (phrase, password) => (await d()).session.restoreAccount(str(phrase), str(password)),
    unlock: async (profileId, password) => (await d()).session.unlock(str(profileId), optionalStr(password)),
    lock: async () => (await d()).session.lock(),
    touch: async () => (await d()).session.touch(),
    revealPhrase: async () => (await d()).admin.revealPhrase(),
    confirmPhrase: async (answers) => (await d()).admin.confirmPhrase(answersOf(answers)),
    setPassword: async (password) => (await d()).admin.setPassword(str(password)),
    changePassword: async (current, next) => (await d()).admin.changePassword(str(current), str(next)),
    setDisplayName: async (name) => (await d()).admin.setDisplayName(str(name)),
    setIdleLock: async (minutes) => (await d()).admin.setIdleLock(Number(minutes)),
    exportBackup: async (password) => (await d()).admin.exportBackup(str(password)),
    importBackup: async (file, password) =>
      (await d()).admin.importBackup(file instanceof Uint8Array ? file : new Uint8Array(0), str(password)),
    deleteProfile: async (profileId) => (await d()).admin.deleteProfile(str(profileId)),
    keycardConnect: async (transmit) =>
      typeof transmit === 'function' ? (await d()).keycard.connect(transmit) : err('keycard/invalid_argument', 'transmit'),
    keycardPair: async (pairingPassword) => (await d()).keycard.pair(str(pairingPassword)),
    keycardOpen: async () => (await d()).keycard.open(),
    keycardLogin: async (options) => {
      const copyPassword = optionalStr(options?.copyPassword);
      return (await d()).keycard.login({ pin: str(options?.pin), ...(copyPassword !== undefined ? { copyPassword } : {}) });
    },
    keycardUnpair: async (pin) => (await d()).keycard.unpair(str(pin)),
    keycardDisconnect: async () => (await d()).keycard.disconnect(),
    describeContact: async (text) => (await d()).contacts.describe(str(text)),
    getNotificationSettings: async () => (await d()).notifications.settings(),
    updateNotificationSettings: async (change) =>
      (await d()).notifications.update({ enabled: bool(change?.enabled), preview: bool(change?.preview), background: bool(change?.background) }),
    setChatMuted: async (chatId, muted) => (await d()).notifications.setMuted(str(chatId), muted === true),
    setPageVisible: async (visible) => {
      const { notifications, network } = await d();
      notifications.setPageVisible(visible !== false);
      if (visible !== false) network.resumed();
    },
    checkStoreNow: async () => (await d()).network.catchUpRequested(),
    sendTestNotification: async () => {
      const outcome = await (await d()).notifications.notifyTest();
      return outcome === 'shown' || outcome === 'disabled' ? outcome : 'locked';
    },
    listChats: async () => (await d()).chats.listChats(),
    getMessages: async (chatId) => (await d()).chats.messages(str(chatId)),
    getChatSettings: async () => (await d()).chats.settings,
    setOpenChat: async (chatId) => (await d()).chats.setOpenChat(typeof chatId === 'string' && chatId !== '' ? chatId : null),
    getChatHistory: async (chatId) => (await d()).chats.history(str(chatId)),
    fetchOlderMessages: async (chatId) => (await d()).chats.fetchOlder(str(chatId)),
    fillHistoryGap: async (chatId, from, to) => (await d()).chats.fillGap(str(chatId), Number(from), Number(to)),
    setContactsOnly: async (on) => (await d()).chats.setContactsOnly(on === true),
    sendContactRequest: async (target, text) => (await d()).chatActions.sendContactRequest(str(target), str(text)),
    acceptContactRequest: async (chatId) => (await d()).chatActions.accept(str(chatId)),
    declineContactRequest: async (chatId) => (await d()).chatActions.decline(str(chatId)),
    retractContact: async (chatId) => (await d()).chatActions.retract(str(chatId)),
    sendMessage: async (chatId, text, responseTo) => (await d()).chatActions.send(str(chatId), str(text), str(responseTo)),
    editMessage: async (chatId, messageId, text) => (await d()).chatActions.edit(str(chatId), str(messageId), str(text)),
    deleteMessage: async (chatId, messageId) => (await d()).chatActions.remove(str(chatId), str(messageId)),
    deleteMessageForMe: async (chatId, messageId) => (await d()).chatActions.hideForMe(str(chatId), str(messageId)),
    pinMessage: async (chatId, messageId, pinned) => (await d()).chatActions.pin(str(chatId), str(messageId), pinned === true),
    react: async (chatId, messageId, type) => (await d()).chatActions.react(str(chatId), str(messageId), Number(type)),
    markRead: async (chatId) => (await d()).chatActions.markRead(str(chatId)),
    setChatFlags: async (chatId, flags) =>
      (await d()).chatActions.setFlags(str(chatId), {
        ...(typeof flags?.blocked === 'boolean' ? { blocked: flags.blocked } : {}),
        ...(typeof flags?.verified === 'boolean' ? { verified: flags.verified } : {}),
      }),
  };
}
