// Runs: insert, read, the status state machine, summary updates, notes, archiving, deletion and
// crash recovery (issue #5, Store). Pure functions taking the connection first (codebases.md §3.4).
import { METHODS } from '../../contract/config';
import { RUN_STATUS_VALUES } from '../../contract/wire';
import type { ReadableDb, WritableDb } from '../db';
import { writeTransaction } from '../db';
import { StoreError } from '../errors';
import { newRunId, type RunId } from '../runId';
import { all, get, run, sql, sqlFragment, sqlIdentifier, sqlJoin, type SqlQuery } from '../sql';
import { failRunningJobs } from './jobs';

/** Every run status: the contract's list, shared with the UI. */
export const RUN_STATUSES = RUN_STATUS_VALUES;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const RUN_METHODS = METHODS;
export type RunMethod = (typeof RUN_METHODS)[number];

/** Where each status may go next (issue #5: cancel, stop, finish, crash, resume). */
export const RUN_TRANSITIONS: Readonly<Record<RunStatus, readonly RunStatus[]>> = {
  queued: ['running', 'stopped'],
  running: ['stopping', 'stopped', 'failed', 'completed', 'interrupted'],
  stopping: ['stopped', 'failed', 'completed', 'interrupted'],
  stopped: ['queued'],
  interrupted: ['queued'],
  failed: ['queued'],
  completed: [],
};

const FINISHED: readonly RunStatus[] = ['stopped', 'interrupted', 'failed', 'completed'];

/** A row of `runs`, field for field. `config` and `environment` are JSON text, verbatim. */
export interface RunRow {
  id: RunId;
  name: string;
  status: RunStatus;
  method: RunMethod;
  arch: string;
  dataset: string;
  /** As the user wrote it: "10%" or a parameter count as text. */
  budgetRequested: string | null;
  budgetParams: number | null;
  trainableParams: number | null;
  unsharedParams: number | null;
  config: string;
  configSchemaVersion: number;
  environment: string;
  seed: number;
  /** Milliseconds since the epoch. */
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  updatedAt: number;
  error: string | null;
  bestValTop1: number | null;
  bestTestTop1: number | null;
  lastValTop1: number | null;
  lastTestTop1: number | null;
  lastLoss: number | null;
  imagesPerSecond: number | null;
  durationSeconds: number | null;
  epochsDone: number;
  phase: string | null;
  /** Markdown. */
  note: string;
  archived: 0 | 1;
}

/** What the engine reports about where a run ran. */
export interface RunEnvironment {
  backend: string;
  versions: Record<string, string>;
  seed: number;
  [key: string]: unknown;
}

/** A run to create. The store fills id, timestamps and the empty summary. */
export interface NewRun {
  id?: RunId;
  name: string;
  method: RunMethod;
  arch: string;
  dataset: string;
  budgetRequested?: string | number | null;
  budgetParams?: number | null;
  trainableParams?: number | null;
  unsharedParams?: number | null;
  /** The validated config; an object is serialised, a string must already be JSON. */
  config: string | object;
  configSchemaVersion: number;
  environment?: RunEnvironment | string;
  seed: number;
  createdAt?: number;
}

/** Run fields the trainer updates as it goes: accounting, environment and summary metrics. */
export interface RunSummaryPatch {
  budgetParams?: number | null;
  trainableParams?: number | null;
  unsharedParams?: number | null;
  environment?: RunEnvironment | string;
  bestValTop1?: number | null;
  bestTestTop1?: number | null;
  lastValTop1?: number | null;
  lastTestTop1?: number | null;
  lastLoss?: number | null;
  imagesPerSecond?: number | null;
  durationSeconds?: number | null;
  epochsDone?: number;
  phase?: string | null;
}

const SUMMARY_COLUMNS = [
  'budgetParams',
  'trainableParams',
  'unsharedParams',
  'environment',
  'bestValTop1',
  'bestTestTop1',
  'lastValTop1',
  'lastTestTop1',
  'lastLoss',
  'imagesPerSecond',
  'durationSeconds',
  'epochsDone',
  'phase',
] as const satisfies readonly (keyof RunSummaryPatch)[];

function toJsonText(value: string | object, what: string): string {
  if (typeof value !== 'string') return JSON.stringify(value);
  try {
    JSON.parse(value);
  } catch (error) {
    throw new StoreError(`${what} is not valid JSON: ${value.slice(0, 80)}`, { cause: error });
  }
  return value;
}

/** Creates a queued run and returns it. */
export function insertRun(db: WritableDb, input: NewRun): RunRow {
  if (!RUN_METHODS.includes(input.method)) {
    throw new StoreError(
      `unknown method '${input.method}'; expected one of ${RUN_METHODS.join(', ')}`,
    );
  }
  const id = input.id ?? newRunId(input.createdAt);
  const at = input.createdAt ?? Date.now();
  const budget = input.budgetRequested == null ? null : String(input.budgetRequested);
  run(
    db,
    sql`INSERT INTO runs (id, name, status, method, arch, dataset, budgetRequested, budgetParams,
      trainableParams, unsharedParams, config, configSchemaVersion, environment, seed, createdAt,
      updatedAt)
    VALUES (${id}, ${input.name}, 'queued', ${input.method}, ${input.arch}, ${input.dataset},
      ${budget}, ${input.budgetParams ?? null}, ${input.trainableParams ?? null},
      ${input.unsharedParams ?? null}, ${toJsonText(input.config, 'config')},
      ${input.configSchemaVersion}, ${toJsonText(input.environment ?? {}, 'environment')},
      ${input.seed}, ${at}, ${at})`,
  );
  return requireRun(db, id);
}

