import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeFolders } from '../../../src-main/services/makeFolders';
import { openDataDir } from '../../../src-main/services/dataDir';
import { StoreError } from '../../../src-main/store';

describe('makeFolders', () => {
  it('creates every missing parent and accepts an existing folder', () => {
    const root = mkdtempSync(join(tmpdir(), 'npas-folders-'));
    makeFolders(join(root, 'a', 'b', 'c'));
    expect(existsSync(join(root, 'a', 'b', 'c'))).toBe(true);
    makeFolders(join(root, 'a', 'b', 'c'));
  });

  it('fails instead of looping on a path under /proc, where recursive mkdir never returns', () => {
    expect(() => makeFolders('/proc/npas-studio-test/data')).toThrow();
    expect(() => openDataDir('/proc/npas-studio-test/data')).toThrow(StoreError);
    expect(() => openDataDir('/proc/npas-studio-test/data')).toThrow(
      /\/proc\/npas-studio-test\/data/,
    );
  });

  it('names a path that runs through a file', () => {
    const root = mkdtempSync(join(tmpdir(), 'npas-folders-'));
    writeFileSync(join(root, 'file'), 'x');
    expect(() => openDataDir(join(root, 'file', 'data'))).toThrow(/a part of the path is a file/);
  });
});
