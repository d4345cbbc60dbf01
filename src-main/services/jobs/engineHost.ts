// The only module that knows the engine runs in a worker thread. It starts the worker (the
// built JavaScript in a packaged app, the TypeScript source through tsx in a checkout), sends it
// jobs, relays its messages, asks running jobs to stop through shared memory (the training loop
// is synchronous between steps, so a message would wait for the whole epoch), and reports a
// crashed worker as a failure of the job it was running.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RunConfig } from '../../contract/config';
import type { HostMessage, WorkerMessage } from '../../engine/protocol';

export interface JobRequest {
  jobId: string;
  runId: string;
  config: RunConfig;
  checkpointDir: string;
  resume: boolean;
}

export interface EngineHost {
  /** Sends a job; the worker runs jobs one at a time in the order received. */
  start(job: JobRequest): void;
  /** Asks the job to stop after its current step (it checkpoints and reports `done` stopped). */
  stop(jobId: string): void;
  /** Subscribes to worker messages; returns an unsubscribe function. */
  onMessage(listener: (message: WorkerMessage) => void): () => void;
  /** Ends the worker after the current job. */
  close(): Promise<void>;
}

function workerEntry(): Worker {
  const built = fileURLToPath(new URL('./engineWorker.js', import.meta.url));
  if (existsSync(built)) return new Worker(built);
  const source = new URL('../../engine/worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(source)});`;
  return new Worker(bootstrap, { eval: true });
}

/** Starts the engine worker. */
export function createEngineHost(): EngineHost {
  const worker = workerEntry();
  const listeners = new Set<(message: WorkerMessage) => void>();
  const stopFlags = new Map<string, Int32Array>();
  let current: JobRequest | null = null;
  const pending: JobRequest[] = [];
  const emit = (message: WorkerMessage) => listeners.forEach((listener) => listener(message));

  worker.on('message', (message: WorkerMessage) => {
    if (message.type === 'done' || message.type === 'failed') {
      stopFlags.delete(message.jobId);
      current = pending.shift() ?? null;
    }
    emit(message);
  });
  worker.on('error', (error) => {
    if (current) {
      emit({
        type: 'failed',
        jobId: current.jobId,
        runId: current.runId,
        error: { name: error.name, kind: 'internal', message: `engine worker crashed: ${error.message}` },
      });
    }
  });

  return {
    start(job) {
      const flag = new SharedArrayBuffer(4);
      stopFlags.set(job.jobId, new Int32Array(flag));
      if (current) pending.push(job);
      else current = job;
      const message: HostMessage = { type: 'start', ...job, stopFlag: flag };
      worker.postMessage(message);
    },
    stop(jobId) {
      const flag = stopFlags.get(jobId);
      if (flag) Atomics.store(flag, 0, 1);
    },
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      worker.postMessage({ type: 'shutdown' } satisfies HostMessage);
      await new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    },
  };
}
