// The only module that knows the engine runs in a worker thread (ARCHITECTURE.md "One trainer
// thread", codebases.md §3.3). It starts the worker (the bundled JavaScript in a packaged app,
// the TypeScript source through tsx in a checkout), sends it jobs, relays its messages, asks
// running jobs to stop through shared memory (the training loop is synchronous between steps,
// so a message would wait for the whole epoch), and reports a crashed worker (uncaught error,
// V8 heap exhausted) as a failure of every job it held.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { RunConfig } from '../../contract/config';
import type { WireError } from '../../contract/errors';
import type { BackendChoice, BackendReport } from '../../engine/backend/ladder';
import type { HostMessage, WorkerMessage } from '../../engine/protocol';
import { fromWireError } from './wireErrors';

/** One training job for the engine. */
export interface JobRequest {
  jobId: string;
  runId: string;
  config: RunConfig;
  backend: BackendChoice;
  checkpointDir: string;
  resume: boolean;
}

export interface EngineHostOptions {
  /** The worker module to run; defaults to engine/worker.ts (tests pass fault-injecting ones). */
  entry?: URL;
  /**
   * V8 heap limits for the worker thread: a job that exceeds them ends the worker with
   * ERR_WORKER_OUT_OF_MEMORY (reported as that job's failure) instead of taking the app down.
   */
  resourceLimits?: ResourceLimits;
}

export interface EngineHost {
  /** Sends a job; the worker runs jobs one at a time in the order received. */
  start(job: JobRequest): void;
  /** Asks the job to stop before its next step (it checkpoints and reports `done`, stopped). */
  stop(jobId: string): void;
  /** Asks the worker which backend it uses for `choice`, and why (tfjs loads there only). */
  backendReport(choice: BackendChoice): Promise<BackendReport>;
  /** Subscribes to worker messages; returns an unsubscribe function. */
  onMessage(listener: (message: WorkerMessage) => void): () => void;
  /** False once the worker thread has exited (crash, out of memory, close). */
  readonly alive: boolean;
  /** Ends the worker after its current job. */
  close(): Promise<void>;
  /** Ends the worker now; jobs it held are reported failed with `reason`. */
  terminate(reason?: string): Promise<void>;
}

function spawnWorker(options: EngineHostOptions): Worker {
  const { resourceLimits } = options;
  const built = new URL('./engineWorker.js', import.meta.url);
  if (!options.entry && built.protocol === 'file:' && existsSync(fileURLToPath(built))) {
    return new Worker(built, { resourceLimits });
  }
  const entry = options.entry ?? new URL('../../engine/worker.ts', import.meta.url);
  return new Worker(new URL('./workerBootstrap.mjs', import.meta.url), {
    workerData: { entry: entry.href },
    resourceLimits,
  });
}

/** Why the worker ended, in words a run's error column can carry. */
function crashMessage(error: Error | null, code: number, reason: string | null): string {
  if (reason) return reason;
  const errorCode = (error as NodeJS.ErrnoException | null)?.code;
  if (errorCode === 'ERR_WORKER_OUT_OF_MEMORY') {
    return `the engine ran out of memory (${error?.message}); try a smaller batch size or model`;
  }
  if (error) return `the engine worker crashed: ${error.message}`;
  return `the engine worker exited unexpectedly (exit code ${code})`;
}

/** Starts the engine worker. */
export function createEngineHost(options: EngineHostOptions = {}): EngineHost {
  const worker = spawnWorker(options);
  const listeners = new Set<(message: WorkerMessage) => void>();
  const stopFlags = new Map<string, Int32Array>();
  // Jobs the worker holds, oldest first: the first one is running.
  const held: JobRequest[] = [];
  let alive = true;
  let lastError: Error | null = null;
  let terminateReason: string | null = null;
  let reports = 0;
  const emit = (message: WorkerMessage) => listeners.forEach((listener) => listener(message));

  worker.on('message', (message: WorkerMessage) => {
    if (message.type === 'done' || message.type === 'failed') {
      stopFlags.delete(message.jobId);
      const index = held.findIndex((job) => job.jobId === message.jobId);
      if (index >= 0) held.splice(index, 1);
    }
    emit(message);
  });
  worker.on('error', (error) => {
    lastError = error;
  });
  const exited = new Promise<void>((resolve) => {
    worker.once('exit', (code) => {
      alive = false;
      const message = crashMessage(lastError, code, terminateReason);
      for (const job of held.splice(0)) {
        const error: WireError = { name: lastError?.name ?? 'Error', kind: 'internal', message };
        emit({ type: 'failed', jobId: job.jobId, runId: job.runId, error });
      }
      stopFlags.clear();
      resolve();
    });
  });

  return {
    start(job) {
      if (!alive) throw new Error('the engine worker has exited; create a new engine host');
      const flag = new SharedArrayBuffer(4);
      stopFlags.set(job.jobId, new Int32Array(flag));
      held.push(job);
      worker.postMessage({ type: 'start', ...job, stopFlag: flag } satisfies HostMessage);
    },
    stop(jobId) {
      const flag = stopFlags.get(jobId);
      if (flag) Atomics.store(flag, 0, 1);
    },
    backendReport(choice) {
      if (!alive) throw new Error('the engine worker has exited; create a new engine host');
      const requestId = `report-${++reports}`;
      return new Promise<BackendReport>((resolve, reject) => {
        const off = () => listeners.delete(listener);
        const listener = (message: WorkerMessage) => {
          if (message.type === 'backendReport' && message.requestId === requestId) {
            off();
            resolve(message.report);
          } else if (message.type === 'backendReportFailed' && message.requestId === requestId) {
            off();
            reject(fromWireError(message.error));
          }
        };
        listeners.add(listener);
        void exited.then(() => {
          if (listeners.delete(listener)) {
            reject(new Error(crashMessage(lastError, 1, terminateReason)));
          }
        });
        worker.postMessage({
          type: 'backendReport',
          requestId,
          backend: choice,
        } satisfies HostMessage);
      });
    },
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get alive() {
      return alive;
    },
    async close() {
      if (alive) worker.postMessage({ type: 'shutdown' } satisfies HostMessage);
      await exited;
    },
    async terminate(reason) {
      terminateReason = reason ?? 'the engine worker was terminated';
      if (alive) await worker.terminate();
      await exited;
    },
  };
}
