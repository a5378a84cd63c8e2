/**
 * Composition root of the Parley worker: builds the stores, transport and services, and exposes
 * WorkerApi over Comlink. The polyfills import must stay first.
 */
import './polyfills.ts';
import * as Comlink from 'comlink';
import { createLogger } from '$lib/shared/log.ts';
import { createWorkerApi, type ApiDeps } from './api.ts';
import { EventHub } from './events.ts';
import { DiagnosticsService } from './services/diagnostics.ts';
import { loadDeploymentConfig } from './services/deployment-config.ts';
import { NetworkService } from './services/network.ts';
import { openDeviceSettings } from './vault/device-settings.ts';

const log = createLogger('worker');

async function build(): Promise<ApiDeps> {
  const events = new EventHub();
  const [config, store] = await Promise.all([loadDeploymentConfig(self.location.origin), openDeviceSettings()]);
  const settings = (await store.loadNetwork()) ?? NetworkService.defaultSettings(config);
  const diagnostics = new DiagnosticsService(events);
  const network = new NetworkService({ events, store, config, diagnostics }, settings);
  network.start().catch((e: unknown) => log.error(`network failed to start: ${String(e)}`));
  return { events, network, diagnostics };
}

const ready = build();
ready.catch((e: unknown) => log.error(`worker failed to start: ${String(e)}`));
Comlink.expose(createWorkerApi(ready));
