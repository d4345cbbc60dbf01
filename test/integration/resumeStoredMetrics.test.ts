// A run stopped mid-epoch through the job queue and resumed stores the same epoch rows and step
// rows as an uninterrupted run with the same seed: every row, every measured column (issue #9,
// item 6). Only wall-clock columns (seconds, images per second) may differ.
import { afterEach, describe, expect, it } from 'vitest';
import type { JobQueue } from '../../src-main/services/jobs/jobQueue';
import {
  getMetricHistory,
  type EpochMetricsRow,
  type RunId,
  type StepMetricsRow,
} from '../../src-main/store';
import { cleanup, startQueue, tempDataDir, tinyConfig } from './jobs/helpers';

afterEach(cleanup);

function stopAt(queue: JobQueue, runId: RunId, epoch: number, step: number) {
  const off = queue.on('run.event', ({ runId: id, event }) => {
    if (id === runId && event.type === 'step' && event.epoch === epoch && event.step === step) {
      off();
      queue.stop(runId);
    }
  });
}

function epochNumbers({ runId: _r, seconds: _s, imagesPerSecond: _i, ...rest }: EpochMetricsRow) {
  return rest;
}

function stepNumbers({ runId: _r, imagesPerSecond: _i, ...rest }: StepMetricsRow) {
  return rest;
}

describe('a run stopped mid-epoch and resumed', () => {
  it('stores every epoch row and step row of the uninterrupted run', async () => {
    const dataDir = tempDataDir();
    const queue = startQueue(dataDir);
    const config = tinyConfig({}, 5);
    const straight = queue.enqueueTraining(config);
    await queue.waitForRun(straight);

    const runId = queue.enqueueTraining(config);
    stopAt(queue, runId, 1, 2);
    expect((await queue.waitForRun(runId)).status).toBe('stopped');
    queue.resume(runId);
    expect((await queue.waitForRun(runId)).status).toBe('completed');
    await queue.close();

    const a = getMetricHistory(dataDir.db, straight);
    const b = getMetricHistory(dataDir.db, runId);
    expect(b.epochs).toHaveLength(2);
    expect(b.steps).toHaveLength(10);
    expect(b.epochs.map(epochNumbers)).toEqual(a.epochs.map(epochNumbers));
    expect(b.steps.map(stepNumbers)).toEqual(a.steps.map(stepNumbers));
    dataDir.close();
  });
});
