// The Slurm executor without a cluster (issue #14, items 3-4): the job-array script, Slurm's
// state words and outputs (sacct, scontrol) as cell states, and the executor's state machine
// driven by a recording runner: submit, pending, running, failed with exit code and log tail,
// timeout, cancel (scancel), resubmit as a new array over just those cells. A missing sbatch
// names the executor and what to install; Slurm's refusal is passed on.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExecutorError } from '../../../../src-main/contract/errors';
import type { SweepSpec } from '../../../../src-main/contract/sweep';
import { openDataDir, type DataDir } from '../../../../src-main/services/dataDir';
import {
  arraySpec,
  cellStateOf,
  createSlurmRunner,
  createSweepService,
  parseSacct,
  parseScontrol,
  slurmScript,
  type SlurmRunner,
} from '../../../../src-main/services/sweeps';
import { runSlurm } from '../../../../src-main/services/sweeps/slurmRunner';

describe('the batch script', () => {
  it('is one job array with a line per Slurm option and one bundle per task', () => {
    const script = slurmScript({
      sweepId: 'S1',
      sweepName: 'budgets',
      root: '/shared/sweeps/S1',
      cells: [0, 1, 2, 3],
      options: {
        partition: 'gpu',
        time: '02:00:00',
        gres: 'gpu:1',
        cpus: 8,
        mem: '16G',
        extra: ['--account=lab', '#SBATCH --qos=short'],
      },
      npas: '/usr/bin/node /opt/npas/bin/npas.js',
    });
    const lines = script.split('\n');
    expect(lines[0]).toBe('#!/bin/bash');
    expect(lines.filter((line) => line.startsWith('#SBATCH '))).toEqual([
      '#SBATCH --job-name=npas-S1',
      '#SBATCH --array=0-3',
      '#SBATCH --output=/shared/sweeps/S1/logs/cell-%a.log',
      '#SBATCH --open-mode=append',
      '#SBATCH --partition=gpu',
      '#SBATCH --time=02:00:00',
      '#SBATCH --gres=gpu:1',
      '#SBATCH --cpus-per-task=8',
      '#SBATCH --mem=16G',
      '#SBATCH --account=lab',
      '#SBATCH --qos=short',
    ]);
    expect(script).toContain(
      'exec /usr/bin/node /opt/npas/bin/npas.js train --config /shared/sweeps/S1/configs/cell-"$cell".json --bundle /shared/sweeps/S1/cell-"$cell"',
    );
  });

  it('names contiguous tasks as a range and others as a list', () => {
    expect(arraySpec([0, 1, 2])).toBe('0-2');
    expect(arraySpec([3, 1])).toBe('1,3');
    expect(arraySpec([2])).toBe('2');
  });
});

