import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AssertionError } from '../../../src-main/contract/errors';
import { openDatabase, type WritableDb } from '../../../src-main/store/db';
import { DbVersionFromFutureError } from '../../../src-main/store/errors';
import {
  LATEST_SCHEMA_VERSION,
  NPAS_APPLICATION_ID,
  SCHEMA_VERSIONS,
  checkMonotonic,
  getSchemaVersion,
  migrateDatabase,
} from '../../../src-main/store/migrations';
import { getRun, insertRun } from '../../../src-main/store/queries/runs';
import { listTags, addTag } from '../../../src-main/store/queries/tags';
import { enqueueJob } from '../../../src-main/store/queries/jobs';
import { all, sql } from '../../../src-main/store/sql';
import { DB_KINDS, cleanupFolders, newRun, tempFolder } from './helpers/storeFixtures';

/** A raw connection with no migrations run, like a file an older build left behind. */
function rawDb(kind: (typeof DB_KINDS)[number]): WritableDb {
  const db = new Database(kind === 'memory' ? ':memory:' : join(tempFolder(), 'runs.db'));
  db.pragma('foreign_keys = ON');
  return db as WritableDb;
}

function tableNames(db: WritableDb): string[] {
  return all<{ name: string }>(
    db,
    sql`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`,
  ).map((row) => row.name);
}

const EXPECTED_TABLES: Record<number, string[]> = {
  10: ['runs'],
  20: ['epochMetrics', 'runs', 'stepMetrics'],
  30: ['epochMetrics', 'runFiles', 'runGroups', 'runs', 'stepMetrics', 'tags'],
  40: ['epochMetrics', 'jobs', 'runFiles', 'runGroups', 'runs', 'stepMetrics', 'tags'],
  50: ['epochMetrics', 'jobs', 'runFiles', 'runGroups', 'runs', 'stepMetrics', 'tags'],
  60: [
    'epochMetrics',
    'jobs',
    'runBundles',
    'runFiles',
    'runGroups',
    'runs',
    'stepMetrics',
    'sweepCells',
    'sweeps',
    'tags',
  ],
};

afterEach(cleanupFolders);

describe('schema versions', () => {
  it('step by 10 from 10 to the latest, each file exporting its updateToSchemaVersion', () => {
    expect(SCHEMA_VERSIONS.map((step) => step.version)).toEqual([10, 20, 30, 40, 50, 60]);
    expect(LATEST_SCHEMA_VERSION).toBe(60);
    expect(SCHEMA_VERSIONS.map((step) => step.update.name)).toEqual([
      'updateToSchemaVersion0010',
      'updateToSchemaVersion0020',
      'updateToSchemaVersion0030',
      'updateToSchemaVersion0040',
      'updateToSchemaVersion0050',
      'updateToSchemaVersion0060',
    ]);
  });

  it('rejects a list that is not strictly increasing', () => {
    const noop = () => {};
    expect(() =>
      checkMonotonic([
        { version: 10, update: noop },
        { version: 10, update: noop },
      ]),
    ).toThrow(AssertionError);
    expect(() =>
      checkMonotonic([
        { version: 20, update: noop },
        { version: 10, update: noop },
      ]),
    ).toThrow(/10 follows 20/);
    expect(() => checkMonotonic([{ version: 0, update: noop }])).toThrow(/not a positive integer/);
  });
});

