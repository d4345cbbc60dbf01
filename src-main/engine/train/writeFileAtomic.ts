// Checkpoints and the small files a run keeps beside them (SSN groups.json, the SuperWeights
// sharing file) are written one way (issue #9 item 9): a temporary file, fsync, rename. A
// process killed mid-write leaves the old file or none, never a half-written one that a resume
// would read; the temporary it leaves is removed when the run next starts.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';

/** Replaces `path` with `data` atomically (temporary `<path>.tmp-<pid>`, fsync, rename). */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const tmp = `${path}.tmp-${process.pid}`;
  let fd: number | null = null;
  try {
    fd = openSync(tmp, 'w');
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, path);
  } catch (error) {
    if (fd !== null) closeSync(fd);
    rmSync(tmp, { force: true });
    throw error;
  }
}
