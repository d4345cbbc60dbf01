// The Slurm executor (issue #14, items 3 and 4): writes each cell's config and one job-array
// batch script under the sweep's folder on shared storage, submits it with sbatch, follows each
// task's state (sacct / scontrol), imports finished tasks' bundles into the store as they land,
// cancels tasks with scancel and resubmits failed or cancelled cells as a new array over just
// those cells (each task resumes from its bundle's last checkpoint).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BundleError } from '../../contract/errors';
import type { SlurmOptions, SweepCellState } from '../../contract/sweep';
import {
  listSweepCells,
  setSweepSubmission,
  updateSweepCell,
  type SweepCellRow,
  type SweepRow,
} from '../../store';
import { importBundle, readManifest } from '../bundles';
import type { DataDir } from '../dataDir';
import { slurmScript, sweepPaths } from './slurmScript';
import { runSlurm, type SlurmRunner } from './slurmRunner';
import { queryArrayJob, type TaskState } from './slurmState';

/** Lines of a failed task's log kept with the cell. */
export const LOG_TAIL_LINES = 20;

export interface SlurmContext {
  dataDir: DataDir;
  runner: SlurmRunner;
  /** The npas command on the nodes. */
  npas: string;
}

/** Writes every cell's config file (the array tasks read them) under the sweep's root. */
export function writeCellConfigs(
  root: string,
  cells: readonly { index: number; config: object }[],
): void {
  mkdirSync(join(root, 'configs'), { recursive: true });
  mkdirSync(join(root, 'logs'), { recursive: true });
  for (const cell of cells) {
    writeFileSync(sweepPaths.config(root, cell.index), `${JSON.stringify(cell.config, null, 2)}\n`);
  }
}

/** Submits an array over `cells` of sweep `sweep`; returns the array job id. */
export async function submitSlurm(
  context: SlurmContext,
  sweep: SweepRow,
  cells: readonly SweepCellRow[],
): Promise<string> {
  const root = sweep.root!;
  const script = slurmScript({
    sweepId: sweep.id,
    sweepName: sweep.name,
    root,
    cells: cells.map((cell) => cell.cellIndex),
    options: (sweep.slurm ? JSON.parse(sweep.slurm) : {}) as SlurmOptions,
    npas: context.npas,
  });
  const attempt = Math.max(0, ...cells.map((cell) => cell.attempts)) + 1;
  const file = join(root, attempt === 1 ? 'sweep.sbatch' : `resubmit-${attempt}.sbatch`);
  writeFileSync(file, script, { mode: 0o755 });
  // --parsable prints "jobid" or "jobid;cluster".
  const out = await runSlurm(
    context.runner,
    'sbatch',
    ['--parsable', file],
    `submitting sweep ${sweep.id}`,
  );
  const jobId = out.trim().split(';')[0]!;
  const db = context.dataDir.db;
  setSweepSubmission(db, sweep.id, jobId, script);
  for (const cell of cells) {
    updateSweepCell(db, sweep.id, cell.cellIndex, {
      state: 'pending',
      slurmJobId: `${jobId}_${cell.cellIndex}`,
      attempts: cell.attempts + 1,
      exitCode: null,
      logTail: null,
    });
  }
  return jobId;
}

/** The last lines of a cell's log. */
export function logTail(root: string, cell: number, lines = LOG_TAIL_LINES): string | null {
  const file = sweepPaths.log(root, cell);
  if (!existsSync(file)) return null;
  const text = readFileSync(file, 'utf8').trimEnd();
  return text.split('\n').slice(-lines).join('\n');
}

/** The bundle's own status, or null when it has no readable manifest yet. */
function bundleStatus(dir: string | null): string | null {
  if (!dir || !existsSync(join(dir, 'manifest.json'))) return null;
  try {
    return readManifest(dir).status;
  } catch (error) {
    if (error instanceof BundleError) return null;
    throw error;
  }
}

/**
 * Asks Slurm for every unfinished cell's state and imports the bundles of finished ones.
 * Returns whether any cell changed.
 */
export async function refreshSlurm(context: SlurmContext, sweep: SweepRow): Promise<boolean> {
  const db = context.dataDir.db;
  const cells = listSweepCells(db, sweep.id).filter(
    (cell) => !(cell.state === 'completed' && cell.runId),
  );
  const arrays = new Set(
    cells.map((cell) => cell.slurmJobId?.split('_')[0]).filter((id): id is string => !!id),
  );
  const states = new Map<string, TaskState>();
  for (const arrayJobId of arrays) {
    for (const [task, state] of await queryArrayJob(context.runner, arrayJobId)) {
      states.set(`${arrayJobId}_${task}`, state);
    }
  }
  let changed = false;
  for (const cell of cells) {
    const known = cell.slurmJobId ? states.get(cell.slurmJobId) : undefined;
    const bundle = bundleStatus(cell.bundleDir);
    let state: SweepCellState = known?.state ?? cell.state;
    // A task being cancelled still reads running (or pending) until Slurm has ended it.
    if (cell.state === 'cancelled' && (state === 'running' || state === 'pending')) {
      state = 'cancelled';
    }
    // Slurm forgets old jobs (no accounting); the bundle's manifest still says how it ended.
    if (!known && (cell.state === 'pending' || cell.state === 'running')) {
      if (bundle === 'completed') state = 'completed';
      else if (bundle === 'failed') state = 'failed';
      else if (bundle === 'stopped') state = 'cancelled';
    }
    const patch: Parameters<typeof updateSweepCell>[3] = {};
    if (state === 'completed') {
      try {
        const imported = importBundle(context.dataDir, cell.bundleDir!);
        patch.runId = imported.runId;
      } catch (error) {
        if (!(error instanceof BundleError)) throw error;
        // A task Slurm calls completed whose bundle is refused did not produce a usable run.
        state = 'failed';
        patch.logTail = [error.message, logTail(sweep.root!, cell.cellIndex)]
          .filter(Boolean)
          .join('\n');
      }
    } else if (state === 'failed' || state === 'timeout' || state === 'cancelled') {
      if (state !== cell.state || cell.logTail === null) {
        patch.logTail = logTail(sweep.root!, cell.cellIndex);
      }
    }
    if (known && known.exitCode !== null && state !== 'pending' && state !== 'running') {
      patch.exitCode = known.exitCode;
    }
    if (state !== cell.state) patch.state = state;
    if (Object.keys(patch).length) {
      updateSweepCell(db, sweep.id, cell.cellIndex, patch);
      changed = true;
    }
  }
  return changed;
}

/** scancel's the given cells' tasks; they become 'cancelled'. */
export async function cancelSlurm(
  context: SlurmContext,
  sweep: SweepRow,
  cells: readonly SweepCellRow[],
): Promise<void> {
  const ids = cells.map((cell) => cell.slurmJobId).filter((id): id is string => !!id);
  if (!ids.length) return;
  await runSlurm(context.runner, 'scancel', ids, `cancelling sweep ${sweep.id}`);
  for (const cell of cells) {
    updateSweepCell(context.dataDir.db, sweep.id, cell.cellIndex, { state: 'cancelled' });
  }
}
