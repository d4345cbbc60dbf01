import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WritableDb } from '../../../../src-main/store/db';
import { StoreError } from '../../../../src-main/store/errors';
import { addRunFile } from '../../../../src-main/store/queries/files';
import { enqueueJob, getJob, markJob } from '../../../../src-main/store/queries/jobs';
import { insertEpochMetrics } from '../../../../src-main/store/queries/metrics';
import {
  RUN_STATUSES,
  RUN_TRANSITIONS,
  deleteRun,
  getRun,
  insertRun,
  markRunningAsInterrupted,
  requireRun,
  setArchived,
  setName,
  setNote,
  updateRunStatus,
  updateRunSummary,
  type RunRow,
  type RunStatus,
} from '../../../../src-main/store/queries/runs';
import { addTag } from '../../../../src-main/store/queries/tags';
import { asRunId } from '../../../../src-main/store/runId';
import {
  DB_KINDS,
  cleanupFolders,
  createDb,
  makeRun,
  newRun,
  readTable,
  transitionPairs,
} from '../helpers/storeFixtures';

/** Walks a fresh run along legal transitions until it reaches `status`. */
const PATH_TO: Record<RunStatus, RunStatus[]> = {
  queued: [],
  running: ['running'],
  stopping: ['running', 'stopping'],
  stopped: ['running', 'stopped'],
  interrupted: ['running', 'interrupted'],
  failed: ['running', 'failed'],
  completed: ['running', 'completed'],
};

function runAt(db: WritableDb, status: RunStatus): RunRow {
  let run = makeRun(db);
  for (const step of PATH_TO[status]) run = updateRunStatus(db, run.id, step);
  return run;
}

const { legal: LEGAL, illegal: ILLEGAL } = transitionPairs(RUN_STATUSES, RUN_TRANSITIONS);

