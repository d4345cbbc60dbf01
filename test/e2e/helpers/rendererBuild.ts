// Makes sure the renderer served by `npas serve` (out/renderer) is built and not older than its
// sources (src-renderer, src-main/contract); builds it with electron-vite otherwise, so a fresh
// checkout or an edited screen runs the end-to-end tests against what is in the tree.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');
const SOURCES = ['src-renderer', 'src-main/contract'];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True when out/renderer/index.html is missing or older than a renderer source. */
export function rendererIsStale(): boolean {
  const index = join(ROOT, 'out/renderer/index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return SOURCES.some((dir) => newestMtime(join(ROOT, dir)) > built);
}

export function ensureRendererBuilt(): void {
  if (!rendererIsStale()) return;
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
    { cwd: ROOT, stdio: 'inherit' },
  );
}
