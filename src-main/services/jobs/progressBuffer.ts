// Training progress waiting for the next tick (ARCHITECTURE.md "One writer"): step and epoch
// rows, summary changes and checkpoint files accumulate here and are written in ONE transaction,
// so the database sees whole ticks and the writer is not hit once per step.
import type { EpochRecord, StepEvent } from '../../engine/train/events';
import {
  addRunFile,
  writeProgressBatch,
  writeTransaction,
  type EpochMetricsInput,
  type RunFileKind,
  type RunId,
  type RunSummaryPatch,
  type StepMetricsInput,
  type WritableDb,
} from '../../store';

interface PendingFile {
  runId: RunId;
  kind: RunFileKind;
  path: string;
  bytes: number | null;
}

/** An epoch record as an epochMetrics row. */
export function epochRow(runId: RunId, record: EpochRecord): EpochMetricsInput {
  return {
    runId,
    phase: record.phase,
    epoch: record.epoch,
    lr: record.lr,
    seconds: record.seconds,
    imagesPerSecond: record.imagesPerSecond,
    trainLoss: record.train.loss,
    trainAccuracy: record.train.accuracy,
    valLoss: record.validation?.loss ?? null,
    valTop1: record.validation?.top1 ?? null,
    valTop5: record.validation?.top5 ?? null,
    testLoss: record.test?.loss ?? null,
    testTop1: record.test?.top1 ?? null,
    testTop5: record.test?.top5 ?? null,
  };
}

/** A step event as a stepMetrics row. */
export function stepRow(runId: RunId, step: StepEvent): StepMetricsInput {
  return {
    runId,
    phase: step.phase,
    epoch: step.epoch,
    step: step.step,
    loss: step.loss,
    accuracy: step.accuracy,
    lr: step.lr,
    imagesPerSecond: step.imagesPerSecond,
  };
}

/** Rows and changes of one tick, written together by `flush`. */
export class ProgressBuffer {
  #steps: StepMetricsInput[] = [];
  #epochs: EpochMetricsInput[] = [];
  #summaries = new Map<RunId, RunSummaryPatch>();
  #files: PendingFile[] = [];

  addStep(row: StepMetricsInput): void {
    this.#steps.push(row);
  }

  addEpoch(row: EpochMetricsInput): void {
    this.#epochs.push(row);
  }

  /** Merges summary fields for a run (later values win). */
  patch(runId: RunId, patch: RunSummaryPatch): void {
    this.#summaries.set(runId, { ...this.#summaries.get(runId), ...patch });
  }

  addFile(file: PendingFile): void {
    this.#files.push(file);
  }

  get empty(): boolean {
    return (
      !this.#steps.length && !this.#epochs.length && !this.#summaries.size && !this.#files.length
    );
  }

  /**
   * Writes everything pending in one transaction. On failure nothing is written and the rows
   * stay pending, so the next flush retries them.
   */
  flush(db: WritableDb): void {
    if (this.empty) return;
    writeTransaction(db, () => {
      writeProgressBatch(db, {
        steps: this.#steps,
        epochs: this.#epochs,
        summaries: [...this.#summaries].map(([runId, patch]) => ({ runId, patch })),
      });
      for (const file of this.#files) addRunFile(db, file);
    });
    this.#steps = [];
    this.#epochs = [];
    this.#summaries.clear();
    this.#files = [];
  }
}
