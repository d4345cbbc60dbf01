// Crash recovery for processes that only read and edit runs (`npas runs ...`): when no live
// process holds the data folder's queue, runs a crash left 'running' are marked 'interrupted'
// (ARCHITECTURE.md "Persistence"; issue #5 "Crash safety"), so lists never show a dead run as
// running. A queue that starts does the same itself (JobQueue.start).
import { markRunningAsInterrupted, type RunId } from '../../store';
import type { DataDir } from '../dataDir';
import { acquireQueueLock, queueLockHolder } from './queueLock';

/** Marks runs left running by a dead process as interrupted; returns their ids. */
export function recoverCrashedRuns(dataDir: DataDir): RunId[] {
  if (queueLockHolder(dataDir.path)) return [];
  const lock = acquireQueueLock(dataDir.path);
  try {
    return markRunningAsInterrupted(dataDir.db);
  } finally {
    lock.release();
  }
}
