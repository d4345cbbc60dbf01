// The engine worker: one long-lived thread that executes training jobs one at a time for the
// jobs host (ARCHITECTURE.md "One trainer thread"). It owns TensorFlow.js (a second thread
// loading tfjs-node fails, and one GPU is shared anyway), never touches the database, and
// reports everything as protocol messages.
import { parentPort } from 'node:worker_threads';
import { toWireError } from '../contract/errors';
import { currentBackendReport, initBackend } from './backend/ladder';
import type { BackendReportRequest, HostMessage, StartMessage, WorkerMessage } from './protocol';
import { executeRun } from './train/executeRun';

const port = parentPort;
if (!port) throw new Error('engine/worker.ts must run in a worker thread');

const post = (message: WorkerMessage) => port.postMessage(message);

async function runJob(message: StartMessage): Promise<void> {
  const { jobId, runId, config } = message;
  const stop = new Int32Array(message.stopFlag);
  try {
    const outcome = await executeRun(config, {
      backend: message.backend,
      checkpointDir: message.checkpointDir,
      resume: message.resume,
      shouldStop: () => Atomics.load(stop, 0) !== 0,
      onStarted: (info) =>
        post({
          type: 'started',
          jobId,
          runId,
          environment: info.environment,
          accounting: info.accounting,
          notes: info.notes,
        }),
      onEvent: (event) => post({ type: 'event', jobId, runId, event }),
    });
    post({ type: 'done', jobId, runId, result: outcome.result });
  } catch (error) {
    // Any failure, out-of-memory errors from the backend included, ends this job only: the
    // host records it and decides whether to keep this thread for the next job.
    post({ type: 'failed', jobId, runId, error: toWireError(error) });
  }
}

/** Whether a training job is running (a report must not switch its backend). */
let busy = false;

async function reportBackend(message: BackendReportRequest): Promise<void> {
  const { requestId } = message;
  try {
    // During a job, the backend it trains on is the answer; otherwise initialise the choice.
    const report = (busy && currentBackendReport()) || (await initBackend(message.backend));
    post({ type: 'backendReport', requestId, report });
  } catch (error) {
    post({ type: 'backendReportFailed', requestId, error: toWireError(error) });
  }
}

let queue: Promise<void> = Promise.resolve();
port.on('message', (message: HostMessage) => {
  switch (message.type) {
    case 'start':
      // Jobs run strictly one after another even if the host sends two.
      queue = queue.then(async () => {
        busy = true;
        await runJob(message);
        busy = false;
      });
      return;
    case 'backendReport':
      if (busy) void reportBackend(message);
      else queue = queue.then(() => reportBackend(message));
      return;
    case 'shutdown':
      void queue.then(() => port.close());
      return;
  }
});
post({ type: 'ready' });
