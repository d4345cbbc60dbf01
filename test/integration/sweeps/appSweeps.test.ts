// Sweeps through the AppApi (issue #14, item 6: the app starts sweeps with either executor):
// a local grid runs on the app's own queue and its cells follow their runs, with
// 'sweep.updated' pushed as they move; a Slurm sweep previews its batch script, and without
// sbatch fails naming the executor and what to install, recording nothing. Bad grids are
// refused before anything is queued.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EmptyGridAxisError,
  SweepCellError,
  UnknownGridKeyError,
  type SweepSpec,
} from '../../../src-main/contract/sweep';
import { ExecutorError } from '../../../src-main/contract/errors';
import { createAppService, type AppService } from '../../../src-main/services/appService';

const base = {
  arch: 'cnn',
  method: 'ssn' as const,
  budget: '25%',
  backend: 'wasm' as const,
  training: { epochs: 1, batchSize: 32, lr: 0.05, maxStepsPerEpoch: 4, validationFraction: 0.05 },
};

let root = '';
let app: AppService;
const updates: string[] = [];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'npas-app-sweeps-'));
  app = createAppService({
    appVersion: 'test',
    settingsFile: join(root, 'settings.json'),
    defaultDataDir: join(root, 'data'),
  });
  app.subscribe((envelope) => {
    if (envelope.name === 'sweep.updated') updates.push(envelope.payload.sweepId);
  });
});

afterAll(async () => {
  await app?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('sweeps through the app', () => {
  it('runs a local grid on the app queue; each cell follows its run to completed', async () => {
    const spec: SweepSpec = { name: 'app grid', base, grid: [{ key: 'seed', values: [0, 1] }] };
    const started = await app.submitSweep(spec);
    expect(started.executor).toBe('local');
    expect(started.cells.map((cell) => cell.label)).toEqual(['seed=0', 'seed=1']);
    expect(started.cells.every((cell) => cell.runId && cell.state === 'queued')).toBe(true);
    const deadline = Date.now() + 120_000;
    let sweep = await app.getSweep(started.id);
    while (!sweep.cells.every((cell) => cell.state === 'completed')) {
      if (Date.now() > deadline) throw new Error(`cells still ${JSON.stringify(sweep.counts)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
      sweep = await app.getSweep(started.id);
    }
    expect(sweep.counts.completed).toBe(2);
    expect(sweep.cells[0]!.metrics?.testTop1).toBeGreaterThan(0);
    expect(sweep.cells[0]!.metrics?.budgetRequested).toBe('25%');
    expect(updates).toContain(started.id);
    expect((await app.listSweeps()).map((entry) => entry.id)).toEqual([started.id]);
  }, 150_000);

  it('previews a Slurm sweep as one job array with every #SBATCH option', async () => {
    const preview = await app.previewSweep({
      base,
      grid: [{ key: 'budget', values: ['10%', '25%'] }],
      executor: 'slurm',
      slurm: {
        partition: 'gpu',
        time: '01:00:00',
        gres: 'gpu:1',
        cpus: 4,
        mem: '8G',
        extra: ['--account=lab'],
        sharedDir: join(root, 'shared'),
      },
    });
    expect(preview.cells.map((cell) => cell.label)).toEqual(['budget=10%', 'budget=25%']);
    for (const line of [
      '#SBATCH --array=0-1',
      '#SBATCH --partition=gpu',
      '#SBATCH --time=01:00:00',
      '#SBATCH --gres=gpu:1',
      '#SBATCH --cpus-per-task=4',
      '#SBATCH --mem=8G',
      '#SBATCH --account=lab',
    ]) {
      expect(preview.script).toContain(line);
    }
    expect(preview.script).toContain(`--bundle ${join(root, 'shared')}/DRY-RUN/cell-"$cell"`);
  });

  it('names the slurm executor and slurm-client when sbatch is not installed, recording nothing', async () => {
    const before = (await app.listSweeps()).length;
    const path = process.env.PATH;
    process.env.PATH = join(root, 'no-slurm-here');
    let error: unknown;
    try {
      error = await app
        .submitSweep({ base, grid: [{ key: 'seed', values: [0] }], executor: 'slurm' })
        .catch((e: unknown) => e);
    } finally {
      process.env.PATH = path;
    }
    expect(error).toBeInstanceOf(ExecutorError);
    expect((error as ExecutorError).kind).toBe('executor');
    expect((error as Error).message).toMatch(/slurm executor needs sbatch/);
    expect((error as Error).message).toMatch(/apt-get install slurm-client/);
    expect(await app.listSweeps()).toHaveLength(before);
  });

  it('refuses an unknown grid key, an empty value list and a bad cell before queueing anything', async () => {
    const before = (await app.listSweeps()).length;
    await expect(app.submitSweep({ base, grid: [{ key: 'lr', values: [0.1] }] })).rejects.toThrow(
      UnknownGridKeyError,
    );
    await expect(app.submitSweep({ base, grid: [{ key: 'seed', values: [] }] })).rejects.toThrow(
      EmptyGridAxisError,
    );
    const bad = app.submitSweep({
      base,
      grid: [
        { key: 'method', values: ['ssn', 'superweights'] },
        { key: 'seed', values: [0, 1] },
      ],
    });
    await expect(bad).rejects.toThrow(SweepCellError);
    await expect(bad).rejects.toThrow(
      /sweep cell 2 \(method=superweights seed=0\) is invalid.*below the minimum/,
    );
    expect(await app.listSweeps()).toHaveLength(before);
    expect((await app.listQueue()).length).toBe(0);
  });
});
