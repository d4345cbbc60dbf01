// One queue owner per data folder: a live holder is refused with its pid, a dead one's lock is
// taken over, and only the owner's release removes the file.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import {
  acquireQueueLock,
  LOCK_FILE,
  queueLockHolder,
} from '../../../../src-main/services/jobs/queueLock';
import { StoreError } from '../../../../src-main/store';

const folders: string[] = [];
function temp(): string {
  const folder = mkdtempSync(join(tmpdir(), 'npas-lock-'));
  folders.push(folder);
  return folder;
}
afterEach(() => folders.splice(0).forEach((f) => rmSync(f, { recursive: true, force: true })));

/** The pid of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('queue lock', () => {
  it('is taken, refused while held by a live process, and released by its owner', () => {
    const dir = temp();
    const lock = acquireQueueLock(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    expect(queueLockHolder(dir)?.pid).toBe(process.pid);
    expect(() => acquireQueueLock(dir)).toThrow(StoreError);
    expect(() => acquireQueueLock(dir)).toThrow(
      /this process is already running jobs for this data folder/,
    );
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    expect(queueLockHolder(dir)).toBeNull();
  });

  it('takes over a lock left by a killed process', () => {
    const dir = temp();
    writeFileSync(
      join(dir, LOCK_FILE),
      JSON.stringify({ pid: deadPid(), hostname: hostname(), since: 1 }),
    );
    expect(queueLockHolder(dir)).toBeNull();
    const lock = acquireQueueLock(dir);
    expect(queueLockHolder(dir)?.pid).toBe(process.pid);
    lock.release();
  });

  it('treats an unreadable lock file as stale and a holder on another machine as alive', () => {
    const dir = temp();
    writeFileSync(join(dir, LOCK_FILE), '{half');
    acquireQueueLock(dir).release();
    writeFileSync(
      join(dir, LOCK_FILE),
      JSON.stringify({ pid: deadPid(), hostname: 'elsewhere', since: 1 }),
    );
    expect(() => acquireQueueLock(dir)).toThrow(/process \d+ is already running jobs/);
  });
});
