// Shared fixtures for the jobs tests: throwaway data folders, a tiny training config that runs
// in about a second on wasm, and readers for what a run left in the store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunConfigInput } from '../../../src-main/contract/config';
import { openDataDir, type DataDir } from '../../../src-main/services/dataDir';
import { JobQueue, type JobQueueOptions } from '../../../src-main/services/jobs/jobQueue';
import { getMetricHistory, requireRun, type RunId } from '../../../src-main/store';

const folders: string[] = [];

/** A new empty folder, removed by `cleanup`. */
export function tempDir(prefix = 'npas-jobs-'): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  folders.push(folder);
  return folder;
}

export function cleanup(): void {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
}

/** A data folder in a new temp folder. */
export function tempDataDir(): DataDir {
  return openDataDir(join(tempDir(), 'data'));
}

/** cnn on the bundled sample, batch 32, `steps` steps per epoch, wasm: about a second a run. */
export function tinyConfig(overrides: RunConfigInput = {}, steps = 6): RunConfigInput {
  return {
    arch: 'cnn',
    backend: 'wasm',
    seed: 5,
    ...overrides,
    training: {
      epochs: 2,
      batchSize: 32,
      lr: 0.05,
      maxStepsPerEpoch: steps,
      validationFraction: 0.05,
      ...overrides.training,
    },
  };
}

/** A started queue on `dataDir`. */
export function startQueue(dataDir: DataDir, options: Omit<JobQueueOptions, 'dataDir'> = {}) {
  const queue = new JobQueue({ dataDir, tickMs: 50, ...options });
  queue.start();
  return queue;
}

/** The final epoch's metrics of a run, as stored. */
export function lastEpoch(dataDir: DataDir, runId: RunId) {
  const { epochs } = getMetricHistory(dataDir.db, runId, { steps: false });
  return epochs.filter((row) => row.phase === 'main').at(-1)!;
}

export function statusOf(dataDir: DataDir, runId: RunId) {
  return requireRun(dataDir.db, runId).status;
}
