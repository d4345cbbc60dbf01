// Each array task's state as Slurm reports it (issue #14, item 3): from sacct where the cluster
// keeps accounting, else from scontrol (which remembers finished jobs for MinJobAge, 5 minutes by
// default). Slurm's job states map onto the sweep's cell states.
import { ExecutorError } from '../../contract/errors';
import type { SweepCellState } from '../../contract/sweep';
import type { SlurmRunner } from './slurmRunner';

export interface TaskState {
  state: SweepCellState;
  /** The task's exit code (the number before the colon of Slurm's "code:signal"). */
  exitCode: number | null;
  /** Slurm's own state word (COMPLETED, CANCELLED by 0, ...). */
  slurmState: string;
}

/** Slurm job state → cell state; null for a state that says nothing final or new. */
export function cellStateOf(slurmState: string): SweepCellState | null {
  const word = slurmState.trim().split(/\s+/)[0]?.replace(/\+$/, '').toUpperCase() ?? '';
  switch (word) {
    case 'PENDING':
    case 'REQUEUED':
    case 'REQUEUE_HOLD':
    case 'REQUEUE_FED':
    case 'RESV_DEL_HOLD':
      return 'pending';
    case 'RUNNING':
    case 'CONFIGURING':
    case 'COMPLETING':
    case 'SUSPENDED':
    case 'STOPPED':
    case 'SIGNALING':
    case 'STAGE_OUT':
    case 'RESIZING':
      return 'running';
    case 'COMPLETED':
      return 'completed';
    case 'FAILED':
    case 'NODE_FAIL':
    case 'OUT_OF_MEMORY':
    case 'BOOT_FAIL':
    case 'DEADLINE':
      return 'failed';
    case 'TIMEOUT':
      return 'timeout';
    case 'CANCELLED':
    case 'PREEMPTED':
    case 'REVOKED':
      return 'cancelled';
    default:
      return null;
  }
}

function exitCodeOf(text: string | undefined): number | null {
  const match = /^(\d+)(?::(\d+))?$/.exec(text?.trim() ?? '');
  if (!match) return null;
  const code = Number(match[1]);
  const signal = Number(match[2] ?? 0);
  return code === 0 && signal ? 128 + signal : code;
}

/** Expands an array-task list "0-3,5" or "[1-2]%4" into ids. */
export function taskIds(text: string): number[] {
  const body = text.replace(/^\[|\](%\d+)?$/g, '').replace(/%\d+$/, '');
  const ids: number[] = [];
  for (const part of body.split(',')) {
    const range = /^(\d+)(?:-(\d+))?(?::(\d+))?$/.exec(part.trim());
    if (!range) continue;
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    const step = range[3] === undefined ? 1 : Number(range[3]);
    for (let id = from; id <= to; id += step) ids.push(id);
  }
  return ids;
}

/** Parses `sacct --parsable2 --noheader --format=JobID,State,ExitCode` of one array job. */
export function parseSacct(text: string, arrayJobId: string): Map<number, TaskState> {
  const tasks = new Map<number, TaskState>();
  for (const line of text.split('\n')) {
    const [jobId, slurmState, exit] = line.split('|');
    if (!jobId || slurmState === undefined) continue;
    // 123_4 is task 4; 123_4.batch and 123_4.extern are its steps; 123_[1-3] are still pending.
    const match = /^(\d+)_(\[[^\]]*\]|\d+)$/.exec(jobId.trim());
    if (!match || match[1] !== arrayJobId) continue;
    const state = cellStateOf(slurmState);
    if (!state) continue;
    for (const id of taskIds(match[2])) {
      tasks.set(id, { state, exitCode: exitCodeOf(exit), slurmState: slurmState.trim() });
    }
  }
  return tasks;
}

/** Parses `scontrol show job -o ARRAYJOB` (one line per task record). */
export function parseScontrol(text: string, arrayJobId: string): Map<number, TaskState> {
  const tasks = new Map<number, TaskState>();
  for (const line of text.split('\n')) {
    const fields = new Map<string, string>();
    for (const match of line.matchAll(/(\w+)=(\S*)/g)) {
      if (!fields.has(match[1])) fields.set(match[1], match[2]);
    }
    if (fields.get('ArrayJobId') !== arrayJobId) continue;
    const slurmState = fields.get('JobState') ?? '';
    const state = cellStateOf(slurmState);
    const ids = fields.get('ArrayTaskId');
    if (!state || !ids) continue;
    for (const id of taskIds(ids)) {
      tasks.set(id, { state, exitCode: exitCodeOf(fields.get('ExitCode')), slurmState });
    }
  }
  return tasks;
}

/**
 * The states Slurm knows for array job `arrayJobId`'s tasks. Tasks it no longer knows (an old
 * job on a cluster without accounting) are absent: the caller keeps what it knew and looks at
 * the task's bundle.
 */
export async function queryArrayJob(
  runner: SlurmRunner,
  arrayJobId: string,
): Promise<Map<number, TaskState>> {
  const sacct = await runner('sacct', [
    '-j',
    arrayJobId,
    '--noheader',
    '--parsable2',
    '--format=JobID,State,ExitCode',
  ]).catch((error: unknown) => {
    // A cluster may ship no sacct at all (no accounting); scontrol below is then the source.
    if (error instanceof ExecutorError) return null;
    throw error;
  });
  const fromSacct = sacct && sacct.code === 0 ? parseSacct(sacct.stdout, arrayJobId) : new Map();
  // Without accounting (slurmdbd) sacct fails or knows nothing; scontrol knows recent jobs.
  const scontrol = await runner('scontrol', ['show', 'job', '-o', arrayJobId]);
  const fromScontrol =
    scontrol.code === 0 ? parseScontrol(scontrol.stdout, arrayJobId) : new Map<number, TaskState>();
  // scontrol is the live view; sacct fills in what scontrol has forgotten.
  return new Map([...fromSacct, ...fromScontrol]);
}
