// Whether an SQLite file is an NPAS Studio database (ours, or new and empty), read through any
// connection, read-only included (issue #9 item 7): db.ts runs it on a read-only connection
// before opening a file for writing, so another application's database is refused untouched.
import type { ReadableDb } from './db';
import { ForeignDatabaseError } from './errors';
import { NPAS_APPLICATION_ID } from './applicationId';
import { all, sql } from './sql';

/** Throws ForeignDatabaseError unless the database is ours or an empty new one. */
export function inspectOwnership(db: ReadableDb, file: string, version?: number): void {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  if (applicationId === NPAS_APPLICATION_ID) return;
  if (applicationId !== 0) {
    throw new ForeignDatabaseError(
      file,
      `an SQLite database of another application (application_id ${applicationId})`,
    );
  }
  // Every database NPAS Studio migrated carries its application_id, so an unmarked one with
  // tables or a schema version was made by someone else.
  const userVersion = version ?? (db.pragma('user_version', { simple: true }) as number);
  const tables = all<{ name: string }>(
    db,
    sql`SELECT name FROM sqlite_schema WHERE type = 'table' AND substr(name, 1, 7) != 'sqlite_'`,
  ).map((row) => row.name);
  if (tables.length) {
    throw new ForeignDatabaseError(
      file,
      `an SQLite database with tables NPAS Studio did not create (${tables.join(', ')})`,
    );
  }
  if (userVersion !== 0) {
    throw new ForeignDatabaseError(
      file,
      `an SQLite database at user_version ${userVersion} without NPAS Studio's application_id`,
    );
  }
}
