/**
 * Implements WorkerApi: validate input at the edge, call a service, return plain data or a Result.
 * No logic lives here beyond that mapping. The API is exposed synchronously at start-up (messages
 * that reach a worker before it listens are lost), so every method first awaits the services.
 */
import { WORKER_API_VERSION, type WorkerApi } from '$lib/shared/api.ts';
import type { WorkerEventListener } from '$lib/shared/events.ts';
import type { PresetId } from '$lib/shared/network.ts';
import { err } from '$lib/shared/result.ts';
import type { EventHub } from './events.ts';
import type { DiagnosticsService } from './services/diagnostics.ts';
import type { NetworkService } from './services/network.ts';

export interface ApiDeps {
  readonly events: EventHub;
  readonly network: NetworkService;
  readonly diagnostics: DiagnosticsService;
}

const PRESETS: readonly PresetId[] = ['status-fleet', 'local-devnet'];

export function createWorkerApi(ready: Promise<ApiDeps>): WorkerApi {
  return {
    apiVersion: () => Promise.resolve(WORKER_API_VERSION),
    subscribe: async (listener: WorkerEventListener) => {
      const { events, network } = await ready;
      events.add(listener);
      listener({ type: 'network-status', status: network.status });
    },
    getNetworkStatus: async () => (await ready).network.status,
    selectPreset: async (presetId: PresetId) => {
      if (!PRESETS.includes(presetId)) return err('network/unknown_preset');
      return (await ready).network.selectPreset(presetId);
    },
    addNode: async (multiaddr) => (await ready).network.addNode(String(multiaddr)),
    removeNode: async (multiaddr) => (await ready).network.removeNode(String(multiaddr)),
    refreshHealth: async () => (await ready).network.refreshHealth(),
    sendDiagnostic: async (text) => (await ready).diagnostics.send(String(text)),
    runRoundTrip: async () => (await ready).diagnostics.roundTrip(),
    fetchDiagnostics: async () => (await ready).diagnostics.fetchRecent(Date.now()),
  };
}
