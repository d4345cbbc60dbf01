// A real Slurm sweep end to end (issue #14, item 6): a single-node cluster from Debian's packages
// runs a 4-cell sweep of a tiny network as one job array through sbatch; one task is cancelled
// mid-run (scancel) and resubmitted, resuming from its bundle's checkpoint; the data folder
// imports every bundle, and the store then holds 4 completed runs whose metrics equal the same
// cells trained on the local queue. Skipped, saying why, only where Slurm is not installed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecutorError } from '../../../src-main/contract/errors';
import type { SweepSpec, SweepSummaryWire } from '../../../src-main/contract/sweep';
import { openDataDir, type DataDir } from '../../../src-main/services/dataDir';
import { JobQueue } from '../../../src-main/services/jobs/jobQueue';
import { createSweepService, type SweepService } from '../../../src-main/services/sweeps';
import { all, getMetricHistory, listSweepRows, sql, type RunId } from '../../../src-main/store';
import { slurmMissing, startSlurmCluster, type SlurmCluster } from '../../helpers/slurmCluster';

const missing = slurmMissing();
if (missing) console.warn(`slurm sweep test skipped: ${missing}`);

let root = '';

function spec(executor: 'local' | 'slurm'): SweepSpec {
  return {
    name: 'ci sweep',
    base: {
      arch: 'cnn',
      method: 'ssn',
      backend: 'wasm',
      training: {
        epochs: 1,
        batchSize: 32,
        lr: 0.05,
        maxStepsPerEpoch: 60,
        validationFraction: 0.05,
      },
    },
    grid: [
      { key: 'budget', values: ['10%', '25%'] },
      { key: 'seed', values: [0, 1] },
    ],
    executor,
    slurm: { partition: 'debug', time: '00:15:00', cpus: 1, sharedDir: join(root, 'shared') },
  };
}

