// Which code `npas` runs: the compiled CLI (out/main/cli.js, built with the app by
// `npm run build`) when it exists and is not older than any source under src-main/, else the
// TypeScript sources through tsx. A fresh clone therefore works right after `npm ci` (no build at
// install time: no `prepare` script that would slow every install and fail where the build
// cannot run), a built checkout or a shipped copy starts from plain JavaScript, and an edit made
// after the last build is never hidden behind a stale bundle.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const COMPILED = join('out', 'main', 'cli.js');
export const SOURCE = join('src-main', 'cli', 'main.ts');

/** Newest modification time of any file under `dir` (0 when it does not exist). */
export function newestMtime(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** { kind: 'compiled' | 'source', path } for the CLI under `root`. */
export function cliEntry(root) {
  const compiled = join(root, COMPILED);
  const source = join(root, SOURCE);
  if (!existsSync(compiled)) return { kind: 'source', path: source };
  if (!existsSync(source)) return { kind: 'compiled', path: compiled };
  const stale = newestMtime(join(root, 'src-main')) > statSync(compiled).mtimeMs;
  return stale ? { kind: 'source', path: source } : { kind: 'compiled', path: compiled };
}
