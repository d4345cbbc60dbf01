// The app service's event fan-out: transports subscribe, services emit the contract's
// AppEventMap envelopes. One failing subscriber never stops the others.
import type { AppEventEnvelope } from '../../contract/events';

export type AppEventListener = (envelope: AppEventEnvelope) => void;

export interface EventHub {
  emit(envelope: AppEventEnvelope): void;
  /** Receives every pushed event; returns the unsubscribe function. */
  subscribe(listener: AppEventListener): () => void;
}

export function createEventHub(): EventHub {
  const listeners = new Set<AppEventListener>();
  return {
    emit(envelope) {
      for (const listener of [...listeners]) {
        try {
          listener(envelope);
        } catch (error) {
          // A transport's bug must not stop the other subscribers; surface it, never swallow.
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
