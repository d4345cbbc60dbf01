// The data folder (ARCHITECTURE.md "Persistence"): where the runs database (`npas.db`) and each
// run's files (`runs/<runId>/`) live. Chosen by --data-dir, else NPAS_DATA_DIR, else a
// per-user default (the Electron app passes app.getPath('userData')); created on first use and
// checked writable, failing with a StoreError that names the folder.
import { statSync } from 'node:fs';
import { makeFolders } from './makeFolders';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  openDatabase,
  StoreError,
  type OpenDatabaseOptions,
  type RunId,
  type WritableDb,
} from '../store';

/** The database file inside the data folder. */
export const DATABASE_FILE = 'npas.db';
/** The folder that holds one sub-folder of files per run. */
export const RUNS_FOLDER = 'runs';

/** An open data folder: its database connection and where runs keep their files. */
export interface DataDir {
  /** Absolute path of the folder. */
  readonly path: string;
  readonly dbPath: string;
  /** The one writing connection of this process. */
  readonly db: WritableDb;
  /** Where a run's checkpoints and exports go (not created here). */
  runDir(runId: RunId): string;
  close(): void;
}

/** The per-user default folder, following each platform's convention. */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (platform === 'win32') {
    return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'NPAS Studio');
  }
  if (platform === 'darwin')
    return join(homedir(), 'Library', 'Application Support', 'NPAS Studio');
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'npas-studio');
}

/** The folder to use: the explicit choice, else NPAS_DATA_DIR, else the default. */
export function resolveDataDir(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = explicit?.trim() || env.NPAS_DATA_DIR?.trim() || defaultDataDir(env);
  return resolve(chosen);
}

/** Whether a data folder was asked for explicitly (flag or environment). */
export function dataDirRequested(explicit?: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(explicit?.trim() || env.NPAS_DATA_DIR?.trim());
}

function ensureFolder(path: string, what: string): void {
  try {
    makeFolders(path);
    if (!statSync(path).isDirectory()) throw new Error('it is a file, not a folder');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOTDIR' || code === 'EEXIST'
        ? 'a part of the path is a file, not a folder'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : code === 'EROFS'
            ? 'read-only file system'
            : (error as Error).message;
    throw new StoreError(`${what} ${path} cannot be created or used (${reason})`, {
      cause: error,
    });
  }
}

// Run ids come from the database (ULIDs); the check keeps an id typed by a user from ever naming
// a folder outside runs/ (the folder is deleted with the run).
function checkRunFolderName(runId: RunId): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(runId)) {
    throw new StoreError(`'${runId}' is not a run id (letters, digits, '-' and '_' only)`);
  }
  return runId;
}

/**
 * Creates (if needed) and opens the data folder at `path`: the folder and its runs/ folder, then
 * the database, migrated. Not-writable folders, damaged databases and databases from a newer
 * version fail here with a StoreError naming the file.
 */
export function openDataDir(path: string, options: OpenDatabaseOptions = {}): DataDir {
  const folder = resolve(path);
  ensureFolder(folder, 'the data folder');
  const dbPath = join(folder, DATABASE_FILE);
  const db = openDatabase(dbPath, { nativeBinding: options.nativeBinding });
  const runsRoot = join(folder, RUNS_FOLDER);
  try {
    ensureFolder(runsRoot, 'the runs folder');
  } catch (error) {
    db.close();
    throw error;
  }
  return {
    path: folder,
    dbPath,
    db,
    runDir: (runId) => join(runsRoot, checkRunFolderName(runId)),
    close: () => {
      if (db.open) db.close();
    },
  };
}
