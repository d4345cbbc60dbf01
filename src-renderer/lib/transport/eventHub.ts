// A small typed listener registry for pushed AppApi events, shared by both transports.
import type {
  AppEventListener,
  AppEventMap,
  AppEventName,
} from '../../../src-main/contract/events';

export class EventHub {
  readonly #listeners = new Map<AppEventName, Set<(payload: never) => void>>();

  on<K extends AppEventName>(name: K, listener: AppEventListener<K>): () => void {
    let set = this.#listeners.get(name);
    if (!set) {
      set = new Set();
      this.#listeners.set(name, set);
    }
    set.add(listener as (payload: never) => void);
    return () => {
      set.delete(listener as (payload: never) => void);
    };
  }

  /** How many listeners `name` has (0 when none). */
  count(name: AppEventName): number {
    return this.#listeners.get(name)?.size ?? 0;
  }

  emit<K extends AppEventName>(name: K, payload: AppEventMap[K]): void {
    for (const listener of [...(this.#listeners.get(name) ?? [])]) {
      try {
        (listener as AppEventListener<K>)(payload);
      } catch (error) {
        // One screen's bug must not stop the others from hearing the event; report it.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