describe("Slurm's states", () => {
  it('map onto cell states', () => {
    expect(cellStateOf('PENDING')).toBe('pending');
    expect(cellStateOf('RUNNING')).toBe('running');
    expect(cellStateOf('COMPLETED')).toBe('completed');
    expect(cellStateOf('FAILED')).toBe('failed');
    expect(cellStateOf('OUT_OF_MEMORY')).toBe('failed');
    expect(cellStateOf('TIMEOUT')).toBe('timeout');
    expect(cellStateOf('CANCELLED by 0')).toBe('cancelled');
    expect(cellStateOf('CANCELLED+')).toBe('cancelled');
  });

  it('are read from sacct, tasks, steps and pending ranges alike', () => {
    const text = [
      '42_0|COMPLETED|0:0',
      '42_0.batch|COMPLETED|0:0',
      '42_1|FAILED|3:0',
      '42_1.batch|FAILED|3:0',
      '42_2|TIMEOUT|0:15',
      '42_[3-4]|PENDING|0:0',
      '41_0|FAILED|1:0',
    ].join('\n');
    const tasks = parseSacct(text, '42');
    expect([...tasks.keys()].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(tasks.get(1)).toMatchObject({ state: 'failed', exitCode: 3 });
    expect(tasks.get(2)).toMatchObject({ state: 'timeout', exitCode: 128 + 15 });
    expect(tasks.get(4)?.state).toBe('pending');
  });

  it('are read from scontrol where there is no accounting', () => {
    const text = [
      'JobId=1 ArrayJobId=1 ArrayTaskId=2-3 JobName=a.sh JobState=PENDING Reason=Resources ExitCode=0:0',
      'JobId=4 ArrayJobId=1 ArrayTaskId=1 JobName=a.sh JobState=FAILED Reason=NonZeroExitCode ExitCode=3:0',
      'JobId=2 ArrayJobId=1 ArrayTaskId=0 JobName=a.sh JobState=COMPLETED Reason=None ExitCode=0:0',
    ].join('\n');
    const tasks = parseScontrol(text, '1');
    expect(tasks.get(0)?.state).toBe('completed');
    expect(tasks.get(1)).toMatchObject({ state: 'failed', exitCode: 3 });
    expect(tasks.get(3)?.state).toBe('pending');
  });
});

describe('Slurm commands', () => {
  it('name the slurm executor and slurm-client when sbatch is not installed', async () => {
    const runner = createSlurmRunner({ PATH: '/nonexistent-npas-test' });
    const error = await runner('sbatch', ['--version']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExecutorError);
    expect((error as ExecutorError).executor).toBe('slurm');
    expect((error as Error).message).toMatch(
      /the slurm executor needs sbatch, which was not found: .*apt-get install slurm-client/,
    );
  });

  it("pass Slurm's own message on when it refuses", async () => {
    const refusing: SlurmRunner = async () => ({
      code: 1,
      stdout: '',
      stderr:
        'sbatch: error: invalid partition specified: nope\nsbatch: error: Batch job submission failed: Invalid partition name specified\n',
    });
    await expect(runSlurm(refusing, 'sbatch', ['x'], 'submitting sweep S1')).rejects.toThrow(
      'submitting sweep S1: sbatch failed: sbatch: error: invalid partition specified: nope; sbatch: error: Batch job submission failed: Invalid partition name specified',
    );
  });
});

describe('the Slurm executor', () => {
  let root: string;
  let dataDir: DataDir;
  let calls: string[][];
  let sacct: string;

  /** A cluster that accepts everything and reports `sacct` (no scontrol memory). */
  const runner: SlurmRunner = async (command, args) => {
    calls.push([command, ...args]);
    if (command === 'sbatch')
      return { code: 0, stdout: `${40 + calls.length};npasci\n`, stderr: '' };
    if (command === 'sacct') return { code: 0, stdout: sacct, stderr: '' };
    if (command === 'scontrol') return { code: 1, stdout: '', stderr: 'Invalid job id' };
    return { code: 0, stdout: '', stderr: '' };
  };

  const spec: SweepSpec = {
    base: { arch: 'mlp', method: 'ssn', budget: '10%' },
    grid: [{ key: 'seed', values: [0, 1, 2, 3] }],
    executor: 'slurm',
    slurm: { partition: 'gpu' },
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'npas-slurm-unit-'));
    dataDir = openDataDir(join(root, 'data'));
    calls = [];
    sacct = '';
  });
  afterEach(() => {
    dataDir.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('follows tasks through pending, running, failed and timeout, then cancels and resubmits', async () => {
    const service = createSweepService({ dataDir, slurm: runner, npas: 'npas' });
    const sweep = await service.submit({
      ...spec,
      slurm: { ...spec.slurm, sharedDir: join(root, 'shared') },
    });
    expect(calls[0]![0]).toBe('sbatch');
    expect(calls[0]![1]).toBe('--parsable');
    const jobId = sweep.slurmJobId!;
    expect(sweep.cells.map((cell) => [cell.state, cell.slurmJobId, cell.attempts])).toEqual([
      ['pending', `${jobId}_0`, 1],
      ['pending', `${jobId}_1`, 1],
      ['pending', `${jobId}_2`, 1],
      ['pending', `${jobId}_3`, 1],
    ]);
    mkdirSync(join(root, 'shared', sweep.id, 'logs'), { recursive: true });
    writeFileSync(
      join(root, 'shared', sweep.id, 'logs', 'cell-1.log'),
      'line 1\nnpas train: training diverged: the loss is NaN\n',
    );
    sacct = [
      `${jobId}_0|RUNNING|0:0`,
      `${jobId}_1|FAILED|1:0`,
      `${jobId}_2|TIMEOUT|0:15`,
      `${jobId}_3|PENDING|0:0`,
    ].join('\n');
    const followed = await service.get(sweep.id, { refresh: true });
    expect(followed.cells.map((cell) => cell.state)).toEqual([
      'running',
      'failed',
      'timeout',
      'pending',
    ]);
    expect(followed.cells[1]!.exitCode).toBe(1);
    expect(followed.cells[1]!.logTail).toMatch(/training diverged/);
    expect(followed.counts).toMatchObject({ running: 1, failed: 1, timeout: 1, pending: 1 });

    const cancelled = await service.cancel(sweep.id, [3]);
    expect(calls.find((call) => call[0] === 'scancel')).toEqual(['scancel', `${jobId}_3`]);
    expect(cancelled.cells[3]!.state).toBe('cancelled');

    const resubmitted = await service.resubmit(sweep.id);
    const second = calls.filter((call) => call[0] === 'sbatch')[1]!;
    expect(second[2]).toMatch(/resubmit-2\.sbatch$/);
    expect(resubmitted.script).toContain('#SBATCH --array=1-3');
    expect(resubmitted.cells.map((cell) => [cell.state, cell.attempts])).toEqual([
      ['running', 1],
      ['pending', 2],
      ['pending', 2],
      ['pending', 2],
    ]);
    expect(resubmitted.cells[1]!.slurmJobId).toBe(`${resubmitted.slurmJobId}_1`);
    expect(resubmitted.cells[1]!.exitCode).toBeNull();
  });

  it('refuses to resubmit a cell that is running, naming it', async () => {
    const service = createSweepService({ dataDir, slurm: runner, npas: 'npas' });
    const sweep = await service.submit({
      ...spec,
      slurm: { sharedDir: join(root, 'shared') },
    });
    sacct = `${sweep.slurmJobId}_0|RUNNING|0:0`;
    await expect(service.resubmit(sweep.id, [0])).rejects.toThrow(
      /cell 0 \(seed=0\) is running; only failed, cancelled, timeout cells can be resubmitted/,
    );
    await expect(service.cancel(sweep.id, [9])).rejects.toThrow(/has no cell 9/);
  });

  it('shows a sweep as last known, with the reason, where Slurm cannot be asked', async () => {
    const sharedDir = join(root, 'shared');
    const sweep = await createSweepService({ dataDir, slurm: runner, npas: 'npas' }).submit({
      ...spec,
      slurm: { sharedDir },
    });
    const elsewhere = createSweepService({
      dataDir,
      slurm: createSlurmRunner({ PATH: '/nonexistent-npas-test' }),
    });
    const shown = await elsewhere.get(sweep.id, { refresh: true });
    expect(shown.cells.map((cell) => cell.state)).toEqual(Array(4).fill('pending'));
    expect(shown.refreshError).toMatch(/the slurm executor needs scontrol, which was not found/);
    expect((await elsewhere.get(sweep.id)).refreshError).toBeUndefined();
  });
});
