// The job queue end to end with the real engine worker: a run is recorded as it trains (one
// transaction per tick), stop leaves a checkpoint that resumes to the uninterrupted numbers,
// queued jobs survive a restart, and every failure (bad config, engine exception, out of memory,
// a full disk while checkpointing, a missing or damaged checkpoint) fails only its own run with
// a clear error while the queue carries on.
import { existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CheckpointError, ConfigError } from '../../../src-main/contract/errors';
import { createEngineHost } from '../../../src-main/services/jobs/engineHost';
import type { JobEventMap } from '../../../src-main/services/jobs/events';
import { JobQueue } from '../../../src-main/services/jobs/jobQueue';
import {
  getGroups,
  getMetricHistory,
  listJobs,
  listRunFiles,
  listRuns,
  requireRun,
  type RunId,
} from '../../../src-main/store';
import { cleanup, lastEpoch, startQueue, statusOf, tempDataDir, tinyConfig } from './helpers';

afterEach(cleanup);

/** Stops `runId` once it reports step `step` of epoch `epoch`. */
function stopAt(queue: JobQueue, runId: RunId, epoch: number, step: number) {
  const off = queue.on('run.event', ({ runId: id, event }) => {
    if (id === runId && event.type === 'step' && event.epoch === epoch && event.step === step) {
      off();
      queue.stop(runId);
    }
  });
}

