// Events the job queue pushes to its subscribers (the app's window, the browser-mode socket, the
// command line): a typed map from event name to payload, and a small typed emitter. The wire
// contract for the UI (contract/) will mirror these names.
import type { WireError } from '../../contract/errors';
import type { RunEnvironment } from '../../engine/protocol';
import type { EpochRecord, StepEvent, TrainEvent } from '../../engine/train/events';
import type { TrainResult } from '../../engine/train/trainer';
import type { RunId, RunStatus } from '../../store';

/** Latest training position of a running run (its last step event), pushed once per tick. */
export type RunProgress = Omit<StepEvent, 'type'> & { runId: RunId };

/** Every event the queue emits, by name. */
export interface JobEventMap {
  /** A run changed status (queued, running, stopping, stopped, failed, completed...). */
  'run.status': { runId: RunId; status: RunStatus; error: string | null };
  /** The engine built the model: where it runs and what it costs. */
  'run.started': {
    runId: RunId;
    environment: RunEnvironment;
    budgetParams: number;
    trainableParams: number;
    unsharedParams: number;
    notes: string[];
  };
  /** Every trainer event as it arrives (the command line prints these). */
  'run.event': { runId: RunId; event: TrainEvent };
  /** The latest step, once per tick while a run trains (the UI's progress bar). */
  'run.progress': RunProgress;
  /** An epoch finished and its metrics are stored. */
  'run.epoch': { runId: RunId; record: EpochRecord };
  /** A job ended: completed or stopped with the trainer's result, or failed with the error. */
  'run.finished': {
    runId: RunId;
    status: 'completed' | 'stopped' | 'failed';
    result: TrainResult | null;
    error: WireError | null;
  };
  /** Nothing queued and nothing running. */
  'queue.idle': Record<string, never>;
  /** The queue itself hit a problem (e.g. the database refused a write); it keeps running. */
  'queue.error': { runId: RunId | null; error: WireError };
  /** Messages from the engine and the queue, for a log view. */
  'engine.log': { runId: RunId | null; level: 'info' | 'warn' | 'error'; message: string };
}

export type JobEventName = keyof JobEventMap;
export type JobEventListener<K extends JobEventName> = (payload: JobEventMap[K]) => void;

/** A typed emitter over JobEventMap; `on` returns its unsubscribe function. */
export class JobEvents {
  readonly #listeners = new Map<JobEventName, Set<(payload: never) => void>>();

  on<K extends JobEventName>(name: K, listener: JobEventListener<K>): () => void {
    let set = this.#listeners.get(name);
    if (!set) {
      set = new Set();
      this.#listeners.set(name, set);
    }
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  emit<K extends JobEventName>(name: K, payload: JobEventMap[K]): void {
    for (const listener of this.#listeners.get(name) ?? []) {
      try {
        (listener as JobEventListener<K>)(payload);
      } catch (error) {
        // A subscriber's bug must not leave a run half-recorded: finish the queue's work, then
        // surface the error as an uncaught exception (never swallowed).
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
