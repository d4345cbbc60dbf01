// Test fixtures for the store: databases in memory or on disk, temp folders, run factories and
// raw table reads (codebases.md §3.7: createDb, migrateTo, insertRows, readTable).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type WritableDb } from '../../../../src-main/store/db';
import type { RunId } from '../../../../src-main/store/runId';
import { insertRun, type NewRun, type RunRow } from '../../../../src-main/store/queries/runs';
import { all, sql, sqlIdentifier } from '../../../../src-main/store/sql';

export const DB_KINDS = ['memory', 'disk'] as const;
export type DbKind = (typeof DB_KINDS)[number];

const folders: string[] = [];

/** A fresh temp folder, removed by `cleanupFolders`. */
export function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'npas-store-'));
  folders.push(folder);
  return folder;
}

/** Removes every folder made by `tempFolder` (call in afterEach/afterAll). */
export function cleanupFolders(): void {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
}

/** A migrated database, in memory or in a new temp folder. */
export function createDb(kind: DbKind = 'memory'): WritableDb {
  return openDatabase(kind === 'memory' ? ':memory:' : join(tempFolder(), 'runs.db'));
}

let counter = 0;

/** A valid NewRun; fields can be overridden. */
export function newRun(overrides: Partial<NewRun> = {}): NewRun {
  counter += 1;
  return {
    name: `run ${counter}`,
    method: 'ssn',
    arch: 'wrn-16-4',
    dataset: 'cifar10',
    budgetRequested: '10%',
    budgetParams: 100_000,
    config: { arch: 'wrn-16-4', seed: counter },
    configSchemaVersion: 1,
    seed: counter,
    ...overrides,
  };
}

/** Inserts a run and returns its row. */
export function makeRun(db: WritableDb, overrides: Partial<NewRun> = {}): RunRow {
  return insertRun(db, newRun(overrides));
}

/** Every row of a table, for assertions on raw contents. */
export function readTable(db: WritableDb, table: string): Record<string, unknown>[] {
  return all<Record<string, unknown>>(db, sql`SELECT * FROM ${sqlIdentifier(table)}`);
}

/** Ids from a list of rows. */
export function ids(rows: readonly { id: RunId }[]): RunId[] {
  return rows.map((row) => row.id);
}

/** Every legal and every illegal (from, to) pair of a state-transition table. */
export function transitionPairs<S extends string>(
  states: readonly S[],
  table: Readonly<Record<S, readonly S[]>>,
): { legal: (readonly [S, S])[]; illegal: (readonly [S, S])[] } {
  const legal = states.flatMap((from) => table[from].map((to) => [from, to] as const));
  const illegal = states.flatMap((from) =>
    states.filter((to) => !table[from].includes(to)).map((to) => [from, to] as const),
  );
  return { legal, illegal };
}
