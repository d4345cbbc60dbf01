import Database from 'better-sqlite3';
import {
  chmodSync,
  existsSync,
  readFileSync,
  readdirSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRng } from '../../../src-main/engine/random';
import { openDatabase } from '../../../src-main/store/db';
import {
  DbVersionFromFutureError,
  ForeignDatabaseError,
  StoreError,
} from '../../../src-main/store/errors';
import { LATEST_SCHEMA_VERSION, getSchemaVersion } from '../../../src-main/store/migrations';
import { getRun, listTags } from '../../../src-main/store';
import { addTag } from '../../../src-main/store/queries/tags';
import { cleanupFolders, makeRun, tempFolder } from './helpers/storeFixtures';

const isRoot = process.getuid?.() === 0;

function randomBytesFile(path: string, length: number, seed: number): Buffer {
  const rng = createRng(seed);
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = rng.int(256);
  writeFileSync(path, bytes);
  return bytes;
}

/** A database on disk with one tagged run, closed again. */
function seededDatabase(): { path: string; runId: string } {
  const path = join(tempFolder(), 'runs.db');
  const db = openDatabase(path);
  const run = makeRun(db, { name: 'keep me' });
  addTag(db, run.id, 'baseline');
  db.close();
  return { path, runId: run.id };
}

afterEach(cleanupFolders);

