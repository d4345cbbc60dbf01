// Where a resumed run continues (issue #5, Stop/Resume): from its main checkpoint when there is
// one, else from the SSN search phase's progress (search/last.ckpt, groups.json), else from the
// start (a run killed in its first epoch, which the seeded trainer makes equivalent). Files are
// verified before the run is queued, so a missing or damaged checkpoint is a clear error that
// leaves the run as it was.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CheckpointError } from '../../contract/errors';
import { readCheckpoint } from '../../engine/train/checkpoint';
import {
  LAST_CHECKPOINT,
  SEARCH_FOLDER,
  SHARING_FILE,
  SSN_GROUPS_FILE,
} from '../../engine/train/runFiles';
import { listRunFiles, toStoredPath, type ReadableDb, type RunId } from '../../store';

/** The search phases' checkpoint (ssnSearchPhase.ts, superWeightsPhases.ts). */
export const SEARCH_CHECKPOINT = join(SEARCH_FOLDER, LAST_CHECKPOINT);

/** How a resume job starts. */
export type ResumePlan =
  | { from: 'checkpoint'; path: string; epoch: number; step: number }
  | { from: 'search' }
  | { from: 'start' };

/**
 * Decides (and verifies) how run `runId`, whose files are in `runDir` inside the data folder
 * `dataFolder`, resumes. Recorded paths are relative to the data folder, so a copied or moved
 * folder resumes from its own files.
 */
export function planResume(
  db: ReadableDb,
  runId: RunId,
  runDir: string,
  dataFolder: string,
): ResumePlan {
  const main = join(runDir, LAST_CHECKPOINT);
  const search = join(runDir, SEARCH_CHECKPOINT);
  const recorded = new Set(listRunFiles(db, runId, 'checkpoint').map((file) => file.path));
  const wasRecorded = (path: string) => recorded.has(toStoredPath(dataFolder, path));
  if (existsSync(main)) {
    const { epoch, step } = readPosition(runId, main);
    return { from: 'checkpoint', path: main, epoch, step };
  }
  if (wasRecorded(main)) throw missing(runId, main);
  if (existsSync(join(runDir, SSN_GROUPS_FILE)) || existsSync(join(runDir, SHARING_FILE))) {
    return { from: 'search' };
  }
  if (existsSync(search)) {
    readPosition(runId, search);
    return { from: 'search' };
  }
  if (wasRecorded(search)) throw missing(runId, search);
  return { from: 'start' };
}

function missing(runId: RunId, path: string): CheckpointError {
  return new CheckpointError(
    `run '${runId}' cannot resume: its checkpoint ${path} is missing (deleted or moved); ` +
      'restore the file, or start a new run with the same config',
  );
}

/** Reads a checkpoint (magic, version, sizes, checksum) and returns its training position. */
function readPosition(runId: RunId, path: string): { epoch: number; step: number } {
  let state: Record<string, unknown>;
  try {
    state = readCheckpoint(path).state;
  } catch (error) {
    throw new CheckpointError(
      `run '${runId}' cannot resume: ${(error as Error).message}; the run is left as it was`,
      { cause: error },
    );
  }
  const position = state.position as { epoch?: unknown; step?: unknown } | undefined;
  if (!Number.isInteger(position?.epoch) || !Number.isInteger(position?.step)) {
    throw new CheckpointError(`run '${runId}' cannot resume: ${path} holds no training position`);
  }
  return { epoch: position!.epoch as number, step: position!.step as number };
}

/**
 * The last main-phase epoch whose stored metrics stay valid: a checkpoint taken before epoch E
 * (step 0) redoes E and later; one taken inside E (a stop) keeps E's earlier steps, which are
 * not redone. -1: nothing of the main phase survives.
 */
export function keepMetricsThrough(plan: ResumePlan): number {
  if (plan.from !== 'checkpoint') return -1;
  return plan.step === 0 ? plan.epoch - 1 : plan.epoch;
}
