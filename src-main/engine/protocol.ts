// The typed message protocol between the jobs host (main process) and the engine worker
// (ARCHITECTURE.md "One trainer thread", codebases.md §3.3). Only the host knows the engine runs
// in a worker thread: these messages would cross a child-process boundary unchanged. Every job
// message carries its jobId and runId; the worker never writes to the console, it sends `log`
// messages instead.
// It sits at the bottom of the engine (ARCHITECTURE.md): the types it carries come from the
// contract, not from engine/train or engine/npas.
import type { RunConfig } from '../contract/config';
import type { Accounting, RunEnvironment, TrainEvent, TrainResult } from '../contract/engineTypes';
import type { WireError } from '../contract/errors';
import type { BackendChoice, BackendReport } from './backend/ladder';

export type { RunEnvironment } from '../contract/engineTypes';

/** A training job as the host sends it. */
export interface StartMessage {
  type: 'start';
  jobId: string;
  runId: string;
  config: RunConfig;
  /** The backend to use: the config's choice after the host applied NPAS_BACKEND. */
  backend: BackendChoice;
  /** Folder for last.ckpt / best.ckpt. */
  checkpointDir: string;
  /** Continue from checkpointDir/last.ckpt instead of starting afresh. */
  resume: boolean;
  /** Int32Array over a SharedArrayBuffer: [0] != 0 asks the job to stop before its next step. */
  stopFlag: SharedArrayBuffer;
}

/**
 * Asks which backend the engine uses and why (the app's backend report): the worker answers,
 * so tfjs and its native bindings load in the engine's thread only (ARCHITECTURE.md).
 */
export interface BackendReportRequest {
  type: 'backendReport';
  requestId: string;
  backend: BackendChoice;
}

/** Host → worker. */
export type HostMessage = StartMessage | BackendReportRequest | { type: 'shutdown' };

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
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  | { type: 'backendReport'; requestId: string; report: BackendReport }
  | { type: 'backendReportFailed'; requestId: string; error: WireError };
