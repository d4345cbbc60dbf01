// The data folder: chosen by flag, then NPAS_DATA_DIR, then the platform default; created on
// first use; unusable folders and databases fail with a StoreError naming the path.
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  dataDirRequested,
  defaultDataDir,
  openDataDir,
  resolveDataDir,
} from '../../../src-main/services/dataDir';
import { asRunId, DbVersionFromFutureError, StoreError } from '../../../src-main/store';

const folders: string[] = [];
function temp(): string {
  const folder = mkdtempSync(join(tmpdir(), 'npas-datadir-'));
  folders.push(folder);
  return folder;
}
afterEach(() => folders.splice(0).forEach((f) => rmSync(f, { recursive: true, force: true })));

describe('resolveDataDir', () => {
  it('prefers the flag, then NPAS_DATA_DIR, then the per-user default', () => {
    expect(resolveDataDir('/a/flag', { NPAS_DATA_DIR: '/b/env' })).toBe('/a/flag');
    expect(resolveDataDir(undefined, { NPAS_DATA_DIR: '/b/env' })).toBe('/b/env');
    expect(resolveDataDir('  ', { NPAS_DATA_DIR: '/b/env' })).toBe('/b/env');
    expect(resolveDataDir(undefined, { XDG_DATA_HOME: '/xdg' })).toBe(
      process.platform === 'linux' ? '/xdg/npas-studio' : defaultDataDir({ XDG_DATA_HOME: '/xdg' }),
    );
    expect(dataDirRequested(undefined, {})).toBe(false);
    expect(dataDirRequested(undefined, { NPAS_DATA_DIR: '/b' })).toBe(true);
  });

  it('follows each platform convention for the default', () => {
    expect(defaultDataDir({}, 'linux')).toBe(join(homedir(), '.local', 'share', 'npas-studio'));
    expect(defaultDataDir({}, 'darwin')).toBe(
      join(homedir(), 'Library', 'Application Support', 'NPAS Studio'),
    );
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32')).toBe(
      join('C:\\Users\\u\\AppData\\Roaming', 'NPAS Studio'),
    );
  });
});

describe('openDataDir', () => {
  it('creates the folder, its runs/ folder and npas.db, and names run folders by id', () => {
    const path = join(temp(), 'deep', 'data');
    const dir = openDataDir(path);
    expect(existsSync(join(path, 'npas.db'))).toBe(true);
    expect(existsSync(join(path, 'runs'))).toBe(true);
    expect(dir.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(dir.runDir(asRunId('01ABC'))).toBe(join(path, 'runs', '01ABC'));
    expect(() => dir.runDir(asRunId('../../etc'))).toThrow(/'..\/..\/etc' is not a run id/);
    dir.close();
  });

  it('refuses a folder that cannot be created, naming it (a path under a regular file, which even root cannot write)', () => {
    const file = join(temp(), 'plain-file');
    writeFileSync(file, 'not a folder');
    const attempt = () => openDataDir(join(file, 'data'));
    expect(attempt).toThrow(StoreError);
    expect(attempt).toThrow(
      /the data folder .*plain-file\/data cannot be created or used \(a part of the path is a file/,
    );
  });

  it('refuses a data folder whose runs/ is a file, closing the database', () => {
    const path = temp();
    writeFileSync(join(path, 'runs'), '');
    expect(() => openDataDir(path)).toThrow(/the runs folder .*runs cannot be created or used/);
  });

  it('refuses a damaged (non-SQLite) database file without touching it', () => {
    const path = temp();
    writeFileSync(join(path, 'npas.db'), 'this is a text file, not a database'.repeat(200));
    expect(() => openDataDir(path)).toThrow(StoreError);
    expect(() => openDataDir(path)).toThrow(/npas\.db is not an SQLite database/);
  });

  it('refuses a database written by a newer version, leaving it unchanged', () => {
    const path = temp();
    openDataDir(path).close();
    const raw = new Database(join(path, 'npas.db'));
    raw.pragma('user_version = 9999');
    raw.close();
    expect(() => openDataDir(path)).toThrow(DbVersionFromFutureError);
    const after = new Database(join(path, 'npas.db'));
    expect(after.pragma('user_version', { simple: true })).toBe(9999);
    after.close();
  });
});

// Permission bits bind only non-root users; as root (this sandbox) the path-under-a-file case
// above covers the error path. Runs as an ordinary user.
describe.skipIf(process.getuid?.() === 0)('openDataDir as an ordinary user', () => {
  it('refuses a read-only data folder, naming it, and opens it again once writable', async () => {
    const { chmodSync } = await import('node:fs');
    const path = temp();
    openDataDir(path).close();
    chmodSync(path, 0o555);
    try {
      expect(() => openDataDir(path)).toThrow(/npas\.db: the data folder .* is not writable/);
    } finally {
      chmodSync(path, 0o755);
    }
    openDataDir(path).close();
  });
});
