// The local executor (issue #14, item 2): a sweep's cells are ordinary runs on the data folder's
// job queue. A cell's state follows its run's status; cancel stops or dequeues the run, and
// resubmit resumes it from its last checkpoint (the queue's own resume).
import type { SweepCellState } from '../../contract/sweep';
import type { RunStatus } from '../../store';
import {
  getRun,
  listSweepCells,
  updateSweepCell,
  writeTransaction,
  type RunId,
  type SweepCellRow,
  type WritableDb,
} from '../../store';
import type { JobQueue } from '../jobs/jobQueue';
import type { RunConfig } from '../../contract/config';

/** A run status as a cell state. */
export function cellStateOfRun(status: RunStatus): SweepCellState {
  switch (status) {
    case 'queued':
      return 'queued';
    case 'running':
    case 'stopping':
      return 'running';
    case 'completed':
      return 'completed';
    case 'failed':
      return 'failed';
    case 'stopped':
    case 'interrupted':
      return 'cancelled';
  }
}

/** Queues every given cell as a run; links each cell to its run. */
export function submitLocal(
  db: WritableDb,
  queue: JobQueue,
  sweepId: string,
  cells: readonly { index: number; name: string; config: RunConfig }[],
): void {
  for (const cell of cells) {
    const runId = queue.enqueueTraining(cell.config, { name: cell.name });
    updateSweepCell(db, sweepId, cell.index, { runId, state: 'queued', attempts: 1 });
  }
}

/** Brings each cell's state up to date with its run; returns whether any changed. */
export function refreshLocal(db: WritableDb, sweepId: string): boolean {
  let changed = false;
  writeTransaction(db, () => {
    for (const cell of listSweepCells(db, sweepId)) {
      if (!cell.runId) continue;
      const run = getRun(db, cell.runId);
      if (!run) continue;
      const state = cellStateOfRun(run.status);
      const logTail = state === 'failed' ? run.error : null;
      if (state !== cell.state || logTail !== cell.logTail) {
        updateSweepCell(db, sweepId, cell.cellIndex, { state, logTail });
        changed = true;
      }
    }
  });
  return changed;
}

/** Stops running cells (they checkpoint) and dequeues queued ones. */
export function cancelLocal(queue: JobQueue, cells: readonly SweepCellRow[]): void {
  for (const cell of cells) {
    if (cell.runId && (cell.state === 'queued' || cell.state === 'running')) {
      queue.stop(cell.runId as RunId);
    }
  }
}

/** Queues failed or cancelled cells' runs again; each resumes from its last checkpoint. */
export function resubmitLocal(
  db: WritableDb,
  queue: JobQueue,
  sweepId: string,
  cells: readonly SweepCellRow[],
): void {
  for (const cell of cells) {
    if (!cell.runId) continue;
    queue.resume(cell.runId as RunId);
    updateSweepCell(db, sweepId, cell.cellIndex, {
      state: 'queued',
      attempts: cell.attempts + 1,
      logTail: null,
    });
  }
}
