// Files a run owns (checkpoints, exports...): the database keeps their paths so deleting the run
// can remove them (ARCHITECTURE.md "Persistence"). Paths are relative to the data folder with '/'
// separators (runFilePath.ts); only rows migrated from older builds may hold absolute paths.
import type { ReadableDb, WritableDb } from '../db';
import { StoreError } from '../errors';
import type { RunId } from '../runId';
import { all, run, sql } from '../sql';
import { isAbsolute } from 'node:path';

/** What a file is: 'checkpoint', 'export', or another short word. */
export type RunFileKind = 'checkpoint' | 'export' | (string & {});

/** A row of `runFiles`. */
export interface RunFileRow {
  id: number;
  runId: RunId;
  kind: RunFileKind;
  path: string;
  bytes: number | null;
  createdAt: number;
}

/** Records a file (or updates its kind and size when the path is already recorded). */
export function addRunFile(
  db: WritableDb,
  file: { runId: RunId; kind: RunFileKind; path: string; bytes?: number | null },
): void {
  if (!file.kind.trim()) throw new StoreError(`run '${file.runId}': a file kind cannot be empty`);
  if (!file.path.trim()) throw new StoreError(`run '${file.runId}': a file path cannot be empty`);
  if (isAbsolute(file.path) || file.path.split('/').includes('..')) {
    throw new StoreError(
      `run '${file.runId}': file path '${file.path}' must be relative to the data folder ` +
        '(toStoredPath), without ..',
    );
  }
  run(
    db,
    sql`INSERT INTO runFiles (runId, kind, path, bytes, createdAt)
    VALUES (${file.runId}, ${file.kind}, ${file.path}, ${file.bytes ?? null}, ${Date.now()})
    ON CONFLICT (runId, path) DO UPDATE SET kind = excluded.kind, bytes = excluded.bytes,
      createdAt = excluded.createdAt`,
  );
}

/** A run's files in the order they were recorded, optionally of one kind. */
export function listRunFiles(db: ReadableDb, runId: RunId, kind?: RunFileKind): RunFileRow[] {
  return kind === undefined
    ? all<RunFileRow>(db, sql`SELECT * FROM runFiles WHERE runId = ${runId} ORDER BY id`)
    : all<RunFileRow>(
        db,
        sql`SELECT * FROM runFiles WHERE runId = ${runId} AND kind = ${kind} ORDER BY id`,
      );
}

/** Forgets a file (after the caller deleted it); returns whether it was recorded. */
export function removeRunFile(db: WritableDb, runId: RunId, path: string): boolean {
  return run(db, sql`DELETE FROM runFiles WHERE runId = ${runId} AND path = ${path}`).changes > 0;
}