describe.each(DB_KINDS)('runs on a %s database', (kind) => {
  let db: WritableDb;
  beforeEach(() => {
    db = createDb(kind);
  });
  afterEach(() => {
    db.close();
    cleanupFolders();
  });

  it('inserts a queued run with its config verbatim and reads it back', () => {
    const config = '{"arch":"wrn-16-4","training":{"epochs":200}}';
    const run = insertRun(
      db,
      newRun({ name: 'wrn 10%', config, budgetRequested: 52000, createdAt: 1_700_000_000_000 }),
    );
    expect(run.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(run).toMatchObject({
      name: 'wrn 10%',
      status: 'queued',
      method: 'ssn',
      config,
      budgetRequested: '52000',
      environment: '{}',
      createdAt: 1_700_000_000_000,
      updatedAt: 1_700_000_000_000,
      startedAt: null,
      finishedAt: null,
      epochsDone: 0,
      note: '',
      archived: 0,
    });
    expect(getRun(db, run.id)).toEqual(run);
    expect(getRun(db, asRunId('nope'))).toBeUndefined();
    expect(() => requireRun(db, asRunId('nope'))).toThrow(/no run with id 'nope'/);
  });

  it('serialises an object config and environment', () => {
    const run = insertRun(
      db,
      newRun({
        config: { a: [1, 2] },
        environment: { backend: 'cpu', versions: { tfjs: '4.22.0' }, seed: 3 },
      }),
    );
    expect(JSON.parse(run.config)).toEqual({ a: [1, 2] });
    expect(JSON.parse(run.environment)).toEqual({
      backend: 'cpu',
      versions: { tfjs: '4.22.0' },
      seed: 3,
    });
  });

  it('refuses an unknown method and config text that is not JSON', () => {
    expect(() => insertRun(db, newRun({ method: 'hashing' as never }))).toThrow(
      /unknown method 'hashing'; expected one of unshared, ssn, superweights/,
    );
    expect(() => insertRun(db, newRun({ config: '{arch: wrn' }))).toThrow(
      /config is not valid JSON: \{arch: wrn/,
    );
    expect(readTable(db, 'runs')).toEqual([]);
  });

  it.each(LEGAL)('allows %s → %s', (from, to) => {
    const run = runAt(db, from);
    const moved = updateRunStatus(db, run.id, to, {
      at: 5_000,
      error: to === 'failed' ? 'out of memory' : undefined,
    });
    expect(moved.status).toBe(to);
    expect(moved.updatedAt).toBe(5_000);
    if (to === 'running' && from === 'queued') expect(moved.startedAt).toBe(5_000);
    if (['stopped', 'interrupted', 'failed', 'completed'].includes(to))
      expect(moved.finishedAt).toBe(5_000);
    if (to === 'queued') expect(moved).toMatchObject({ finishedAt: null, error: null });
    if (to === 'failed') expect(moved.error).toBe('out of memory');
  });

  it.each(ILLEGAL)('refuses %s → %s naming both states', (from, to) => {
    const run = runAt(db, from);
    const attempt = () => updateRunStatus(db, run.id, to);
    expect(attempt).toThrow(StoreError);
    expect(attempt).toThrow(new RegExp(`cannot go from '${from}' to '${to}'`));
    expect(getRun(db, run.id)?.status).toBe(from);
  });

  it('keeps the first start time across a resume and clears the error', () => {
    const run = makeRun(db);
    updateRunStatus(db, run.id, 'running', { at: 1_000 });
    updateRunStatus(db, run.id, 'failed', { at: 2_000, error: 'NaN loss' });
    updateRunStatus(db, run.id, 'queued', { at: 3_000 });
    const resumed = updateRunStatus(db, run.id, 'running', { at: 4_000 });
    expect(resumed).toMatchObject({
      startedAt: 1_000,
      finishedAt: null,
      error: null,
      status: 'running',
    });
  });

  it('refuses a status change for a missing run', () => {
    expect(() => updateRunStatus(db, asRunId('ghost'), 'running')).toThrow(
      /no run with id 'ghost'/,
    );
  });

  it('updates only the summary fields given', () => {
    const run = makeRun(db, { budgetParams: 10 });
    updateRunSummary(db, run.id, {
      bestValTop1: 0.91,
      lastLoss: 0.25,
      epochsDone: 7,
      phase: 'main',
      environment: { backend: 'wasm', versions: {}, seed: 1 },
    });
    const after = requireRun(db, run.id);
    expect(after).toMatchObject({
      bestValTop1: 0.91,
      lastLoss: 0.25,
      epochsDone: 7,
      phase: 'main',
      budgetParams: 10,
      lastValTop1: null,
    });
    expect(JSON.parse(after.environment).backend).toBe('wasm');
    updateRunSummary(db, run.id, { bestValTop1: null });
    expect(requireRun(db, run.id).bestValTop1).toBeNull();
    expect(() => updateRunSummary(db, asRunId('ghost'), { epochsDone: 1 })).toThrow(
      /no run with id 'ghost'/,
    );
  });

  it('sets the name, note and archived flag', () => {
    const run = makeRun(db);
    setName(db, run.id, 'renamed');
    setNote(db, run.id, '# Finding\n\n*shared* layers help');
    setArchived(db, run.id, true);
    expect(requireRun(db, run.id)).toMatchObject({
      name: 'renamed',
      note: '# Finding\n\n*shared* layers help',
      archived: 1,
    });
    setArchived(db, run.id, false);
    expect(requireRun(db, run.id).archived).toBe(0);
    expect(() => setName(db, run.id, '  ')).toThrow(/a name cannot be empty/);
    expect(() => setNote(db, asRunId('ghost'), 'x')).toThrow(/no run with id 'ghost'/);
    expect(() => setArchived(db, asRunId('ghost'), true)).toThrow(StoreError);
  });

  it('deletes a run with everything it owns and returns its file paths', () => {
    const keep = makeRun(db);
    const run = runAt(db, 'completed');
    insertEpochMetrics(db, [{ runId: run.id, phase: 'main', epoch: 0, valTop1: 0.5 }]);
    addTag(db, run.id, 'x');
    addRunFile(db, {
      runId: run.id,
      kind: 'checkpoint',
      path: 'runs/a/ckpt-1.bin',
      bytes: 10,
    });
    addRunFile(db, { runId: run.id, kind: 'export', path: 'runs/a/model.json' });
    addTag(db, keep.id, 'x');
    expect(deleteRun(db, run.id)).toEqual(['runs/a/ckpt-1.bin', 'runs/a/model.json']);
    expect(getRun(db, run.id)).toBeUndefined();
    expect(readTable(db, 'epochMetrics')).toEqual([]);
    expect(readTable(db, 'runFiles')).toEqual([]);
    expect(readTable(db, 'tags')).toEqual([{ runId: keep.id, tag: 'x' }]);
    expect(() => deleteRun(db, run.id)).toThrow(/no run with id/);
  });

  it('refuses to delete a running or stopping run', () => {
    const running = runAt(db, 'running');
    const stopping = runAt(db, 'stopping');
    expect(() => deleteRun(db, running.id)).toThrow(/is running; stop it before deleting it/);
    expect(() => deleteRun(db, stopping.id)).toThrow(/is stopping/);
    expect(readTable(db, 'runs')).toHaveLength(2);
  });

  it('marks runs left running or stopping by a crash as interrupted, and their jobs failed', () => {
    const running = runAt(db, 'running');
    const stopping = runAt(db, 'stopping');
    const queued = makeRun(db);
    const done = runAt(db, 'completed');
    const job = enqueueJob(db, { runId: running.id, kind: 'train' });
    markJob(db, job.id, 'running');
    const waiting = enqueueJob(db, { runId: queued.id, kind: 'train' });
    const interrupted = markRunningAsInterrupted(db, 9_000);
    expect(interrupted).toEqual([running.id, stopping.id].sort());
    expect(requireRun(db, running.id)).toMatchObject({ status: 'interrupted', finishedAt: 9_000 });
    expect(requireRun(db, stopping.id).status).toBe('interrupted');
    expect(requireRun(db, queued.id).status).toBe('queued');
    expect(requireRun(db, done.id).status).toBe('completed');
    expect(getJob(db, job.id)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/^interrupted/),
    });
    expect(getJob(db, waiting.id)?.status).toBe('queued');
    expect(updateRunStatus(db, running.id, 'queued').status).toBe('queued');
    expect(markRunningAsInterrupted(db)).toEqual([]);
  });
});
