// How run file paths are stored (ARCHITECTURE.md "Persistence", issue #9 item 2): relative to the
// data folder, with '/' separators, so a copied or moved folder keeps working and deleting a run
// in a copy can never reach the original's files. A path outside the folder (a row written by an
// older build that pointed elsewhere) stays absolute: it is kept, but never deleted.
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

/** Whether `path` (resolved) lies strictly inside `folder` (resolved); textual, no symlinks. */
export function isInsideFolder(folder: string, path: string): boolean {
  const rel = relative(resolve(folder), resolve(path));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** The form a path takes in `runFiles.path`: relative to `dataFolder` when inside it. */
export function toStoredPath(dataFolder: string, path: string): string {
  if (!isAbsolute(path)) return path.split(sep).join('/');
  if (!isInsideFolder(dataFolder, path)) return path;
  return relative(resolve(dataFolder), resolve(path)).split(sep).join('/');
}

/** The absolute path of a stored `runFiles.path` in the data folder at `dataFolder`. */
export function resolveStoredPath(dataFolder: string, stored: string): string {
  return isAbsolute(stored) ? stored : join(resolve(dataFolder), ...stored.split('/'));
}
