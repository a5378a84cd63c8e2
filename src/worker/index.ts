/**
 * Composition root of the Parley worker: builds the stores, transport and services, and exposes
 * WorkerApi over Comlink. Only the active tab (TabLock) runs the network and opens vaults.
 * The polyfills import must stay first.
 */
import './polyfills.ts';
import * as Comlink from 'comlink';
import { createLogger } from '$lib/shared/log.ts';
import { createWorkerApi, type ApiDeps } from './api.ts';
import { EventHub } from './events.ts';
import { DiagnosticsService } from './services/diagnostics.ts';
import { loadDeploymentConfig } from './services/deployment-config.ts';
import { NetworkService } from './services/network.ts';
import { ContactsService } from './services/contacts.ts';
import { ProfileAdmin } from './services/profile-admin.ts';
import { SessionService } from './services/session.ts';
import { TabLock } from './services/tab-lock.ts';
import { NotificationService, vaultSettingsStore } from './services/notifications.ts';
import { openDeviceSettings } from './vault/device-settings.ts';
import { ChatActions } from './services/chat/chat-actions.ts';
import { ChatService } from './services/chat/chat-service.ts';
import { KeycardService } from './services/keycard.ts';
import { chooseSecp256k1Backend } from './crypto/secp256k1-load.ts';
import { BackgroundCheck } from './services/background-check.ts';

const log = createLogger('worker');

async function build(): Promise<ApiDeps> {
  const events = new EventHub();
  const origin = self.location.origin;
  // The secp256k1 backend is chosen once, here, before any service can use it (PERFORMANCE.md).
  const [config, store, secp] = await Promise.all([loadDeploymentConfig(origin), openDeviceSettings(), chooseSecp256k1Backend()]);
  if (secp.fallbackReason) log.warn(`secp256k1: WebAssembly backend unavailable (${secp.fallbackReason}); using noble`);
  else log.info(`secp256k1 backend: ${secp.name}`);
  const settings = (await store.loadNetwork()) ?? NetworkService.defaultSettings(config);
  const diagnostics = new DiagnosticsService(events);
  const network = new NetworkService({ events, store, config }, settings);
  void network.addClient(diagnostics);
  const session = new SessionService(events, origin);
  const admin = new ProfileAdmin(session);
  const notifications = new NotificationService(events, vaultSettingsStore(session));
  const chats = new ChatService(events, network, notifications);
  const chatActions = new ChatActions(chats, () => session.open?.record.displayName ?? '');
  const background = new BackgroundCheck({ network: () => network.status.settings });
  notifications.onChanged = (s) => void background.apply(s, session.open?.entry.id);
  session.onOpenChanged = (open) => {
    chats.profileChanged(open);
    void followProfile(background, open ? { id: open.entry.id, chats, notifications } : null);
  };
  const keycard = new KeycardService(session);
  const tabs = new TabLock({
    onActive: async () => {
      await session.activate();
      network.start().catch((e: unknown) => log.error(`network failed to start: ${String(e)}`));
    },
    onStandDown: async () => {
      keycard.disconnect();
      session.standDown();
      await network.stop();
    },
  });
  void tabs.tryAcquire().then((active) => {
    if (!active) session.publish();
  });
  return { events, network, diagnostics, session, admin, tabs, contacts: new ContactsService(session), notifications, chats, chatActions, keycard };
}

/** The background check follows the open profile once its chat engine is up. */
async function followProfile(
  background: BackgroundCheck,
  open: { id: string; chats: ChatService; notifications: NotificationService } | null,
): Promise<void> {
  if (!open) return background.profileChanged(null);
  const engine = await open.chats.ready();
  const settings = await open.notifications.settings();
  if (engine && settings.ok) await background.profileChanged({ id: open.id, source: engine, settings: settings.value });
}

const ready = build();
ready.catch((e: unknown) => log.error(`worker failed to start: ${String(e)}`));
Comlink.expose(createWorkerApi(ready));