async function until<T>(
  what: string,
  ms: number,
  probe: () => Promise<T | null | undefined | false>,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A run's epoch rows without wall-clock figures. */
function epochNumbers(dataDir: DataDir, runId: string) {
  return getMetricHistory(dataDir.db, runId as RunId).epochs.map(
    ({ seconds: _s, imagesPerSecond: _i, runId: _r, ...rest }) => rest,
  );
}

describe.skipIf(Boolean(missing))(
  `a Slurm sweep on a single-node cluster${missing ? ` (skipped: ${missing})` : ''}`,
  () => {
    let cluster: SlurmCluster;
    let dataDir: DataDir;
    let service: SweepService;
    const savedConf = process.env.SLURM_CONF;

    beforeAll(async () => {
      root = mkdtempSync(join(tmpdir(), 'npas-slurm-sweep-'));
      cluster = await startSlurmCluster();
      process.env.SLURM_CONF = cluster.conf;
      dataDir = openDataDir(join(root, 'data'));
      service = createSweepService({ dataDir });
    }, 60_000);

    afterAll(async () => {
      dataDir?.close();
      await cluster?.stop();
      if (savedConf === undefined) delete process.env.SLURM_CONF;
      else process.env.SLURM_CONF = savedConf;
      if (root) rmSync(root, { recursive: true, force: true });
    }, 60_000);

    it("passes on Slurm's own message for a partition that does not exist, recording nothing", async () => {
      const bad = spec('slurm');
      bad.slurm = { ...bad.slurm, partition: 'no-such-partition' };
      const error = await service.submit(bad).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ExecutorError);
      expect((error as Error).message).toMatch(/invalid partition/i);
      expect(listSweepRows(dataDir.db)).toHaveLength(0);
    });

    it(
      'runs 4 cells as a job array, survives a cancelled and resubmitted task, and imports 4 ' +
        'completed runs equal to the same cells trained locally',
      async () => {
        const submitted = await service.submit(spec('slurm'));
        expect(submitted.cells.map((cell) => cell.label)).toEqual([
          'budget=10% seed=0',
          'budget=10% seed=1',
          'budget=25% seed=0',
          'budget=25% seed=1',
        ]);
        expect(submitted.script).toContain('#SBATCH --array=0-3');
        expect(submitted.script).toContain('#SBATCH --partition=debug');
        const id = submitted.id;
        const victim = submitted.cells[3]!;

        // Cancel cell 3 once it is training (its bundle has step lines).
        await until('cell 3 to train', 240_000, async () => {
          const file = join(victim.bundleDir!, 'metrics.jsonl');
          return existsSync(file) && readFileSync(file, 'utf8').includes('"type":"step"');
        });
        const cancelled = await service.cancel(id, [3]);
        expect(cancelled.cells[3]!.state).toBe('cancelled');
        // Slurm itself reports the task cancelled once it has ended.
        await until('Slurm to report cell 3 cancelled', 90_000, async () => {
          const out = spawnSync(
            'scontrol',
            ['show', 'job', '-o', victim.slurmJobId!.split('_')[0]!],
            {
              encoding: 'utf8',
            },
          ).stdout;
          return out
            .split('\n')
            .some((line) => /ArrayTaskId=3 /.test(line) && /JobState=CANCELLED/.test(line));
        });
        const manifest = JSON.parse(readFileSync(join(victim.bundleDir!, 'manifest.json'), 'utf8'));
        expect(
          manifest.status,
          `${manifest.error}\n${readFileSync(join(root, 'shared', id, 'logs', 'cell-3.log'), 'utf8')}`,
        ).toBe('stopped');

        const resubmitted = await service.resubmit(id, [3]);
        expect(resubmitted.cells[3]!.state).toBe('pending');
        expect(resubmitted.cells[3]!.attempts).toBe(2);

        const done = await until('every cell to complete', 300_000, async () => {
          const sweep = await service.get(id, { refresh: true });
          const bad = sweep.cells.find(
            (cell) => cell.state === 'failed' || cell.state === 'timeout',
          );
          if (bad) throw new Error(`cell ${bad.index} ${bad.state}: ${bad.logTail}`);
          return sweep.cells.every((cell) => cell.state === 'completed') ? sweep : null;
        });
        // The resubmitted task continued from its bundle's checkpoint.
        const metrics = readFileSync(join(victim.bundleDir!, 'metrics.jsonl'), 'utf8');
        expect(metrics).toContain('"type":"resume"');

        const runs = all<{ id: string; status: string }>(
          dataDir.db,
          sql`SELECT id, status FROM runs ORDER BY createdAt`,
        );
        expect(runs).toHaveLength(4);
        expect(runs.every((run) => run.status === 'completed')).toBe(true);
        // Refreshing again imports nothing twice.
        await service.get(id, { refresh: true });
        expect(all(dataDir.db, sql`SELECT id FROM runs`)).toHaveLength(4);

        // The same cells on the local queue give the same numbers.
        const localDir = openDataDir(join(root, 'local'));
        const queue = new JobQueue({ dataDir: localDir });
        try {
          queue.start();
          const local = createSweepService({ dataDir: localDir, queue: () => queue });
          const localSweep: SweepSummaryWire = await local.submit(spec('local'));
          for (const cell of localSweep.cells) await queue.waitForRun(cell.runId as RunId);
          const localDone = await local.get(localSweep.id, { refresh: true });
          expect(localDone.cells.map((cell) => cell.state)).toEqual(Array(4).fill('completed'));
          for (const [index, cell] of done.cells.entries()) {
            const twin = localDone.cells[index]!;
            expect(cell.label).toBe(twin.label);
            expect(cell.metrics?.trainableParams).toBe(twin.metrics?.trainableParams);
            expect(cell.metrics?.budgetParams).toBe(twin.metrics?.budgetParams);
            expect(cell.metrics?.bestValTop1).toBe(twin.metrics?.bestValTop1);
            expect(cell.metrics?.testTop1).toBe(twin.metrics?.testTop1);
            expect(epochNumbers(dataDir, cell.runId!)).toEqual(epochNumbers(localDir, twin.runId!));
          }
        } finally {
          await queue.close();
          localDir.close();
        }

        // What `npas sweep status` prints for this sweep (the issue's note quotes it).
        const status = spawnSync(
          process.execPath,
          ['bin/npas.js', 'sweep', 'status', id, '--data-dir', join(root, 'data')],
          { encoding: 'utf8', env: { ...process.env, SLURM_CONF: cluster.conf } },
        );
        console.log(`npas sweep status ${id}:\n${status.stdout}${status.stderr}`);
        expect(status.status).toBe(0);
        expect(status.stdout).toMatch(/4 cells, 4 completed/);
      },
      900_000,
    );
  },
);
