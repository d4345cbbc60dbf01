// One queue owner per data folder: the process that runs jobs holds `queue.lock` (its pid). Crash
// recovery marks running runs interrupted only when no live process holds the lock, so a second
// process (the CLI beside the app) can never declare the other's running job dead. A lock left
// by a killed process is stale and taken over.
import { readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { StoreError } from '../../store';

export const LOCK_FILE = 'queue.lock';

/** Who holds a data folder's queue. */
export interface LockHolder {
  pid: number;
  hostname: string;
  since: number;
}

/** A held lock; release it when the queue closes. */
export interface QueueLock {
  readonly path: string;
  release(): void;
}

function isAlive(holder: LockHolder): boolean {
  // A pid only means something on its own machine: a holder elsewhere (shared folder) counts as
  // alive, the safe answer.
  if (holder.hostname !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): LockHolder | null {
  try {
    const holder = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
    return Number.isInteger(holder.pid) ? holder : null;
  } catch {
    // Unreadable or half-written (a crash between create and write): nobody can be holding it.
    return null;
  }
}

/** The live process holding the queue of `dataDir`, or null when it is free (or stale). */
export function queueLockHolder(dataDir: string): LockHolder | null {
  const holder = readHolder(join(dataDir, LOCK_FILE));
  return holder && isAlive(holder) ? holder : null;
}

/** Takes the queue of `dataDir`; a StoreError names the live holder when another process has it. */
export function acquireQueueLock(dataDir: string): QueueLock {
  const path = join(dataDir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, hostname: hostname(), since: Date.now() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(me), { flag: 'wx' });
      return { path, release: () => releaseIfMine(path, me) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StoreError(
          `${path}: cannot create the queue lock (${(error as Error).message})`,
          {
            cause: error,
          },
        );
      }
    }
    const holder = readHolder(path);
    if (holder && isAlive(holder)) {
      const who = holder.pid === process.pid ? 'this process' : `process ${holder.pid}`;
      throw new StoreError(
        `${dataDir}: ${who} is already running jobs for this data folder (${path}); wait for it ` +
          'to finish, stop it, or use another data folder',
      );
    }
    // Stale: its owner died (kill -9, power cut). Remove it and try once more.
    rmSync(path, { force: true });
  }
  throw new StoreError(
    `${path}: another process took the queue lock at the same moment; try again`,
  );
}

function releaseIfMine(path: string, me: LockHolder): void {
  const holder = readHolder(path);
  if (holder && holder.pid === me.pid && holder.since === me.since) unlinkSync(path);
}
