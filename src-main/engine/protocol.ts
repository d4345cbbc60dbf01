// The typed message protocol between the jobs host (main process) and the engine worker. Only
// the host knows the engine runs in a worker thread: these messages would cross a child-process
// boundary unchanged. Every job message carries its jobId; the worker never writes to the
// console, it sends `log` messages instead.
import type { RunConfig } from '../contract/config';
import type { WireError } from '../contract/errors';
import type { Accounting } from './npas/provider';
import type { TrainEvent } from './train/events';
import type { TrainResult } from './train/trainer';

/** Host → worker. */
export type HostMessage =
  | {
      type: 'start';
      jobId: string;
      runId: string;
      config: RunConfig;
      /** Folder for last.ckpt / best.ckpt. */
      checkpointDir: string;
      resume: boolean;
      /** Int32Array over a SharedArrayBuffer: [0] != 0 asks the job to stop after its current step. */
      stopFlag: SharedArrayBuffer;
    }
  | { type: 'shutdown' };

/** Environment facts stored with a run. */
export interface RunEnvironment {
  backend: string;
  device: 'gpu' | 'cpu';
  backendWhy: string;
  versions: Record<string, string>;
}

/** Worker → host. */
export type WorkerMessage =
  | { type: 'ready' }
  | {
      type: 'started';
      jobId: string;
      runId: string;
      environment: RunEnvironment;
      accounting: Accounting;
      notes: string[];
    }
  | { type: 'event'; jobId: string; runId: string; event: TrainEvent }
  | { type: 'done'; jobId: string; runId: string; result: TrainResult }
  | { type: 'failed'; jobId: string; runId: string; error: WireError }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string };
