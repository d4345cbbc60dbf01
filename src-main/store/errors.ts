// Typed errors of the SQLite store: a file that cannot serve as the runs database, a database
// written by a newer NPAS Studio, an illegal state change. Messages name the file or value.
import { NpasError } from '../contract/errors';

/** The database file or folder cannot be used, or a store operation was refused. */
export class StoreError extends NpasError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('store', message, options);
  }
}

/** The database's schema version is newer than this build knows (Signal's DBVersionFromFutureError). */
export class DbVersionFromFutureError extends StoreError {
  readonly found: number;
  readonly known: number;
  constructor(file: string, found: number, known: number) {
    super(
      `${file}: the database is at schema version ${found}, newer than the latest this NPAS Studio ` +
        `knows (${known}); it was written by a newer version. Update NPAS Studio or use another data folder.`,
    );
    this.found = found;
    this.known = known;
  }
}

/**
 * The file is an SQLite database of another application (issue #9 item 7). It was inspected
 * read-only and refused before anything was written: not even the journal mode changed.
 */
export class ForeignDatabaseError extends StoreError {
  constructor(file: string, finding: string) {
    super(`${file}: ${finding}, not an NPAS Studio database; choose another file or data folder`);
  }
}
