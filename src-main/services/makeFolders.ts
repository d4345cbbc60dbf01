// mkdir -p without Node's recursive mkdirSync, which loops forever on some virtual file systems
// (a path under /proc: mkdir answers ENOENT although the parent exists). Creates each missing
// component in turn and lets the first real error (ENOENT, EACCES, ENOTDIR, EROFS...) through.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Creates `path` and any missing parents; throws the file system's error otherwise. */
export function makeFolders(path: string): void {
  const missing: string[] = [];
  let at = resolve(path);
  while (!existsSync(at)) {
    missing.push(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const folder of missing.reverse()) mkdirSync(folder);
}
