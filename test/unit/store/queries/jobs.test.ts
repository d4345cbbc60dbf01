import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WritableDb } from '../../../../src-main/store/db';
import { openDatabase } from '../../../../src-main/store/db';
import {
  JOB_STATUSES,
  JOB_TRANSITIONS,
  enqueueJob,
  failRunningJobs,
  getJob,
  listJobs,
  markJob,
  nextQueuedJob,
  type JobStatus,
} from '../../../../src-main/store/queries/jobs';
import {
  DB_KINDS,
  cleanupFolders,
  createDb,
  makeRun,
  tempFolder,
  transitionPairs,
} from '../helpers/storeFixtures';
import { join } from 'node:path';

const PATH_TO: Record<JobStatus, JobStatus[]> = {
  queued: [],
  running: ['running'],
  done: ['running', 'done'],
  failed: ['running', 'failed'],
  cancelled: ['cancelled'],
};
const { legal: LEGAL, illegal: ILLEGAL } = transitionPairs(JOB_STATUSES, JOB_TRANSITIONS);

describe.each(DB_KINDS)('the job queue on a %s database', (kind) => {
  let db: WritableDb;
  beforeEach(() => {
    db = createDb(kind);
  });
  afterEach(() => {
    db.close();
    cleanupFolders();
  });

  function jobAt(status: JobStatus) {
    let job = enqueueJob(db, { runId: makeRun(db).id, kind: 'train' });
    for (const step of PATH_TO[status]) job = markJob(db, job.id, step);
    return job;
  }

  it('hands out queued jobs in the order they were enqueued', () => {
    const a = makeRun(db);
    const b = makeRun(db);
    const first = enqueueJob(db, { runId: a.id, kind: 'train', payload: { epochs: 3 } });
    const second = enqueueJob(db, { runId: b.id, kind: 'resume' });
    expect(first).toMatchObject({
      status: 'queued',
      position: 1,
      payload: '{"epochs":3}',
      error: null,
    });
    expect(second.position).toBe(2);
    expect(nextQueuedJob(db)?.id).toBe(first.id);
    markJob(db, first.id, 'running');
    expect(nextQueuedJob(db)?.id).toBe(second.id);
    markJob(db, second.id, 'cancelled');
    expect(nextQueuedJob(db)).toBeUndefined();
    expect(listJobs(db).map((job) => job.status)).toEqual(['running', 'cancelled']);
    expect(listJobs(db, ['running']).map((job) => job.id)).toEqual([first.id]);
    expect(listJobs(db, [])).toEqual([]);
  });

  it.each(LEGAL)('allows a job to go %s → %s', (from, to) => {
    const job = jobAt(from);
    const moved = markJob(db, job.id, to, 'worker crashed');
    expect(moved.status).toBe(to);
    expect(moved.error).toBe(to === 'failed' ? 'worker crashed' : null);
  });

  it.each(ILLEGAL)('refuses a job going %s → %s', (from, to) => {
    const job = jobAt(from);
    expect(() => markJob(db, job.id, to)).toThrow(
      new RegExp(`job ${job.id} cannot go from '${from}' to '${to}'`),
    );
    expect(getJob(db, job.id)?.status).toBe(from);
  });

  it('fails every running job after a crash', () => {
    const running = jobAt('running');
    const queued = jobAt('queued');
    expect(failRunningJobs(db, 'interrupted', 77)).toBe(1);
    expect(getJob(db, running.id)).toMatchObject({
      status: 'failed',
      error: 'interrupted',
      updatedAt: 77,
    });
    expect(getJob(db, queued.id)?.status).toBe('queued');
  });

  it('refuses an unknown kind or status and a job for a missing run', () => {
    const { id } = makeRun(db);
    expect(() => enqueueJob(db, { runId: id, kind: 'export' as never })).toThrow(
      /unknown job kind 'export'/,
    );
    expect(() => listJobs(db, ['paused' as never])).toThrow(/unknown job status 'paused'/);
    expect(() => markJob(db, 999, 'running')).toThrow(/no job with id 999/);
    expect(() => enqueueJob(db, { runId: 'ghost' as never, kind: 'train' })).toThrow(/FOREIGN KEY/);
  });
});

describe('the job queue across restarts', () => {
  afterEach(cleanupFolders);

  it('keeps queued jobs in order when the database is reopened', () => {
    const path = join(tempFolder(), 'runs.db');
    let db = openDatabase(path);
    const run = makeRun(db);
    const jobs = [
      enqueueJob(db, { runId: run.id, kind: 'train' }),
      enqueueJob(db, { runId: run.id, kind: 'resume' }),
    ];
    db.close();
    db = openDatabase(path);
    expect(listJobs(db, ['queued']).map((job) => job.id)).toEqual(jobs.map((job) => job.id));
    expect(nextQueuedJob(db)?.kind).toBe('train');
    db.close();
  });
});