/** The run with this id, or undefined. */
export function getRun(db: ReadableDb, id: RunId): RunRow | undefined {
  return get<RunRow>(db, sql`SELECT * FROM runs WHERE id = ${id}`);
}

/** The run with this id; a StoreError naming the id when there is none. */
export function requireRun(db: ReadableDb, id: RunId): RunRow {
  const row = getRun(db, id);
  if (!row) throw new StoreError(`no run with id '${id}'`);
  return row;
}

/** Extra fields written with a status change. */
export interface StatusChange {
  /** The error text of a failed run. */
  error?: string | null;
  /** When it happened (ms since the epoch); defaults to now. */
  at?: number;
}

/** Moves a run to `status` if the state machine allows it, stamping start and finish times. */
export function updateRunStatus(
  db: WritableDb,
  id: RunId,
  status: RunStatus,
  extra: StatusChange = {},
): RunRow {
  const current = requireRun(db, id);
  const allowed = RUN_TRANSITIONS[current.status];
  if (!allowed.includes(status)) {
    throw new StoreError(
      `run '${id}' cannot go from '${current.status}' to '${status}'; from '${current.status}' ` +
        `it may go to ${allowed.length ? allowed.map((s) => `'${s}'`).join(', ') : 'nothing (final)'}`,
    );
  }
  const at = extra.at ?? Date.now();
  const startedAt = status === 'running' ? (current.startedAt ?? at) : current.startedAt;
  const finishedAt = FINISHED.includes(status) ? at : null;
  const error =
    status === 'failed'
      ? (extra.error ?? current.error)
      : status === 'queued'
        ? null
        : current.error;
  // Compare-and-set on the old status: a concurrent change makes this a no-op, not a lost update.
  const result = run(
    db,
    sql`UPDATE runs SET status = ${status}, startedAt = ${startedAt}, finishedAt = ${finishedAt},
      error = ${error}, updatedAt = ${at}
    WHERE id = ${id} AND status = ${current.status}`,
  );
  if (result.changes !== 1) {
    throw new StoreError(`run '${id}' changed status while moving to '${status}'; try again`);
  }
  return requireRun(db, id);
}

/** Writes the given summary fields (others unchanged). */
export function updateRunSummary(db: WritableDb, id: RunId, patch: RunSummaryPatch): void {
  const assignments = SUMMARY_COLUMNS.filter((column) => patch[column] !== undefined).map(
    (column) => {
      const value = patch[column];
      const bound =
        column === 'environment'
          ? toJsonText(value as RunEnvironment | string, 'environment')
          : (value as string | number | null);
      return sqlFragment`${sqlIdentifier(column)} = ${bound}`;
    },
  );
  assignments.push(sqlFragment`updatedAt = ${Date.now()}`);
  const result = run(db, sql`UPDATE runs SET ${sqlJoin(assignments)} WHERE id = ${id}`);
  if (result.changes !== 1) throw new StoreError(`no run with id '${id}'`);
}

/** Renames a run. */
export function setName(db: WritableDb, id: RunId, name: string): void {
  if (!name.trim()) throw new StoreError(`run '${id}': a name cannot be empty`);
  changeOne(
    db,
    id,
    sql`UPDATE runs SET name = ${name}, updatedAt = ${Date.now()} WHERE id = ${id}`,
  );
}

/** Replaces a run's markdown note. */
export function setNote(db: WritableDb, id: RunId, note: string): void {
  changeOne(
    db,
    id,
    sql`UPDATE runs SET note = ${note}, updatedAt = ${Date.now()} WHERE id = ${id}`,
  );
}

/** Archives (hides from the default list) or restores a run. */
export function setArchived(db: WritableDb, id: RunId, archived: boolean): void {
  const flag = archived ? 1 : 0;
  changeOne(
    db,
    id,
    sql`UPDATE runs SET archived = ${flag}, updatedAt = ${Date.now()} WHERE id = ${id}`,
  );
}

function changeOne(db: WritableDb, id: RunId, query: SqlQuery): void {
  if (run(db, query).changes !== 1) throw new StoreError(`no run with id '${id}'`);
}

/**
 * Deletes a run with its metrics, groups, tags, file rows and jobs, and returns the paths of its
 * files for the caller to delete (the store never touches artifacts on disk).
 */
export function deleteRun(db: WritableDb, id: RunId): string[] {
  return writeTransaction(db, () => {
    const { status } = requireRun(db, id);
    if (status === 'running' || status === 'stopping') {
      throw new StoreError(`run '${id}' is ${status}; stop it before deleting it`);
    }
    const paths = all<{ path: string }>(
      db,
      sql`SELECT path FROM runFiles WHERE runId = ${id} ORDER BY id`,
    );
    run(db, sql`DELETE FROM runs WHERE id = ${id}`);
    return paths.map((row) => row.path);
  });
}

/**
 * What the app runs at start: runs left running or stopping by a crash become interrupted
 * (resumable) and their jobs failed. Returns the interrupted runs' ids.
 */
export function markRunningAsInterrupted(db: WritableDb, at: number = Date.now()): RunId[] {
  return writeTransaction(db, () => {
    const rows = all<{ id: RunId }>(
      db,
      sql`UPDATE runs SET status = 'interrupted', finishedAt = ${at}, updatedAt = ${at}
        WHERE status IN ('running', 'stopping') RETURNING id`,
    );
    failRunningJobs(db, 'interrupted: NPAS Studio stopped while this job was running', at);
    return rows.map((row) => row.id).sort();
  });
}
