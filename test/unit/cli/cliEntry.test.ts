// `npas` runs compiled JavaScript when the build is there and current (issue #9 item 18), and
// the TypeScript sources through tsx otherwise, so a fresh clone works right after `npm ci`.
import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEntry, COMPILED, SOURCE } from '../../../bin/cli-entry.js';

const root = join(import.meta.dirname, '..', '..', '..');

function tree(files: Record<string, number>): string {
  const dir = mkdtempSync(join(tmpdir(), 'npas-entry-'));
  for (const [path, mtime] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), '');
    utimesSync(join(dir, path), mtime, mtime);
  }
  return dir;
}

describe('which CLI bin/npas.js runs', () => {
  it('runs the TypeScript sources in a fresh clone (nothing built)', () => {
    const dir = tree({ [SOURCE]: 1000 });
    expect(cliEntry(dir)).toEqual({ kind: 'source', path: join(dir, SOURCE) });
  });

  it('runs the compiled CLI when it is newer than every source', () => {
    const dir = tree({ [SOURCE]: 1000, 'src-main/engine/x.ts': 1500, [COMPILED]: 2000 });
    expect(cliEntry(dir)).toEqual({ kind: 'compiled', path: join(dir, COMPILED) });
  });

  it('runs the sources when one was edited after the last build', () => {
    const dir = tree({ [SOURCE]: 1000, [COMPILED]: 2000, 'src-main/engine/x.ts': 3000 });
    expect(cliEntry(dir).kind).toBe('source');
  });

  it('runs the compiled CLI of a copy that ships without sources', () => {
    const dir = tree({ [COMPILED]: 2000 });
    expect(cliEntry(dir)).toEqual({ kind: 'compiled', path: join(dir, COMPILED) });
  });

  it('is built by npm run build as an entry of the main bundle', () => {
    const config = readFileSync(join(root, 'electron.vite.config.ts'), 'utf8');
    expect(config).toContain("cli: resolve('src-main/cli/main.ts')");
    expect(COMPILED).toBe(join('out', 'main', 'cli.js'));
  });
});
