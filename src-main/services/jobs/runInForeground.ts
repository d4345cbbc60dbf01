// Runs one job to its end in this process and returns how it ended: what `npas train
// --data-dir` and `npas runs resume` do. The job goes through the persisted queue and the engine
// worker like any other (so it is recorded, stoppable and crash-safe); the caller subscribes to
// the queue's events to print progress.
import type { DataDir } from '../dataDir';
import type { RunId } from '../../store';
import type { JobEventMap } from './events';
import { JobQueue, type JobQueueOptions } from './jobQueue';
import { fromWireError } from './wireErrors';

export interface ForegroundOptions extends Omit<JobQueueOptions, 'dataDir'> {
  /** Subscribes to the queue before it starts (to print events). */
  subscribe?: (queue: JobQueue) => void;
  /** Called with the run id once the job is queued (e.g. to print it first). */
  onQueued?: (runId: RunId, queue: JobQueue) => void;
}

/**
 * Starts a queue on `dataDir`, queues a job with `enqueue`, waits for that run to finish and
 * closes the queue. Jobs queued earlier run first. A failed run throws its error, rebuilt with
 * its original kind (ConfigError, DatasetError...).
 */
export async function runInForeground(
  dataDir: DataDir,
  enqueue: (queue: JobQueue) => RunId,
  options: ForegroundOptions = {},
): Promise<JobEventMap['run.finished']> {
  const queue = new JobQueue({ ...options, dataDir });
  options.subscribe?.(queue);
  try {
    queue.start();
    const runId = enqueue(queue);
    options.onQueued?.(runId, queue);
    const finished = await queue.waitForRun(runId);
    if (finished.status === 'failed' && finished.error) throw fromWireError(finished.error);
    return finished;
  } finally {
    await queue.close();
  }
}
