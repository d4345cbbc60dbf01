// Schema 50 (issue #9 item 2): run file paths become relative to the data folder, so a copied
// or moved folder keeps working and deleting a run in a copy cannot reach the original's files.
// The data folder is the folder of the database file. Rows pointing outside it are kept as they
// are (absolute); deleting their run never removes them. An in-memory database has no folder:
// nothing to convert.
import { dirname, resolve } from 'node:path';
import type { WritableDb } from '../db';
import { toStoredPath } from '../runFilePath';
import { all, run, sql } from '../sql';

export function updateToSchemaVersion0050(db: WritableDb): void {
  const file = db.name;
  if (!file || file === ':memory:') return;
  const folder = dirname(resolve(file));
  const rows = all<{ id: number; path: string }>(db, sql`SELECT id, path FROM runFiles`);
  for (const row of rows) {
    const stored = toStoredPath(folder, row.path);
    // OR REPLACE: should both forms of one file be recorded, the relative row wins.
    if (stored !== row.path) {
      run(db, sql`UPDATE OR REPLACE runFiles SET path = ${stored} WHERE id = ${row.id}`);
    }
  }
}
