// The persisted job queue (issue #5, Jobs): queued jobs survive a restart; the jobs host takes
// the next one in position order and marks it as it goes.
import type { ReadableDb, WritableDb } from '../db';
import { writeTransaction } from '../db';
import { StoreError } from '../errors';
import type { RunId } from '../runId';
import { all, get, run, sql, sqlJoin } from '../sql';

export const JOB_KINDS = ['train', 'resume'] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export const JOB_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Where each job status may go next. */
export const JOB_TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  queued: ['running', 'cancelled'],
  running: ['done', 'failed', 'cancelled'],
  done: [],
  failed: [],
  cancelled: [],
};

/** A row of `jobs`; `payload` is JSON text. */
export interface JobRow {
  id: number;
  runId: RunId;
  kind: JobKind;
  status: JobStatus;
  payload: string;
  createdAt: number;
  updatedAt: number;
  /** Queue order: lower runs first. */
  position: number;
  error: string | null;
}

/** Appends a job to the end of the queue and returns it. */
export function enqueueJob(
  db: WritableDb,
  job: { runId: RunId; kind: JobKind; payload?: object },
): JobRow {
  if (!JOB_KINDS.includes(job.kind)) {
    throw new StoreError(`unknown job kind '${job.kind}'; expected one of ${JOB_KINDS.join(', ')}`);
  }
  const at = Date.now();
  return writeTransaction(db, () => {
    const row = get<JobRow>(
      db,
      sql`INSERT INTO jobs (runId, kind, status, payload, createdAt, updatedAt, position)
      VALUES (${job.runId}, ${job.kind}, 'queued', ${JSON.stringify(job.payload ?? {})}, ${at}, ${at},
        (SELECT coalesce(max(position), 0) + 1 FROM jobs))
      RETURNING *`,
    );
    if (!row) throw new StoreError(`could not enqueue a ${job.kind} job for run '${job.runId}'`);
    return row;
  });
}

/** The job with this id, or undefined. */
export function getJob(db: ReadableDb, id: number): JobRow | undefined {
  return get<JobRow>(db, sql`SELECT * FROM jobs WHERE id = ${id}`);
}

/** The queued job that should run next, or undefined when the queue is empty. */
export function nextQueuedJob(db: ReadableDb): JobRow | undefined {
  return get<JobRow>(
    db,
    sql`SELECT * FROM jobs WHERE status = 'queued' ORDER BY position, id LIMIT 1`,
  );
}

/** Jobs, oldest position first, optionally only those with the given statuses. */
export function listJobs(db: ReadableDb, statuses?: readonly JobStatus[]): JobRow[] {
  if (!statuses) return all<JobRow>(db, sql`SELECT * FROM jobs ORDER BY position, id`);
  if (!statuses.length) return [];
  return all<JobRow>(
    db,
    sql`SELECT * FROM jobs WHERE status IN (${sqlJoinStatuses(statuses)}) ORDER BY position, id`,
  );
}

function sqlJoinStatuses(statuses: readonly JobStatus[]) {
  for (const status of statuses) {
    if (!JOB_STATUSES.includes(status)) {
      throw new StoreError(
        `unknown job status '${status}'; expected one of ${JOB_STATUSES.join(', ')}`,
      );
    }
  }
  return sqlJoin(statuses);
}

/** Moves a job to `status` if allowed; `error` is kept for failed jobs. */
export function markJob(db: WritableDb, id: number, status: JobStatus, error?: string): JobRow {
  return writeTransaction(db, () => {
    const job = getJob(db, id);
    if (!job) throw new StoreError(`no job with id ${id}`);
    const allowed = JOB_TRANSITIONS[job.status];
    if (!allowed.includes(status)) {
      throw new StoreError(
        `job ${id} cannot go from '${job.status}' to '${status}'; from '${job.status}' it may go to ` +
          (allowed.length ? allowed.map((s) => `'${s}'`).join(', ') : 'nothing (final)'),
      );
    }
    const text = status === 'failed' ? (error ?? null) : null;
    return get<JobRow>(
      db,
      sql`UPDATE jobs SET status = ${status}, error = ${text}, updatedAt = ${Date.now()}
      WHERE id = ${id} RETURNING *`,
    ) as JobRow;
  });
}

/** Marks every running job failed with `reason` (after a crash); returns how many. */
export function failRunningJobs(db: WritableDb, reason: string, at: number = Date.now()): number {
  return run(
    db,
    sql`UPDATE jobs SET status = 'failed', error = ${reason}, updatedAt = ${at} WHERE status = 'running'`,
  ).changes;
}
