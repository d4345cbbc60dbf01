// Sweeps and their cells (issue #14): insert a sweep with every cell in one go, read them back,
// and update a cell's state, Slurm job, exit code, log tail and run link as the executor reports.
import { SWEEP_CELL_STATES } from '../../contract/sweep';
import type { ReadableDb, WritableDb } from '../db';
import { writeTransaction } from '../db';
import { StoreError } from '../errors';
import type { RunId } from '../runId';
import { all, get, run, sql, sqlFragment, sqlIdentifier, sqlJoin } from '../sql';

/** Every sweep cell state: the contract's list, shared with the UI. */
export const SWEEP_STATES = SWEEP_CELL_STATES;
export type SweepState = (typeof SWEEP_STATES)[number];

/** A row of `sweeps`; `base`, `axes` and `slurm` are JSON text. */
export interface SweepRow {
  id: string;
  name: string;
  executor: 'local' | 'slurm';
  base: string;
  axes: string;
  slurm: string | null;
  /** The sweep's folder on shared storage (Slurm), where its bundles, configs and logs go. */
  root: string | null;
  slurmJobId: string | null;
  script: string | null;
  createdAt: number;
  updatedAt: number;
}

/** A row of `sweepCells`; `cellValues` and `config` are JSON text. */
export interface SweepCellRow {
  sweepId: string;
  cellIndex: number;
  label: string;
  name: string;
  method: string;
  seed: number;
  cellValues: string;
  config: string;
  state: SweepState;
  runId: RunId | null;
  slurmJobId: string | null;
  exitCode: number | null;
  logTail: string | null;
  bundleDir: string | null;
  attempts: number;
  updatedAt: number;
}

export interface NewSweep {
  id: string;
  name: string;
  executor: 'local' | 'slurm';
  base: object;
  axes: object;
  slurm: object | null;
  root: string | null;
  cells: {
    index: number;
    label: string;
    name: string;
    method: string;
    seed: number;
    values: object;
    config: object;
    bundleDir: string | null;
  }[];
  createdAt?: number;
}

/** Records a sweep and all its cells ('queued') in one transaction. */
export function insertSweep(db: WritableDb, input: NewSweep): SweepRow {
  const at = input.createdAt ?? Date.now();
  writeTransaction(db, () => {
    run(
      db,
      sql`INSERT INTO sweeps (id, name, executor, base, axes, slurm, root, createdAt, updatedAt)
      VALUES (${input.id}, ${input.name}, ${input.executor}, ${JSON.stringify(input.base)},
        ${JSON.stringify(input.axes)}, ${input.slurm ? JSON.stringify(input.slurm) : null},
        ${input.root}, ${at}, ${at})`,
    );
    for (const cell of input.cells) {
      run(
        db,
        sql`INSERT INTO sweepCells (sweepId, cellIndex, label, name, method, seed, cellValues,
          config, state, bundleDir, updatedAt)
        VALUES (${input.id}, ${cell.index}, ${cell.label}, ${cell.name}, ${cell.method},
          ${cell.seed}, ${JSON.stringify(cell.values)}, ${JSON.stringify(cell.config)}, 'queued',
          ${cell.bundleDir}, ${at})`,
      );
    }
  });
  return requireSweep(db, input.id);
}

export function getSweep(db: ReadableDb, id: string): SweepRow | undefined {
  return get<SweepRow>(db, sql`SELECT * FROM sweeps WHERE id = ${id}`);
}

/** The sweep with this id; a StoreError naming the id when there is none. */
export function requireSweep(db: ReadableDb, id: string): SweepRow {
  const row = getSweep(db, id);
  if (!row) throw new StoreError(`no sweep with id '${id}'`);
  return row;
}

/** Every sweep, newest first. */
export function listSweepRows(db: ReadableDb): SweepRow[] {
  return all<SweepRow>(db, sql`SELECT * FROM sweeps ORDER BY createdAt DESC, id DESC`);
}

/** A sweep's cells in grid order. */
export function listSweepCells(db: ReadableDb, sweepId: string): SweepCellRow[] {
  return all<SweepCellRow>(
    db,
    sql`SELECT * FROM sweepCells WHERE sweepId = ${sweepId} ORDER BY cellIndex`,
  );
}

/** Cell counts by state of every sweep (one query for the list). */
export function sweepStateCounts(
  db: ReadableDb,
): { sweepId: string; state: SweepState; cells: number }[] {
  return all(
    db,
    sql`SELECT sweepId, state, count(*) AS cells FROM sweepCells GROUP BY sweepId, state`,
  );
}

/** Sets the sweep's latest Slurm submission (array job id and the script it ran). */
export function setSweepSubmission(
  db: WritableDb,
  id: string,
  slurmJobId: string,
  script: string,
): void {
  run(
    db,
    sql`UPDATE sweeps SET slurmJobId = ${slurmJobId}, script = ${script}, updatedAt = ${Date.now()}
    WHERE id = ${id}`,
  );
}

/** Cell fields an executor updates. */
export interface SweepCellPatch {
  state?: SweepState;
  runId?: RunId | null;
  slurmJobId?: string | null;
  exitCode?: number | null;
  logTail?: string | null;
  attempts?: number;
}

const CELL_COLUMNS = [
  'state',
  'runId',
  'slurmJobId',
  'exitCode',
  'logTail',
  'attempts',
] as const satisfies readonly (keyof SweepCellPatch)[];

/** Updates one cell; returns whether anything changed. */
export function updateSweepCell(
  db: WritableDb,
  sweepId: string,
  index: number,
  patch: SweepCellPatch,
): boolean {
  const sets = CELL_COLUMNS.filter((column) => patch[column] !== undefined).map(
    (column) => sqlFragment`${sqlIdentifier(column)} = ${patch[column] ?? null}`,
  );
  if (!sets.length) return false;
  const at = Date.now();
  const changed = run(
    db,
    sql`UPDATE sweepCells SET ${sqlJoin([...sets, sqlFragment`updatedAt = ${at}`])}
    WHERE sweepId = ${sweepId} AND cellIndex = ${index}`,
  ).changes;
  if (!changed) throw new StoreError(`sweep '${sweepId}' has no cell ${index}`);
  return true;
}

/** Removes a sweep and its cells (not their runs): a submission that failed leaves nothing. */
export function deleteSweep(db: WritableDb, id: string): boolean {
  return run(db, sql`DELETE FROM sweeps WHERE id = ${id}`).changes > 0;
}

/** The sweeps a run belongs to as a cell (to tell their views the cell changed). */
export function sweepIdsOfRun(db: ReadableDb, runId: RunId): string[] {
  return all<{ sweepId: string }>(
    db,
    sql`SELECT DISTINCT sweepId FROM sweepCells WHERE runId = ${runId}`,
  ).map((row) => row.sweepId);
}
