// Per-epoch and per-step metrics of a run (issue #5). Writes are upserts: a resumed run redoes
// the epochs after its checkpoint and its new numbers replace the interrupted attempt's.
import type { ReadableDb, WritableDb } from '../db';
import { writeTransaction } from '../db';
import type { RunId } from '../runId';
import { all, run, sql, sqlFragment } from '../sql';

/** One row of `epochMetrics`. `epoch` counts across the whole run; `phase` names its stage. */
export interface EpochMetricsRow {
  runId: RunId;
  phase: string;
  epoch: number;
  lr: number | null;
  seconds: number | null;
  imagesPerSecond: number | null;
  trainLoss: number | null;
  trainAccuracy: number | null;
  valLoss: number | null;
  valTop1: number | null;
  valTop5: number | null;
  testLoss: number | null;
  testTop1: number | null;
  testTop5: number | null;
}

/** One row of `stepMetrics`. */
export interface StepMetricsRow {
  runId: RunId;
  phase: string;
  epoch: number;
  step: number;
  loss: number | null;
  accuracy: number | null;
  lr: number | null;
  imagesPerSecond: number | null;
}

/** An epoch row as the trainer reports it: measurements it did not take may be left out. */
export type EpochMetricsInput = Pick<EpochMetricsRow, 'runId' | 'phase' | 'epoch'> &
  Partial<Omit<EpochMetricsRow, 'runId' | 'phase' | 'epoch'>>;
export type StepMetricsInput = Pick<StepMetricsRow, 'runId' | 'phase' | 'epoch' | 'step'> &
  Partial<Omit<StepMetricsRow, 'runId' | 'phase' | 'epoch' | 'step'>>;

/** Writes epoch rows in one transaction (one statement per row, prepared once). */
export function insertEpochMetrics(db: WritableDb, rows: readonly EpochMetricsInput[]): void {
  writeTransaction(db, () => {
    for (const m of rows) {
      run(
        db,
        sql`INSERT OR REPLACE INTO epochMetrics (runId, phase, epoch, lr, seconds, imagesPerSecond,
          trainLoss, trainAccuracy, valLoss, valTop1, valTop5, testLoss, testTop1, testTop5)
        VALUES (${m.runId}, ${m.phase}, ${m.epoch}, ${m.lr ?? null}, ${m.seconds ?? null},
          ${m.imagesPerSecond ?? null}, ${m.trainLoss ?? null}, ${m.trainAccuracy ?? null},
          ${m.valLoss ?? null}, ${m.valTop1 ?? null}, ${m.valTop5 ?? null}, ${m.testLoss ?? null},
          ${m.testTop1 ?? null}, ${m.testTop5 ?? null})`,
      );
    }
  });
}

/** Writes step rows in one transaction. */
export function insertStepMetrics(db: WritableDb, rows: readonly StepMetricsInput[]): void {
  writeTransaction(db, () => {
    for (const m of rows) {
      run(
        db,
        sql`INSERT OR REPLACE INTO stepMetrics (runId, phase, epoch, step, loss, accuracy, lr,
          imagesPerSecond)
        VALUES (${m.runId}, ${m.phase}, ${m.epoch}, ${m.step}, ${m.loss ?? null},
          ${m.accuracy ?? null}, ${m.lr ?? null}, ${m.imagesPerSecond ?? null})`,
      );
    }
  });
}

/** A run's metrics in training order. */
export interface MetricHistory {
  epochs: EpochMetricsRow[];
  steps: StepMetricsRow[];
}

/** Every epoch (and, unless `steps` is false, every step) of a run, in training order. */
export function getMetricHistory(
  db: ReadableDb,
  runId: RunId,
  options: { steps?: boolean } = {},
): MetricHistory {
  const epochs = all<EpochMetricsRow>(
    db,
    sql`SELECT * FROM epochMetrics WHERE runId = ${runId} ORDER BY epoch, phase`,
  );
  const steps =
    options.steps === false
      ? []
      : all<StepMetricsRow>(
          db,
          sql`SELECT * FROM stepMetrics WHERE runId = ${runId} ORDER BY epoch, step, phase`,
        );
  return { epochs, steps };
}

/**
 * Drops metrics recorded after `epoch` (resuming from a checkpoint taken at the end of `epoch`
 * discards what the interrupted attempt logged beyond it). Each phase numbers its epochs from 0,
 * so `phase` limits the deletion to one phase (a search phase's rows survive a main-phase
 * resume). Returns the rows removed.
 */
export function deleteMetricsAfter(
  db: WritableDb,
  runId: RunId,
  epoch: number,
  phase?: string,
): number {
  const inPhase = phase === undefined ? sqlFragment`` : sqlFragment`AND phase = ${phase}`;
  return writeTransaction(db, () => {
    const epochs = run(
      db,
      sql`DELETE FROM epochMetrics WHERE runId = ${runId} AND epoch > ${epoch} ${inPhase}`,
    );
    const steps = run(
      db,
      sql`DELETE FROM stepMetrics WHERE runId = ${runId} AND epoch > ${epoch} ${inPhase}`,
    );
    return epochs.changes + steps.changes;
  });
}
