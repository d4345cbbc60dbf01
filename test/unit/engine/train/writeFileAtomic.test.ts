// groups.json and the SuperWeights sharing file are written like checkpoints (issue #9 item 9):
// a temporary file, fsync, rename, so the old file is never opened for writing and a failed
// write leaves neither a half-written file nor its temporary.
import {
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../../src-main/engine/train/writeFileAtomic';

const folders: string[] = [];
afterEach(() => folders.splice(0).forEach((f) => rmSync(f, { recursive: true, force: true })));
function temp(): string {
  const folder = mkdtempSync(join(tmpdir(), 'npas-atomic-'));
  folders.push(folder);
  return folder;
}

describe('writeFileAtomic', () => {
  it('replaces the file by a rename: the old file’s contents are never rewritten in place', () => {
    const folder = temp();
    const path = join(folder, 'groups.json');
    writeFileSync(path, '{"groups":[0,0]}');
    // A second name for the old file's inode: a write in place would change it too.
    linkSync(path, join(folder, 'witness'));
    writeFileAtomic(path, '{"groups":[0,1]}');
    expect(readFileSync(path, 'utf8')).toBe('{"groups":[0,1]}');
    expect(readFileSync(join(folder, 'witness'), 'utf8')).toBe('{"groups":[0,0]}');
    expect(readdirSync(folder).sort()).toEqual(['groups.json', 'witness']);
  });

  it('leaves no temporary file behind when the rename fails, and throws', () => {
    const folder = temp();
    const path = join(folder, 'groups.json');
    mkdirSync(path); // a folder in the way: the rename fails
    expect(() => writeFileAtomic(path, '{}')).toThrow();
    expect(readdirSync(folder)).toEqual(['groups.json']);
  });
});
