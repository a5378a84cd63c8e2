/**
 * UI state for the network: live status and diagnostics, fed by worker events. Svelte 5 runes.
 * Holds no logic beyond bookkeeping; every action is a WorkerApi call.
 */
import type { RoundTripReport } from '$lib/shared/api.ts';
import type { DiagnosticMessage } from '$lib/shared/events.ts';
import type { NetworkStatus, PresetId } from '$lib/shared/network.ts';
import type { Result } from '$lib/shared/result.ts';
import { workerClient } from '$lib/client/worker-client.ts';
import { networkErrorText } from './error-text.ts';

export class NetworkManager {
  status = $state<NetworkStatus | null>(null);
  diagnostics = $state<DiagnosticMessage[]>([]);
  lastRoundTrip = $state<RoundTripReport | null>(null);
  error = $state<string | null>(null);
  busy = $state(false);

  constructor() {
    workerClient().onEvent((event) => {
      if (event.type === 'network-status') this.status = event.status;
      else if (event.type === 'diagnostic-message') this.#addDiagnostic(event.message);
    });
  }

  #addDiagnostic(message: DiagnosticMessage): void {
    if (this.diagnostics.some((d) => d.hash === message.hash)) return;
    this.diagnostics = [...this.diagnostics, message].sort((a, b) => a.sentAt - b.sentAt);
  }

  async #run<T>(action: () => Promise<Result<T>>): Promise<T | null> {
    this.busy = true;
    this.error = null;
    try {
      const result = await action();
      if (result.ok) return result.value;
      this.error = networkErrorText(result.error.code);
      return null;
    } finally {
      this.busy = false;
    }
  }

  selectPreset = (id: PresetId) => this.#run(() => workerClient().api.selectPreset(id));
  addNode = (multiaddr: string) => this.#run(() => workerClient().api.addNode(multiaddr));
  removeNode = (multiaddr: string) => this.#run(() => workerClient().api.removeNode(multiaddr));
  send = (text: string) => this.#run(() => workerClient().api.sendDiagnostic(text));

  async roundTrip(): Promise<void> {
    const report = await this.#run(() => workerClient().api.runRoundTrip());
    if (report) this.lastRoundTrip = report;
  }

  async loadFromStore(): Promise<void> {
    const messages = await this.#run(() => workerClient().api.fetchDiagnostics());
    for (const m of messages ?? []) this.#addDiagnostic(m);
  }

  refresh = async (): Promise<void> => {
    this.status = await workerClient().api.refreshHealth();
  };
}

let manager: NetworkManager | null = null;

export function networkManager(): NetworkManager {
  manager ??= new NetworkManager();
  return manager;
}
