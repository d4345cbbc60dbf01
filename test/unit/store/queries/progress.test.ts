import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toStoreError, type WritableDb } from '../../../../src-main/store/db';
import { getMetricHistory } from '../../../../src-main/store/queries/metrics';
import { writeProgressBatch } from '../../../../src-main/store/queries/progress';
import { requireRun } from '../../../../src-main/store/queries/runs';
import { asRunId } from '../../../../src-main/store/runId';
import { DB_KINDS, cleanupFolders, createDb, makeRun } from '../helpers/storeFixtures';

describe.each(DB_KINDS)('writeProgressBatch on a %s database', (kind) => {
  let db: WritableDb;
  beforeEach(() => {
    db = createDb(kind);
  });
  afterEach(() => {
    db.close();
    cleanupFolders();
  });

  it('writes a tick of steps, an epoch and the summary together', () => {
    const { id } = makeRun(db);
    writeProgressBatch(db, {
      steps: [0, 1, 2].map((step) => ({
        runId: id,
        phase: 'main',
        epoch: 0,
        step,
        loss: 2 - step * 0.5,
      })),
      epochs: [{ runId: id, phase: 'main', epoch: 0, valTop1: 0.4, trainLoss: 1.5 }],
      summaries: [
        {
          runId: id,
          patch: { lastValTop1: 0.4, bestValTop1: 0.4, lastLoss: 1, epochsDone: 1, phase: 'main' },
        },
      ],
    });
    const history = getMetricHistory(db, id);
    expect(history.steps.map((row) => row.loss)).toEqual([2, 1.5, 1]);
    expect(history.epochs.map((row) => row.valTop1)).toEqual([0.4]);
    expect(requireRun(db, id)).toMatchObject({
      lastValTop1: 0.4,
      bestValTop1: 0.4,
      lastLoss: 1,
      epochsDone: 1,
      phase: 'main',
    });
    writeProgressBatch(db, {});
  });

  it('writes nothing of a tick whose summary names a missing run', () => {
    const { id } = makeRun(db);
    const attempt = () =>
      writeProgressBatch(db, {
        steps: [{ runId: id, phase: 'main', epoch: 0, step: 0, loss: 1 }],
        epochs: [{ runId: id, phase: 'main', epoch: 0, valTop1: 0.4 }],
        summaries: [
          { runId: id, patch: { epochsDone: 1 } },
          { runId: asRunId('ghost'), patch: { epochsDone: 1 } },
        ],
      });
    expect(attempt).toThrow(/no run with id 'ghost'/);
    expect(getMetricHistory(db, id)).toEqual({ epochs: [], steps: [] });
    expect(requireRun(db, id).epochsDone).toBe(0);
  });
});

describe('writeProgressBatch when the disk fills', () => {
  afterEach(cleanupFolders);

  it('keeps every earlier tick, writes nothing of the failing one, and reports a full disk', () => {
    const db = createDb('disk');
    const { id } = makeRun(db);
    // SQLite's page limit stands in for a full disk: the write fails with SQLITE_FULL.
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + 8}`);
    const tick = (epoch: number) => ({
      steps: Array.from({ length: 50 }, (_, step) => ({
        runId: id,
        phase: 'main',
        epoch,
        step,
        loss: 1,
      })),
      epochs: [{ runId: id, phase: 'main', epoch, valTop1: epoch / 100 }],
      summaries: [{ runId: id, patch: { epochsDone: epoch + 1 } }],
    });
    let written = 0;
    let failure: unknown;
    try {
      for (; written < 1000; written++) writeProgressBatch(db, tick(written));
    } catch (error) {
      failure = error;
    }
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(1000);
    expect(toStoreError(failure, 'runs.db').message).toMatch(
      /runs\.db cannot grow: the disk is full \[SQLITE_FULL/,
    );
    const history = getMetricHistory(db, id);
    expect(history.epochs).toHaveLength(written);
    expect(history.steps).toHaveLength(written * 50);
    expect(requireRun(db, id).epochsDone).toBe(written);
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    db.close();
  });
});
