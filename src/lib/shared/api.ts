/**
 * WorkerApi: the ONLY contract between the UI and the worker (ARCHITECTURE.md, rule 1).
 * Methods take and return plain data; expected failures come back as Result values with stable
 * error codes. The worker implements this in src/worker/api.ts; the page reaches it through
 * src/lib/client.
 */
import type { DiagnosticMessage, WorkerEventListener } from './events.ts';
import type { NetworkSettings, NetworkStatus, PresetId } from './network.ts';
import type { ErrorInfo, Result } from './result.ts';

/** Bumped on any breaking change of this interface; the client refuses a mismatched worker. */
export const WORKER_API_VERSION = 1;

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
}
