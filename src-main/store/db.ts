// Opening the runs database (ARCHITECTURE.md "Persistence", codebases.md §3.4): better-sqlite3
// with WAL, a busy timeout and foreign keys, migrated on open; failures become typed errors
// that name the file. Handles are branded so read-only code cannot be handed a writer by mistake.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { NpasError } from '../contract/errors';
import { DbVersionFromFutureError, StoreError } from './errors';
import { inspectOwnership } from './inspectOwnership';
import { LATEST_SCHEMA_VERSION, getSchemaVersion, migrateDatabase } from './migrations';

/** A connection that may only read (list pages, history, exports). */
export type ReadableDb = Database.Database & { readonly __readableDb: never };
/** The one connection that writes; also readable. */
export type WritableDb = ReadableDb & { readonly __writableDb: never };

export interface OpenDatabaseOptions {
  /**
   * Path to a better_sqlite3.node built for this runtime. The Electron app passes its own
   * build; Node (tests, CLI) uses the package's default. Env NPAS_SQLITE_BINDING is the fallback.
   */
  nativeBinding?: string;
  /** Open an existing, already migrated database without writing to it. */
  readonly?: boolean;
}

/** Page cache per connection, in KiB. */
const CACHE_KIB = 32 * 1024;

/** How long a connection waits for another one's write lock before failing. */
export const BUSY_TIMEOUT_MS = 5000;

/** Opens (creating and migrating if needed) the runs database at `path`. */
export function openDatabase(
  path: string,
  options: OpenDatabaseOptions & { readonly: true },
): ReadableDb;
export function openDatabase(path: string, options?: OpenDatabaseOptions): WritableDb;
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): ReadableDb {
  const memory = path === ':memory:';
  const readonly = options.readonly ?? false;
  if (readonly && memory) throw new StoreError(':memory: databases cannot be opened read-only');
  if (readonly && !existsSync(path)) {
    throw new StoreError(`${path}: no database file there to open read-only`);
  }
  if (!memory && !readonly) assertWritable(path);
  const nativeBinding = options.nativeBinding ?? process.env.NPAS_SQLITE_BINDING;
  // Before the writing connection switches the file to WAL: a database that is not ours is
  // refused untouched (issue #9 item 7).
  if (!memory && !readonly && existsSync(path) && statSync(path).size > 0) {
    const probe = construct(path, true, nativeBinding);
    try {
      inspectOwnership(probe as ReadableDb, path);
    } catch (error) {
      throw toStoreError(error, path);
    } finally {
      probe.close();
    }
  }
  const db = construct(path, readonly, nativeBinding);
  try {
    configure(db, memory, readonly);
    if (readonly) checkReadableVersion(db, path);
    else migrateDatabase(db as WritableDb, path);
  } catch (error) {
    db.close();
    throw toStoreError(error, path);
  }
  return db as ReadableDb;
}

/** Runs `fn` in one write transaction (BEGIN IMMEDIATE, so it never fails mid-way on a lock). */
export function writeTransaction<T>(db: WritableDb, fn: () => T): T {
  return db.transaction(fn).immediate();
}

function construct(path: string, readonly: boolean, nativeBinding: string | undefined) {
  try {
    return new Database(path, {
      readonly,
      fileMustExist: readonly,
      timeout: BUSY_TIMEOUT_MS,
      ...(nativeBinding ? { nativeBinding } : {}),
    });
  } catch (error) {
    if (isSqliteError(error)) throw toStoreError(error, path);
    // Anything else comes from loading the native module (wrong ABI, missing file).
    const message = error instanceof Error ? error.message : String(error);
    throw new StoreError(
      `${path}: the SQLite native module ${nativeBinding ? `at ${nativeBinding} ` : ''}could not be ` +
        `loaded (${message}); pass nativeBinding or set NPAS_SQLITE_BINDING to a better_sqlite3.node ` +
        `built for this runtime (Node ${process.versions.node}, modules ABI ${process.versions.modules})`,
      { cause: error },
    );
  }
}

