// Events the main process pushes to the UI (names as services/jobs/events.ts, plus dataset
// imports and settings changes): one typed map, the allow-list of names every transport forwards,
// and the subscription shape the renderer uses (`on(name, cb)` returns its unsubscribe).
import type { WireError } from './errors';
import type {
  DatasetImportProgress,
  EpochRecordWire,
  RunEnvironmentWire,
  RunFinishedWire,
  RunIdWire,
  RunProgressWire,
  RunStatusWire,
  SettingsView,
} from './wire';

/** Every event the UI can subscribe to, by name. Payloads are plain JSON. */
export interface AppEventMap {
  /** A run changed status (queued, running, stopping, stopped, failed, completed...). */
  'run.status': { runId: RunIdWire; status: RunStatusWire; error: string | null };
  /** The engine built the model: where it runs and what it costs. */
  'run.started': {
    runId: RunIdWire;
    environment: RunEnvironmentWire;
    budgetParams: number;
    trainableParams: number;
    unsharedParams: number;
    notes: string[];
  };
  /** The latest step, once per tick while a run trains. */
  'run.progress': RunProgressWire;
  /** An epoch finished and its metrics are stored. */
  'run.epoch': { runId: RunIdWire; record: EpochRecordWire };
  /** A job ended: completed, stopped or failed. */
  'run.finished': RunFinishedWire;
  /** Nothing queued and nothing running. */
  'queue.idle': Record<string, never>;
  /** The queue hit a problem (e.g. the database refused a write); it keeps running. */
  'queue.error': { runId: RunIdWire | null; error: WireError };
  /** Messages from the engine and the queue, for a log view. */
  'engine.log': { runId: RunIdWire | null; level: 'info' | 'warn' | 'error'; message: string };
  /** A dataset import moved on (reading, preview, saving, done, failed). */
  'dataset.importProgress': DatasetImportProgress;
  /** The settings changed (possibly from another window or browser tab). */
  'settings.changed': SettingsView;
  /** A sweep's cells changed (submitted, state from the executor, a result imported). */
  'sweep.updated': { sweepId: string };
}

export type AppEventName = keyof AppEventMap;
export type AppEventListener<K extends AppEventName> = (payload: AppEventMap[K]) => void;

/** Every event name, the allow-list the transports forward. */
export const APP_EVENT_NAMES = [
  'run.status',
  'run.started',
  'run.progress',
  'run.epoch',
  'run.finished',
  'queue.idle',
  'queue.error',
  'engine.log',
  'dataset.importProgress',
  'settings.changed',
  'sweep.updated',
] as const satisfies ReadonlyArray<AppEventName>;

/** Compile-time check that APP_EVENT_NAMES lists every key of AppEventMap. */
type MissingEvent = Exclude<AppEventName, (typeof APP_EVENT_NAMES)[number]>;
export const APP_EVENTS_COMPLETE: MissingEvent extends never ? true : MissingEvent = true;

/** Whether `name` is one of the events (for messages arriving from outside). */
export function isAppEventName(name: unknown): name is AppEventName {
  return typeof name === 'string' && (APP_EVENT_NAMES as readonly string[]).includes(name);
}

/** One pushed event as it travels (the 'app:event' IPC channel, a WebSocket message). */
export type AppEventEnvelope = {
  [K in AppEventName]: { name: K; payload: AppEventMap[K] };
}[AppEventName];

/** Subscribes to an event; returns the unsubscribe function. */
export type Subscribe = <K extends AppEventName>(
  name: K,
  listener: AppEventListener<K>,
) => () => void;
