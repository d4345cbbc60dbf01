// Temporary files a killed write left in a run's folder (issue #9 item 8). Checkpoints and
// groups.json are written as `<file>.tmp-<pid>` then renamed; a process killed between the two
// leaves the temporary behind. They are removed when the run next starts; one queue owns a data
// folder (queueLock.ts), so no writer of this run can be mid-write then.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** What an interrupted atomic write leaves: `last.ckpt.tmp-123`, `groups.json.tmp-123`. */
const STALE_TEMPORARY = /\.(ckpt|json)\.tmp-\d+$/;

/** Removes stale temporaries in `runDir` and its sub-folders; returns the removed paths. */
export function removeStaleTemporaries(runDir: string): string[] {
  const removed: string[] = [];
  let entries;
  try {
    entries = readdirSync(runDir, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return removed;
    throw error;
  }
  for (const entry of entries) {
    if (!entry.isFile() || !STALE_TEMPORARY.test(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    rmSync(path, { force: true });
    removed.push(path);
  }
  return removed.sort();
}