function configure(db: Database.Database, memory: boolean, readonly: boolean): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('foreign_keys = ON');
  // 32 MB of page cache (the default is 2 MB): the runs table of 10,000 runs and the hot part of
  // the metrics stay in memory, so paging the list does not go back to the file.
  db.pragma(`cache_size = -${CACHE_KIB}`);
  // WAL lets readers page the runs list while the writer commits metrics; NORMAL is safe in WAL
  // (a power cut may lose the last commits, never corrupt the file).
  if (!memory && !readonly) db.pragma('journal_mode = WAL');
  if (!readonly) db.pragma('synchronous = NORMAL');
}

function checkReadableVersion(db: Database.Database, path: string): void {
  const version = getSchemaVersion(db as ReadableDb);
  if (version > LATEST_SCHEMA_VERSION) {
    throw new DbVersionFromFutureError(path, version, LATEST_SCHEMA_VERSION);
  }
  if (version < LATEST_SCHEMA_VERSION) {
    throw new StoreError(
      `${path}: the database is at schema version ${version}, older than ${LATEST_SCHEMA_VERSION}; ` +
        'open it once for writing to migrate it before reading it read-only',
    );
  }
}

/** Fails early, naming the folder, when the database or its WAL files could not be written. */
function assertWritable(path: string): void {
  const folder = dirname(resolve(path));
  const notWritable = (reason: string, cause?: unknown) =>
    new StoreError(`${path}: the data folder ${folder} is not writable (${reason})`, { cause });
  try {
    if (!statSync(folder).isDirectory()) throw notWritable('it is a file, not a folder');
  } catch (error) {
    if (error instanceof StoreError) throw error;
    throw notWritable(describeFsError(error), error);
  }
  // A real write, not access(2): root passes access checks on read-only folders, and read-only
  // mounts only show up on an actual write.
  const probe = join(folder, `.npas-write-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    writeFileSync(probe, '', { flag: 'wx' });
    unlinkSync(probe);
  } catch (error) {
    throw notWritable(describeFsError(error), error);
  }
  if (existsSync(path)) {
    try {
      accessSync(path, constants.R_OK | constants.W_OK);
    } catch (error) {
      throw new StoreError(
        `${path}: the database file is not writable (${describeFsError(error)})`,
        {
          cause: error,
        },
      );
    }
  }
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'ENOENT':
      return 'the folder does not exist';
    case 'ENOSPC':
      return 'the disk is full';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

function isSqliteError(error: unknown): error is Error & { code: string } {
  const code: unknown = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('SQLITE_');
}

/** Converts a SQLite failure into a StoreError that names the file and says what to do. */
export function toStoreError(error: unknown, path: string): NpasError {
  if (error instanceof NpasError) return error;
  if (!isSqliteError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return new StoreError(`${path}: ${message}`, { cause: error });
  }
  const code = error.code;
  let reason: string;
  if (code === 'SQLITE_NOTADB') {
    reason =
      'is not an SQLite database (the file is damaged or another kind of file); move it aside ' +
      'to start a new database';
  } else if (code.startsWith('SQLITE_CORRUPT')) {
    reason = 'is a corrupt SQLite database; move it aside to start a new database';
  } else if (code === 'SQLITE_READONLY_DIRECTORY') {
    reason = 'is in a read-only folder, where SQLite cannot create its -wal and -shm files';
  } else if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM') {
    reason = 'is not writable (read-only file or folder)';
  } else if (code.startsWith('SQLITE_CANTOPEN')) {
    reason = 'cannot be opened (missing, or its folder is not writable)';
  } else if (code === 'SQLITE_FULL') {
    reason = 'cannot grow: the disk is full';
  } else {
    reason = `failed: ${error.message}`;
  }
  return new StoreError(`${path} ${reason} [${code}: ${error.message}]`, { cause: error });
}
