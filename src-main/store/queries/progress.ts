// One tick of training progress in one transaction (ARCHITECTURE.md "One writer": progress
// arrives as messages and is batched per tick), so the UI never sees half a tick.
import type { WritableDb } from '../db';
import { writeTransaction } from '../db';
import type { RunId } from '../runId';
import {
  insertEpochMetrics,
  insertStepMetrics,
  type EpochMetricsInput,
  type StepMetricsInput,
} from './metrics';
import { updateRunSummary, type RunSummaryPatch } from './runs';

/** What a tick carries: new metric rows and summary changes per run. */
export interface ProgressBatch {
  steps?: readonly StepMetricsInput[];
  epochs?: readonly EpochMetricsInput[];
  summaries?: readonly { runId: RunId; patch: RunSummaryPatch }[];
}

/** Writes a tick's step and epoch metrics and summary updates atomically. */
export function writeProgressBatch(db: WritableDb, batch: ProgressBatch): void {
  writeTransaction(db, () => {
    if (batch.steps?.length) insertStepMetrics(db, batch.steps);
    if (batch.epochs?.length) insertEpochMetrics(db, batch.epochs);
    for (const { runId, patch } of batch.summaries ?? []) updateRunSummary(db, runId, patch);
  });
}
