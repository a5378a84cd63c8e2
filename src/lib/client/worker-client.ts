/**
 * The one place that creates the Parley worker and wraps it with Comlink. The page talks to the
 * worker only through the returned WorkerApi and its event stream.
 */
import * as Comlink from 'comlink';
import { WORKER_API_VERSION, type WorkerApi } from '$lib/shared/api.ts';
import type { WorkerEvent } from '$lib/shared/events.ts';

export type EventListener = (event: WorkerEvent) => void;

export interface WorkerClient {
  readonly api: Comlink.Remote<WorkerApi>;
  /** Adds a listener to the shared event stream; returns a function that removes it. */
  onEvent(listener: EventListener): () => void;
}

let client: WorkerClient | null = null;

export function workerClient(): WorkerClient {
  client ??= createClient();
  return client;
}

function createClient(): WorkerClient {
  const worker = new Worker(new URL('../../worker/index.ts', import.meta.url), { type: 'module', name: 'parley' });
  const api = Comlink.wrap<WorkerApi>(worker);
  const listeners = new Set<EventListener>();
  const dispatch = (event: WorkerEvent): void => {
    for (const l of listeners) l(event);
  };
  void api.apiVersion().then((v) => {
    if (v !== WORKER_API_VERSION) throw new Error(`worker API ${v} does not match page API ${WORKER_API_VERSION}`);
  });
  void api.subscribe(Comlink.proxy(dispatch));
  return {
    api,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Wraps a page callback so the worker can call it (e.g. the Keycard transmit function). */
export function proxyCallback<T extends (...args: never[]) => unknown>(fn: T): T & Comlink.ProxyMarked {
  return Comlink.proxy(fn);
}