describe('JobQueue', () => {
  it('trains a queued run in the worker and records environment, groups, metrics, files and summary', async () => {
    const dataDir = tempDataDir();
    const queue = startQueue(dataDir);
    const statuses: string[] = [];
    const progress: JobEventMap['run.progress'][] = [];
    let steps = 0;
    queue.on('run.status', (e) => statuses.push(e.status));
    queue.on('run.progress', (e) => progress.push(e));
    queue.on('run.event', (e) => (steps += e.event.type === 'step' ? 1 : 0));

    const runId = queue.enqueueTraining(tinyConfig(), { name: 'tiny' });
    const finished = await queue.waitForRun(runId);
    await queue.close();

    expect(finished.status).toBe('completed');
    expect(statuses).toEqual(['queued', 'running', 'completed']);
    expect(steps).toBe(12);
    // Progress is pushed per tick, not per step.
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.length).toBeLessThanOrEqual(steps);
    const run = requireRun(dataDir.db, runId);
    expect(run).toMatchObject({
      name: 'tiny',
      status: 'completed',
      method: 'unshared',
      epochsDone: 2,
      error: null,
    });
    expect(run.trainableParams).toBe(29_178);
    expect(JSON.parse(run.environment)).toMatchObject({ backend: 'wasm', seed: 5 });
    const history = getMetricHistory(dataDir.db, runId);
    expect(history.epochs).toHaveLength(2);
    expect(history.steps).toHaveLength(12);
    const last = history.epochs[1];
    expect(run.lastTestTop1).toBe(last.testTop1);
    expect(run.lastValTop1).toBe(last.valTop1);
    expect(run.bestValTop1).toBe(Math.max(history.epochs[0].valTop1!, last.valTop1!));
    expect(finished.result!.last.test!.top1).toBe(last.testTop1);
    expect(getGroups(dataDir.db, runId, 'main').map((g) => g.layerId)).toEqual([0, 1, 2, 3]);
    const files = listRunFiles(dataDir.db, runId).map((f) => f.path);
    // Relative to the data folder, so a copied or moved folder keeps working (issue #9 item 2).
    expect(files).toEqual([`runs/${runId}/best.ckpt`, `runs/${runId}/last.ckpt`]);
    expect(listJobs(dataDir.db).map((j) => j.status)).toEqual(['done']);
    dataDir.close();
  });

  it('stops a running job within a step, leaving a checkpoint; resume ends with the uninterrupted numbers', async () => {
    const dataDir = tempDataDir();
    const queue = startQueue(dataDir);
    const config = tinyConfig({}, 10);
    const straight = queue.enqueueTraining(config);
    await queue.waitForRun(straight);

    const runId = queue.enqueueTraining(config);
    stopAt(queue, runId, 0, 2);
    const stopped = await queue.waitForRun(runId);
    expect(stopped.status).toBe('stopped');
    expect(statusOf(dataDir, runId)).toBe('stopped');
    expect(existsSync(join(dataDir.runDir(runId), 'last.ckpt'))).toBe(true);
    expect(requireRun(dataDir.db, runId).epochsDone).toBe(0);

    queue.resume(runId);
    const resumed = await queue.waitForRun(runId);
    await queue.close();
    expect(resumed.status).toBe('completed');
    const a = lastEpoch(dataDir, straight);
    const b = lastEpoch(dataDir, runId);
    expect(b.epoch).toBe(1);
    expect(b.testLoss!).toBeCloseTo(a.testLoss!, 5);
    expect(b.valLoss!).toBeCloseTo(a.valLoss!, 5);
    expect(b.testTop1).toBe(a.testTop1);
    expect(getMetricHistory(dataDir.db, runId).steps).toHaveLength(20);
    expect(requireRun(dataDir.db, runId)).toMatchObject({ status: 'completed', epochsDone: 2 });
    dataDir.close();
  });

  it('keeps queued jobs across a restart, cancels a queued run, and marks runs a crash left running as interrupted', async () => {
    const dataDir = tempDataDir();
    const first = new JobQueue({ dataDir });
    // Not started: jobs only queue.
    const kept = first.enqueueTraining(tinyConfig({ name: 'kept' }, 2));
    const cancelled = first.enqueueTraining(tinyConfig({ name: 'cancelled' }, 2));
    first.cancel(cancelled);
    await first.close();
    expect(statusOf(dataDir, cancelled)).toBe('stopped');
    // A run some dead process left running.
    const orphan = new JobQueue({ dataDir }).enqueueTraining(tinyConfig({ name: 'orphan' }));
    dataDir.db.prepare("UPDATE runs SET status = 'running' WHERE id = ?").run(orphan);
    dataDir.db.prepare("UPDATE jobs SET status = 'running' WHERE runId = ?").run(orphan);

    const second = new JobQueue({ dataDir, tickMs: 50 });
    expect(second.start()).toEqual([orphan]);
    await second.whenIdle();
    await second.close();
    expect(statusOf(dataDir, kept)).toBe('completed');
    expect(statusOf(dataDir, orphan)).toBe('interrupted');
    expect(listJobs(dataDir.db).map((j) => [j.runId, j.status])).toEqual([
      [kept, 'done'],
      [cancelled, 'cancelled'],
      [orphan, 'failed'],
    ]);
    dataDir.close();
  });

  it('refuses a config that fails validation, creating nothing', async () => {
    const dataDir = tempDataDir();
    const queue = startQueue(dataDir);
    expect(() => queue.enqueueTraining({ training: { epochs: 0 } })).toThrow(ConfigError);
    expect(() => queue.enqueueTraining({ training: { epochs: 0 } })).toThrow(/training\.epochs/);
    expect(() => queue.enqueueTraining({ arch: 'cnn', colour: 'red' })).toThrow(ConfigError);
    await queue.close();
    expect(listRuns(dataDir.db).total).toBe(0);
    expect(listJobs(dataDir.db)).toEqual([]);
    dataDir.close();
  });

  it('fails a run whose engine job throws, with the error text, and runs the next job', async () => {
    const dataDir = tempDataDir();
    const queue = startQueue(dataDir);
    const bad = queue.enqueueTraining(tinyConfig({ dataset: { path: '/no/such/dataset' } }));
    const good = queue.enqueueTraining(tinyConfig({}, 2));
    const failed = await queue.waitForRun(bad);
    await queue.waitForRun(good);
    await queue.close();
    expect(failed).toMatchObject({ status: 'failed', error: { kind: 'dataset' } });
    expect(requireRun(dataDir.db, bad).error).toMatch(/\/no\/such\/dataset/);
    expect(statusOf(dataDir, good)).toBe('completed');
    expect(listJobs(dataDir.db).map((j) => j.status)).toEqual(['failed', 'done']);
    dataDir.close();
  });

  it('survives a worker that runs out of memory or crashes: the run fails and a fresh worker takes the next job', async () => {
    const dataDir = tempDataDir();
    const faulty = new URL('./fixtures/faultyWorker.ts', import.meta.url);
    let hosts = 0;
    const queue = startQueue(dataDir, {
      createHost: () =>
        ++hosts <= 2
          ? createEngineHost({ entry: faulty, resourceLimits: { maxOldGenerationSizeMb: 64 } })
          : createEngineHost(),
    });
    const oom = queue.enqueueTraining(tinyConfig({ name: 'oom' }));
    const crash = queue.enqueueTraining(tinyConfig({ name: 'throw' }));
    const good = queue.enqueueTraining(tinyConfig({}, 2));
    await queue.whenIdle();
    await queue.close();
    expect(requireRun(dataDir.db, oom)).toMatchObject({ status: 'failed' });
    expect(requireRun(dataDir.db, oom).error).toMatch(/ran out of memory/);
    expect(requireRun(dataDir.db, crash).error).toMatch(/crashed: faulty worker: job \d+ exploded/);
    expect(statusOf(dataDir, good)).toBe('completed');
    expect(hosts).toBe(3);
    dataDir.close();
  });

  it('fails a run whose checkpoint write hits a full disk, keeping what was stored; resume then completes it', async () => {
    const dataDir = tempDataDir();
    const queue = new JobQueue({ dataDir, tickMs: 50 });
    const runId = queue.enqueueTraining(tinyConfig({}, 3));
    // The trainer writes best.ckpt through a temporary file named after the process; pointing
    // that name at /dev/full makes the write fail with ENOSPC, as on a full disk.
    const folder = dataDir.runDir(runId);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(folder, { recursive: true });
    symlinkSync('/dev/full', join(folder, `best.ckpt.tmp-${process.pid}`));
    queue.start();
    const failed = await queue.waitForRun(runId);
    expect(failed).toMatchObject({ status: 'failed', error: { kind: 'checkpoint' } });
    const run = requireRun(dataDir.db, runId);
    expect(run.error).toMatch(/best\.ckpt: could not write checkpoint: ENOSPC/);
    // The epoch that finished before the failed write is stored, and no checkpoint is claimed.
    expect(getMetricHistory(dataDir.db, runId).epochs).toHaveLength(1);
    expect(listRunFiles(dataDir.db, runId)).toEqual([]);
    expect(existsSync(join(folder, `best.ckpt.tmp-${process.pid}`))).toBe(false);

    // Space freed: resume starts over (no checkpoint was ever written) and completes.
    queue.resume(runId);
    expect((await queue.waitForRun(runId)).status).toBe('completed');
    await queue.close();
    expect(getMetricHistory(dataDir.db, runId).epochs).toHaveLength(2);
    dataDir.close();
  });

  it('refuses to resume a run whose checkpoint is missing or damaged, leaving the run as it was', async () => {
    const dataDir = tempDataDir();
    const queue = startQueue(dataDir);
    const runId = queue.enqueueTraining(tinyConfig({}, 10));
    stopAt(queue, runId, 0, 1);
    expect((await queue.waitForRun(runId)).status).toBe('stopped');
    const checkpoint = join(dataDir.runDir(runId), 'last.ckpt');
    const bytes = readFileSync(checkpoint);

    const damaged = Buffer.from(bytes);
    damaged[damaged.length - 5] ^= 0xff;
    writeFileSync(checkpoint, damaged);
    expect(() => queue.resume(runId)).toThrow(CheckpointError);
    expect(() => queue.resume(runId)).toThrow(/last\.ckpt: checksum mismatch/);

    rmSync(checkpoint);
    expect(() => queue.resume(runId)).toThrow(/last\.ckpt is missing/);
    expect(statusOf(dataDir, runId)).toBe('stopped');
    expect(listJobs(dataDir.db).map((j) => j.status)).toEqual(['done']);

    writeFileSync(checkpoint, bytes);
    queue.resume(runId);
    expect((await queue.waitForRun(runId)).status).toBe('completed');
    await queue.close();
    dataDir.close();
  });
});
