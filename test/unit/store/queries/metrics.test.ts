import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WritableDb } from '../../../../src-main/store/db';
import {
  deleteMetricsAfter,
  getMetricHistory,
  insertEpochMetrics,
  insertStepMetrics,
} from '../../../../src-main/store/queries/metrics';
import { asRunId } from '../../../../src-main/store/runId';
import { DB_KINDS, cleanupFolders, createDb, makeRun, readTable } from '../helpers/storeFixtures';

describe.each(DB_KINDS)('metrics on a %s database', (kind) => {
  let db: WritableDb;
  beforeEach(() => {
    db = createDb(kind);
  });
  afterEach(() => {
    db.close();
    cleanupFolders();
  });

  it('stores epoch rows and returns them in training order across phases', () => {
    const { id } = makeRun(db);
    insertEpochMetrics(db, [
      { runId: id, phase: 'main', epoch: 2, lr: 0.05, valTop1: 0.81, testTop1: 0.8 },
      { runId: id, phase: 'search', epoch: 0, lr: 0.1, trainLoss: 2.1 },
      { runId: id, phase: 'main', epoch: 1, lr: 0.1, valTop1: 0.7, valTop5: 0.95, seconds: 12.5 },
    ]);
    const { epochs, steps } = getMetricHistory(db, id);
    expect(epochs.map((row) => [row.phase, row.epoch])).toEqual([
      ['search', 0],
      ['main', 1],
      ['main', 2],
    ]);
    expect(epochs[1]).toEqual({
      runId: id,
      phase: 'main',
      epoch: 1,
      lr: 0.1,
      seconds: 12.5,
      imagesPerSecond: null,
      trainLoss: null,
      trainAccuracy: null,
      valLoss: null,
      valTop1: 0.7,
      valTop5: 0.95,
      testLoss: null,
      testTop1: null,
      testTop5: null,
    });
    expect(steps).toEqual([]);
  });

  it('stores step rows and can leave them out of the history', () => {
    const { id } = makeRun(db);
    insertStepMetrics(db, [
      {
        runId: id,
        phase: 'main',
        epoch: 0,
        step: 1,
        loss: 2.0,
        accuracy: 0.1,
        lr: 0.1,
        imagesPerSecond: 900,
      },
      { runId: id, phase: 'main', epoch: 0, step: 0, loss: 2.3 },
    ]);
    expect(getMetricHistory(db, id).steps.map((row) => [row.step, row.loss])).toEqual([
      [0, 2.3],
      [1, 2.0],
    ]);
    expect(getMetricHistory(db, id, { steps: false }).steps).toEqual([]);
  });

  it('replaces an epoch logged again after a resume', () => {
    const { id } = makeRun(db);
    insertEpochMetrics(db, [{ runId: id, phase: 'main', epoch: 3, valTop1: 0.5 }]);
    insertEpochMetrics(db, [{ runId: id, phase: 'main', epoch: 3, valTop1: 0.52 }]);
    insertStepMetrics(db, [{ runId: id, phase: 'main', epoch: 3, step: 0, loss: 1 }]);
    insertStepMetrics(db, [{ runId: id, phase: 'main', epoch: 3, step: 0, loss: 0.9 }]);
    const history = getMetricHistory(db, id);
    expect(history.epochs.map((row) => row.valTop1)).toEqual([0.52]);
    expect(history.steps.map((row) => row.loss)).toEqual([0.9]);
  });

  it('drops what an interrupted attempt logged after the checkpoint epoch', () => {
    const { id } = makeRun(db);
    const other = makeRun(db);
    insertEpochMetrics(
      db,
      [0, 1, 2, 3].map((epoch) => ({ runId: id, phase: 'main', epoch })),
    );
    insertStepMetrics(
      db,
      [1, 2, 3].map((epoch) => ({ runId: id, phase: 'main', epoch, step: 0 })),
    );
    insertEpochMetrics(db, [{ runId: other.id, phase: 'main', epoch: 3 }]);
    expect(deleteMetricsAfter(db, id, 1)).toBe(4);
    const history = getMetricHistory(db, id);
    expect(history.epochs.map((row) => row.epoch)).toEqual([0, 1]);
    expect(history.steps.map((row) => row.epoch)).toEqual([1]);
    expect(getMetricHistory(db, other.id).epochs).toHaveLength(1);
  });

  it('limits the deletion to one phase when asked, so a finished search phase survives', () => {
    const { id } = makeRun(db);
    insertEpochMetrics(db, [
      ...[0, 1, 2].map((epoch) => ({ runId: id, phase: 'search', epoch })),
      ...[0, 1, 2].map((epoch) => ({ runId: id, phase: 'main', epoch })),
    ]);
    expect(deleteMetricsAfter(db, id, 0, 'main')).toBe(2);
    const rows = getMetricHistory(db, id).epochs.map((row) => `${row.phase}:${row.epoch}`);
    expect(rows.sort()).toEqual(['main:0', 'search:0', 'search:1', 'search:2']);
  });

  it('refuses metrics for a run that does not exist and writes none of the batch', () => {
    const { id } = makeRun(db);
    const attempt = () =>
      insertEpochMetrics(db, [
        { runId: id, phase: 'main', epoch: 0 },
        { runId: asRunId('ghost'), phase: 'main', epoch: 0 },
      ]);
    expect(attempt).toThrow(/FOREIGN KEY constraint failed/);
    expect(readTable(db, 'epochMetrics')).toEqual([]);
  });
});
