// Imported run bundles (issue #14): which bundle became which run, so importing the same bundle
// again finds it and adds nothing.
import type { ReadableDb, WritableDb } from '../db';
import type { RunId } from '../runId';
import { get, run, sql } from '../sql';

export interface RunBundleRow {
  bundleId: string;
  runId: RunId;
  path: string;
  importedAt: number;
}

/** The import of bundle `bundleId`, if it was imported before (and its run not deleted). */
export function getImportedBundle(db: ReadableDb, bundleId: string): RunBundleRow | undefined {
  return get<RunBundleRow>(db, sql`SELECT * FROM runBundles WHERE bundleId = ${bundleId}`);
}

/** Records that bundle `bundleId` (at `path`) was imported as run `runId`. */
export function recordImportedBundle(
  db: WritableDb,
  bundleId: string,
  runId: RunId,
  path: string,
  at = Date.now(),
): void {
  run(
    db,
    sql`INSERT INTO runBundles (bundleId, runId, path, importedAt)
    VALUES (${bundleId}, ${runId}, ${path}, ${at})`,
  );
}
