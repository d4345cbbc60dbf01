// Schema migrations driven by PRAGMA user_version (codebases.md §3.4, after Signal): one file
// per step, versions stepping by 10, pending steps in ONE immediate transaction so a failure
// leaves the database exactly as it was, and a database from a newer build refused.
import { assert } from '../../contract/assert';
import type { ReadableDb, WritableDb } from '../db';
import { DbVersionFromFutureError } from '../errors';
import { NPAS_APPLICATION_ID } from '../applicationId';
import { inspectOwnership } from '../inspectOwnership';
import { updateToSchemaVersion0010 } from './0010-create-runs';
import { updateToSchemaVersion0020 } from './0020-create-metrics';
import { updateToSchemaVersion0030 } from './0030-create-run-details';
import { updateToSchemaVersion0040 } from './0040-create-jobs';
import { updateToSchemaVersion0050 } from './0050-relative-run-files';
import { updateToSchemaVersion0060 } from './0060-create-sweeps';

/** One migration step: brings a database at the previous version to `version`. */
export interface SchemaVersion {
  version: number;
  update: (db: WritableDb) => void;
}

export const SCHEMA_VERSIONS: readonly SchemaVersion[] = [
  { version: 10, update: updateToSchemaVersion0010 },
  { version: 20, update: updateToSchemaVersion0020 },
  { version: 30, update: updateToSchemaVersion0030 },
  { version: 40, update: updateToSchemaVersion0040 },
  { version: 50, update: updateToSchemaVersion0050 },
  { version: 60, update: updateToSchemaVersion0060 },
];

export { NPAS_APPLICATION_ID };

/** Throws unless versions are positive integers in strictly increasing order. */
export function checkMonotonic(versions: readonly SchemaVersion[]): void {
  versions.forEach(({ version }, index) => {
    assert(
      Number.isInteger(version) && version > 0,
      `schema version ${version} is not a positive integer`,
    );
    const previous = index > 0 ? versions[index - 1].version : 0;
    assert(version > previous, `schema version ${version} follows ${previous}: not increasing`);
  });
}

checkMonotonic(SCHEMA_VERSIONS);
export const LATEST_SCHEMA_VERSION = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1].version;

/** The database's schema version (0 for a new file). */
export function getSchemaVersion(db: ReadableDb): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export interface MigrateOptions {
  /** The steps to apply; tests pass their own list. */
  versions?: readonly SchemaVersion[];
  /** Stop at this version (tests that start from an older schema). */
  to?: number;
}

/** What a migration did. */
export interface MigrationResult {
  from: number;
  to: number;
  applied: number[];
}

/** Applies every pending step up to `to` (default: the latest) in one transaction. */
export function migrateDatabase(
  db: WritableDb,
  file: string,
  options: MigrateOptions = {},
): MigrationResult {
  const versions = options.versions ?? SCHEMA_VERSIONS;
  checkMonotonic(versions);
  const latest = versions.length ? versions[versions.length - 1].version : 0;
  const target = options.to ?? latest;
  return db
    .transaction((): MigrationResult => {
      // Read inside the write lock: two processes opening the same file migrate only once.
      const from = getSchemaVersion(db);
      if (from > latest) throw new DbVersionFromFutureError(file, from, latest);
      // Refuses another application's database instead of adding our tables to it; db.ts also
      // checks read-only before opening a file for writing, this covers other connections.
      inspectOwnership(db, file, from);
      const pending = versions.filter((step) => step.version > from && step.version <= target);
      for (const step of pending) step.update(db);
      const to = pending.length ? pending[pending.length - 1].version : from;
      if (to !== from) setHeaderInteger(db, 'user_version', to);
      if (from === 0 && to !== 0) setHeaderInteger(db, 'application_id', NPAS_APPLICATION_ID);
      return { from, to, applied: pending.map((step) => step.version) };
    })
    .immediate();
}

function setHeaderInteger(
  db: WritableDb,
  pragma: 'user_version' | 'application_id',
  value: number,
) {
  // PRAGMA arguments cannot be bound; the value is an integer we produced.
  assert(Number.isInteger(value), `${pragma} ${value} is not an integer`);
  db.pragma(`${pragma} = ${value}`);
}
