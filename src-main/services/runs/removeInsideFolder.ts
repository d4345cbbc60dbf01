// Deleting a run's files without ever leaving its data folder (issue #9 item 2). A recorded path
// is checked twice: textually (no '..' escape, no absolute path elsewhere) and after resolving
// symlinks in its parent folders (a copied data folder whose runs/ links back to the original).
// The last component itself is removed, never followed: rm on a symlink removes the link.
import { realpathSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { StoreError, isInsideFolder } from '../../store';

/** Removes `path` (file or folder, recursively) if it lies inside `folder`; else throws. */
export function removeInsideFolder(folder: string, path: string): void {
  if (!isInsideFolder(folder, path)) throw outside(folder, path);
  let parent: string;
  try {
    parent = realpathSync(dirname(path));
  } catch (error) {
    // Its folder is gone, so the file is too: nothing to delete.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const real = join(parent, basename(path));
  if (!isInsideFolder(realpathSync(folder), real)) throw outside(folder, path, real);
  rmSync(real, { recursive: true, force: true });
}

function outside(folder: string, path: string, real?: string): StoreError {
  const via = real ? ` (it resolves to ${real})` : '';
  return new StoreError(
    `${path} lies outside the data folder ${folder}${via}; it was kept, not deleted`,
  );
}