describe('openDatabase', () => {
  it('opens an on-disk database in WAL mode with foreign keys, NORMAL sync and a 5 s busy timeout', () => {
    const db = openDatabase(join(tempFolder(), 'runs.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(getSchemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    db.close();
  });

  it('opens :memory: without WAL, migrated to the latest version', () => {
    const db = openDatabase(':memory:');
    expect(db.pragma('journal_mode', { simple: true })).toBe('memory');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(getSchemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    db.close();
  });

  it('reopens an existing database with its data and migrates nothing twice', () => {
    const { path, runId } = seededDatabase();
    const db = openDatabase(path);
    expect(getRun(db, runId as never)?.name).toBe('keep me');
    expect(listTags(db, runId as never)).toEqual(['baseline']);
    db.close();
  });

  it('opens read-only and sees what the writer committed', () => {
    const { path, runId } = seededDatabase();
    const writer = openDatabase(path);
    const reader = openDatabase(path, { readonly: true });
    makeRun(writer, { name: 'later' });
    expect(reader.prepare('SELECT count(*) FROM runs').pluck().get()).toBe(2);
    expect(getRun(reader, runId as never)?.name).toBe('keep me');
    expect(() => reader.prepare("UPDATE runs SET name = 'x'").run()).toThrow(/readonly/);
    reader.close();
    writer.close();
  });

  it('refuses a read-only open of a missing file or of :memory:', () => {
    const missing = join(tempFolder(), 'none.db');
    expect(() => openDatabase(missing, { readonly: true })).toThrow(StoreError);
    expect(() => openDatabase(missing, { readonly: true })).toThrow(/none\.db: no database file/);
    expect(existsSync(missing)).toBe(false);
    expect(() => openDatabase(':memory:', { readonly: true })).toThrow(StoreError);
  });

  it('loads an explicit native binding, and names a bad one with the way out', () => {
    const path = join(tempFolder(), 'runs.db');
    const binding = join(
      process.cwd(),
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
    );
    openDatabase(path, { nativeBinding: binding }).close();
    const bad = join(tempFolder(), 'electron-build.node');
    const attempt = () => openDatabase(path, { nativeBinding: bad });
    expect(attempt).toThrow(StoreError);
    expect(attempt).toThrow(/native module at .*electron-build\.node could not be loaded/);
    expect(attempt).toThrow(/NPAS_SQLITE_BINDING/);
  });

  it('reads the native binding from NPAS_SQLITE_BINDING when no option is given', () => {
    const path = join(tempFolder(), 'runs.db');
    const saved = process.env.NPAS_SQLITE_BINDING;
    process.env.NPAS_SQLITE_BINDING = join(tempFolder(), 'missing.node');
    try {
      expect(() => openDatabase(path)).toThrow(/missing\.node could not be loaded/);
    } finally {
      if (saved === undefined) delete process.env.NPAS_SQLITE_BINDING;
      else process.env.NPAS_SQLITE_BINDING = saved;
    }
    openDatabase(path).close();
  });
});

describe('openDatabase on bad input', () => {
  it('refuses a file of random bytes as not an SQLite database and leaves it untouched', () => {
    const path = join(tempFolder(), 'runs.db');
    const bytes = randomBytesFile(path, 8192, 7);
    const attempt = () => openDatabase(path);
    expect(attempt).toThrow(StoreError);
    expect(attempt).toThrow(/runs\.db is not an SQLite database.*move it aside/);
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(readdirSync(join(path, '..'))).toEqual(['runs.db']);
  });

  it('refuses a text file named runs.db', () => {
    const path = join(tempFolder(), 'runs.db');
    writeFileSync(path, 'name,status\nrun 1,completed\n'.repeat(200));
    expect(() => openDatabase(path)).toThrow(
      /runs\.db is not an SQLite database .*\[SQLITE_NOTADB/,
    );
    expect(readFileSync(path, 'utf8').startsWith('name,status')).toBe(true);
  });

  it('refuses an SQLite file whose pages are damaged, keeping the typed error', () => {
    const { path } = seededDatabase();
    const original = readFileSync(path);
    const damaged = Buffer.from(original);
    const noise = createRng(3);
    // Keep the 100-byte header (so it still looks like SQLite), scramble the schema page.
    for (let i = 100; i < 4096; i++) damaged[i] = noise.int(256);
    writeFileSync(path, damaged);
    const attempt = () => openDatabase(path);
    expect(attempt).toThrow(StoreError);
    expect(attempt).toThrow(/runs\.db is (a corrupt SQLite database|not an SQLite database)/);
  });

  it('refuses an SQLite database of another application instead of adding tables to it', () => {
    const path = join(tempFolder(), 'contacts.db');
    const foreign = new Database(path);
    foreign.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('ada')");
    foreign.close();
    expect(() => openDatabase(path)).toThrow(
      /contacts\.db: an SQLite database with tables NPAS Studio did not create \(contacts\)/,
    );
    const after = new Database(path);
    const tables = after
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table'")
      .pluck()
      .all();
    expect(tables).toEqual(['contacts']);
    expect(after.pragma('user_version', { simple: true })).toBe(0);
    after.close();

    const marked = join(tempFolder(), 'other.db');
    const other = new Database(marked);
    other.pragma('application_id = 1234');
    other.close();
    expect(() => openDatabase(marked)).toThrow(/application_id 1234/);
  });

  it.each([
    ['tables of its own', (db: Database.Database) => db.exec('CREATE TABLE notes (body TEXT)')],
    ['another application_id', (db: Database.Database) => db.pragma('application_id = 1234')],
    [
      'a user_version but no application_id',
      (db: Database.Database) => db.pragma('user_version = 7'),
    ],
  ])(
    'refuses another application’s SQLite file with %s without changing a byte of it (no switch to WAL)',
    (_what, make) => {
      const path = join(tempFolder(), 'npas.db');
      const foreign = new Database(path);
      make(foreign);
      foreign.close();
      const hash = () => createHash('sha256').update(readFileSync(path)).digest('hex');
      const before = hash();
      expect(() => openDatabase(path)).toThrow(ForeignDatabaseError);
      expect(() => openDatabase(path)).toThrow(
        /npas\.db: an SQLite database .*not an NPAS Studio database/,
      );
      expect(hash()).toBe(before);
      // Header bytes 18-19 are 2 in WAL mode; a legacy (rollback journal) file has 1.
      expect([...readFileSync(path).subarray(18, 20)]).toEqual([1, 1]);
      expect(existsSync(`${path}-wal`)).toBe(false);
    },
  );

  it('refuses a database from a newer version with both versions named, and changes nothing', () => {
    const { path, runId } = seededDatabase();
    const raw = new Database(path);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 30}`);
    raw.close();
    const attempt = () => openDatabase(path);
    expect(attempt).toThrow(DbVersionFromFutureError);
    expect(attempt).toThrow(
      new RegExp(
        `schema version ${LATEST_SCHEMA_VERSION + 30}, newer than the latest .* \\(${LATEST_SCHEMA_VERSION}\\)`,
      ),
    );
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({
        kind: 'store',
        found: LATEST_SCHEMA_VERSION + 30,
        known: LATEST_SCHEMA_VERSION,
      });
    }
    expect(() => openDatabase(path, { readonly: true })).toThrow(DbVersionFromFutureError);
    const after = new Database(path);
    expect(after.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 30);
    expect(after.prepare('SELECT name FROM runs WHERE id = ?').pluck().get(runId)).toBe('keep me');
    after.close();
  });

  it('refuses a data folder that is not writable, naming it', () => {
    const folder = tempFolder();
    chmodSync(folder, 0o555);
    let target = join(folder, 'runs.db');
    // Tests run as root here, and root ignores permission bits: a chmod-555 folder still takes
    // writes. Detect that, and simulate an unwritable folder with a path under a regular file
    // (ENOTDIR), where no user can create anything.
    try {
      writeFileSync(join(folder, 'probe'), '');
      unlinkSync(join(folder, 'probe'));
      chmodSync(folder, 0o755);
      writeFileSync(join(folder, 'data'), 'a file, not a folder');
      target = join(folder, 'data', 'runs.db');
    } catch {
      // Not root: the chmod itself makes the folder read-only.
    }
    const attempt = () => openDatabase(target);
    expect(attempt).toThrow(StoreError);
    expect(attempt).toThrow(/runs\.db: the data folder .* is not writable \(/);
    chmodSync(folder, 0o755);
    expect(readdirSync(folder).filter((name) => name.includes('runs.db'))).toEqual([]);
  });

  it('refuses a data folder that does not exist', () => {
    const target = join(tempFolder(), 'nowhere', 'runs.db');
    expect(() => openDatabase(target)).toThrow(
      /runs\.db: the data folder .*nowhere is not writable \(the folder does not exist\)/,
    );
  });

  // Permission bits only bind non-root users; as root (as in this sandbox) these two are skipped
  // and the ENOTDIR case above covers the error path. They pass when run as an ordinary user
  // (e.g. `runuser -u nobody -- npx vitest run --configLoader runner test/unit/store/db.test.ts`).
  it.skipIf(isRoot)(
    'refuses an existing database whose folder became read-only, and keeps its runs',
    () => {
      const { path, runId } = seededDatabase();
      const folder = join(path, '..');
      chmodSync(folder, 0o555);
      try {
        expect(() => openDatabase(path)).toThrow(
          /runs\.db: the data folder .* is not writable \(permission denied\)/,
        );
        // Reading needs SQLite's WAL index file beside the database, which it cannot create here.
        expect(() => openDatabase(path, { readonly: true })).toThrow(
          /runs\.db is in a read-only folder/,
        );
      } finally {
        chmodSync(folder, 0o755);
      }
      const db = openDatabase(path);
      expect(getRun(db, runId as never)?.name).toBe('keep me');
      db.close();
    },
  );

  it.skipIf(isRoot)('refuses a read-only database file', () => {
    const { path } = seededDatabase();
    chmodSync(path, 0o444);
    expect(() => openDatabase(path)).toThrow(/runs\.db: the database file is not writable/);
  });
});