describe.each(DB_KINDS)('migrations on a %s database', (kind) => {
  it('bring a fresh database to the latest version with every table STRICT', () => {
    const db = rawDb(kind);
    const result = migrateDatabase(db, 'test.db');
    expect(result).toEqual({ from: 0, to: 60, applied: [10, 20, 30, 40, 50, 60] });
    expect(getSchemaVersion(db)).toBe(60);
    expect(db.pragma('application_id', { simple: true })).toBe(NPAS_APPLICATION_ID);
    expect(tableNames(db)).toEqual(EXPECTED_TABLES[60]);
    const strict = all<{ name: string; strict: number }>(
      db,
      sql`SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite%'`,
    );
    expect(strict.every((table) => table.strict === 1)).toBe(true);
    expect(migrateDatabase(db, 'test.db')).toEqual({ from: 60, to: 60, applied: [] });
    db.close();
  });

  it.each([10, 20, 30, 40, 50, 60])('stop at version %i with exactly its tables', (version) => {
    const db = rawDb(kind);
    migrateDatabase(db, 'test.db', { to: version });
    expect(getSchemaVersion(db)).toBe(version);
    expect(tableNames(db)).toEqual(EXPECTED_TABLES[version]);
    db.close();
  });

  it.each([10, 20, 30, 40, 50])(
    'move a database at version %i to the latest, keeping its runs',
    (version) => {
      const db = rawDb(kind);
      migrateDatabase(db, 'test.db', { to: version });
      const run = insertRun(db, newRun({ name: `made at v${version}` }));
      const result = migrateDatabase(db, 'test.db');
      expect(result.from).toBe(version);
      expect(result.applied).toEqual([10, 20, 30, 40, 50, 60].filter((v) => v > version));
      expect(getRun(db, run.id)?.name).toBe(`made at v${version}`);
      addTag(db, run.id, 'migrated');
      expect(listTags(db, run.id)).toEqual(['migrated']);
      expect(enqueueJob(db, { runId: run.id, kind: 'resume' }).position).toBe(1);
      db.close();
    },
  );

  it('refuse a database from a newer version and leave it as it was', () => {
    const db = rawDb(kind);
    migrateDatabase(db, 'test.db');
    db.pragma('user_version = 70');
    expect(() => migrateDatabase(db, 'test.db')).toThrow(DbVersionFromFutureError);
    expect(() => migrateDatabase(db, 'test.db')).toThrow(
      /version 70, newer than the latest .* \(60\)/,
    );
    expect(getSchemaVersion(db)).toBe(70);
    db.close();
  });

  it('roll back every step when one fails, never leaving a half-migrated database', () => {
    const db = rawDb(kind);
    migrateDatabase(db, 'test.db', { to: 10 });
    const steps = [
      ...SCHEMA_VERSIONS,
      {
        version: 70,
        update: (target: WritableDb) => {
          target.exec('CREATE TABLE halfway (x INTEGER) STRICT');
          throw new Error('step 70 failed on purpose');
        },
      },
    ];
    expect(() => migrateDatabase(db, 'test.db', { versions: steps })).toThrow(/on purpose/);
    expect(getSchemaVersion(db)).toBe(10);
    expect(tableNames(db)).toEqual(EXPECTED_TABLES[10]);
    db.close();
  });
});

describe('openDatabase and migrations on disk', () => {
  it('migrates a file an older build left at version 20 when it is opened', () => {
    const path = join(tempFolder(), 'runs.db');
    const old = new Database(path);
    migrateDatabase(old as WritableDb, path, { to: 20 });
    const run = insertRun(old as WritableDb, newRun({ name: 'from v20' }));
    old.close();
    const db = openDatabase(path);
    expect(getSchemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(getRun(db, run.id)?.name).toBe('from v20');
    db.close();
  });

  it('refuses a read-only open of a database that still needs migrating', () => {
    const path = join(tempFolder(), 'runs.db');
    const old = new Database(path);
    migrateDatabase(old as WritableDb, path, { to: 30 });
    old.close();
    expect(() => openDatabase(path, { readonly: true })).toThrow(
      /schema version 30, older than 60; open it once for writing/,
    );
  });
});

describe('migration 50: run file paths relative to the data folder', () => {
  it('converts absolute paths inside the folder and keeps paths outside it as they were', () => {
    const folder = tempFolder();
    const path = join(folder, 'npas.db');
    const old = new Database(path) as WritableDb;
    migrateDatabase(old, path, { to: 40 });
    const run = insertRun(old, newRun());
    const insert = old.prepare(
      'INSERT INTO runFiles (runId, kind, path, createdAt) VALUES (?, ?, ?, 0)',
    );
    insert.run(run.id, 'checkpoint', join(folder, 'runs', run.id, 'last.ckpt'));
    insert.run(run.id, 'checkpoint', join(folder, 'runs', run.id, 'search', 'last.ckpt'));
    insert.run(run.id, 'export', '/elsewhere/model.json');
    insert.run(run.id, 'export', join(folder, '..', 'sibling', 'model.json'));
    old.close();
    const db = openDatabase(path);
    expect(
      all<{ path: string }>(db, sql`SELECT path FROM runFiles ORDER BY id`).map((r) => r.path),
    ).toEqual([
      `runs/${run.id}/last.ckpt`,
      `runs/${run.id}/search/last.ckpt`,
      '/elsewhere/model.json',
      join(folder, '..', 'sibling', 'model.json'),
    ]);
    db.close();
  });
});
