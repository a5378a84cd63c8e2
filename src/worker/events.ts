/**
 * The worker side of the event stream: fans WorkerEvents out to the subscribed page listener(s).
 * A listener whose page went away throws on call; it is dropped, never allowed to break a service.
 */
import type { WorkerEvent, WorkerEventListener } from '$lib/shared/events.ts';
import { createLogger } from '$lib/shared/log.ts';

const log = createLogger('events');

export class EventHub {
  readonly #listeners = new Set<WorkerEventListener>();

  add(listener: WorkerEventListener): void {
    this.#listeners.add(listener);
  }

  emit(event: WorkerEvent): void {
    for (const listener of this.#listeners) {
      try {
        const maybe: unknown = listener(event);
        if (maybe instanceof Promise) maybe.catch(() => this.#drop(listener));
      } catch {
        this.#drop(listener);
      }
    }
  }

  #drop(listener: WorkerEventListener): void {
    if (this.#listeners.delete(listener)) log.debug('dropped a listener that went away');
  }
}
