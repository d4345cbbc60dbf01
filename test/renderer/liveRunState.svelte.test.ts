// LiveRunState: pushed progress and epochs append points for the open run only, a resumed run
// continues from its checkpoint without a fold, and Stop/Resume follow the status.
import { describe, expect, it } from 'vitest';
import type { RunDetailsWire, RunProgressWire } from '../../src-main/contract/appApi';
import { appendPoint, LiveRunState } from '../../src-renderer/features/live/liveRunState.svelte';
import { createFakeApi, settle } from './fakes';
import { liveProgress, liveRunDetails } from './fakeLiveRun';

function details(status: RunDetailsWire['run']['status']): RunDetailsWire {
  return liveRunDetails(status, {
    run: {
      epochsDone: 1,
      environment: { backend: 'cpu', device: 'cpu', backendWhy: 'no GPU found', versions: {} },
    },
    metrics: {
      epochs: [
        {
          runId: 'RUN1',
          phase: 'main',
          epoch: 0,
          lr: 0.1,
          seconds: 1,
          imagesPerSecond: 100,
          trainLoss: 2,
          trainAccuracy: 0.3,
          valLoss: 1.9,
          valTop1: 0.35,
          valTop5: 0.8,
          testLoss: null,
          testTop1: null,
          testTop5: null,
        },
      ],
      steps: [0, 1, 2, 3].map((step) => ({
        runId: 'RUN1',
        phase: 'main',
        epoch: 0,
        step,
        loss: 2.3 - step * 0.1,
        accuracy: 0.1 * step,
        lr: 0.1,
        imagesPerSecond: 100,
      })),
    },
  });
}

function progress(epoch: number, step: number, runId = 'RUN1'): RunProgressWire {
  return liveProgress({ runId, epoch, epochs: 3, step });
}

describe('LiveRunState', () => {
  it('loads the history, then appends pushed points of its own run only', async () => {
    const fake = createFakeApi({ getRun: async () => details('running') });
    const live = new LiveRunState(fake.api);
    const cleanup = $effect.root(() => live.track());
    await live.open('RUN1');
    expect(live.steps.x).toEqual([0.25, 0.5, 0.75, 1]);
    expect(live.epochs.valAccuracy).toEqual([0.35]);
    expect(live.environment?.backendWhy).toBe('no GPU found');
    expect(live.epochLabel).toBe('1'); // the stored run says 1 epoch done, its config no total

    const before = live.steps;
    fake.emit('run.progress', progress(1, 1));
    fake.emit('run.progress', progress(1, 1, 'OTHER'));
    expect(live.steps.x).toEqual([0.25, 0.5, 0.75, 1, 1.5]);
    expect(live.steps).not.toBe(before); // a new wrapper, so charts redraw
    expect(live.progress?.imagesPerSecond).toBe(250);
    expect(live.epochLabel).toBe('2 / 3');
    expect(live.phase).toBe('main');

    fake.emit('run.epoch', {
      runId: 'RUN1',
      record: {
        phase: 'main',
        epoch: 1,
        lr: 0.1,
        seconds: 1,
        imagesPerSecond: 200,
        train: { loss: 1.2, accuracy: 0.6 },
        validation: { loss: 1.1, top1: 0.62, top5: 0.9, count: 100 },
        test: null,
      },
    });
    expect(live.epochs.x).toEqual([1, 2]);
    expect(live.epochs.valAccuracy).toEqual([0.35, 0.62]);
    cleanup();
    expect(fake.listeners('run.progress')).toBe(0);
  });

  it('carries the learning rate of every step and the best validation epoch with its test top-1', async () => {
    const fake = createFakeApi({ getRun: async () => details('running') });
    const live = new LiveRunState(fake.api);
    const cleanup = $effect.root(() => live.track());
    await live.open('RUN1');
    expect(live.steps.lr).toEqual([0.1, 0.1, 0.1, 0.1]);
    expect(live.best).toEqual({ validation: 0.35, test: null });

    fake.emit('run.progress', { ...progress(1, 0), lr: 0.05 });
    expect(live.steps.lr.at(-1)).toBe(0.05);
    const epoch = (epoch: number, val: number, test: number) =>
      fake.emit('run.epoch', {
        runId: 'RUN1',
        record: {
          phase: 'main',
          epoch,
          lr: 0.05,
          seconds: 1,
          imagesPerSecond: 200,
          train: { loss: 1, accuracy: 0.6 },
          validation: { loss: 1, top1: val, top5: 0.9, count: 100 },
          test: { loss: 1, top1: test, top5: 0.9, count: 100 },
        },
      });
    epoch(1, 0.6, 0.58);
    epoch(2, 0.5, 0.7);
    expect(live.epochs.testAccuracy).toEqual([null, 0.58, 0.7]);
    expect(live.best).toEqual({ validation: 0.6, test: 0.58 });
    cleanup();
  });

  it('continues a resumed run from its checkpoint without folding the curve', () => {
    const series = { x: [0.5, 1, 1.5, 2], loss: [4, 3, 2, 1] };
    appendPoint(series, 1.25, { loss: 9 });
    expect(series.x).toEqual([0.5, 1, 1.25]);
    expect(series.loss).toEqual([4, 3, 9]);
  });

  it('offers Stop while running and Resume once stopped', async () => {
    const fake = createFakeApi({
      getRun: async () => details('running'),
      stopRun: async () => 'stopping',
    });
    const live = new LiveRunState(fake.api);
    const cleanup = $effect.root(() => live.track());
    await live.open('RUN1');
    expect(live.canStop).toBe(true);
    expect(live.canResume).toBe(false);
    await live.stop();
    expect(fake.calls.stopRun).toEqual([['RUN1']]);
    fake.emit('run.status', { runId: 'RUN1', status: 'stopped', error: null });
    expect(live.canResume).toBe(true);
    await live.resume();
    expect(fake.calls.resumeRun).toEqual([['RUN1']]);
    expect(live.status).toBe('queued');
    cleanup();
  });

  it('keeps a pushed status that arrives before the stop and resume replies', async () => {
    let emit: (status: 'stopped' | 'running') => void = () => {};
    const fake = createFakeApi({
      getRun: async () => details('running'),
      stopRun: async () => {
        emit('stopped');
        return 'stopping';
      },
      resumeRun: async () => {
        emit('running');
      },
    });
    emit = (status) => fake.emit('run.status', { runId: 'RUN1', status, error: null });
    const live = new LiveRunState(fake.api);
    const cleanup = $effect.root(() => live.track());
    await live.open('RUN1');
    await live.stop();
    expect(live.status).toBe('stopped');
    await live.resume();
    expect(live.status).toBe('running');
    cleanup();
  });

  it('keeps 50,000 points cheap to append', async () => {
    const fake = createFakeApi({
      getRun: async () => ({ ...details('running'), metrics: { epochs: [], steps: [] } }),
    });
    const live = new LiveRunState(fake.api);
    await live.open('RUN1');
    const started = performance.now();
    for (let i = 0; i < 50_000; i++) {
      live.addProgress({ ...progress(Math.floor(i / 4), i % 4) });
    }
    expect(live.steps.x.length).toBe(50_000);
    expect(performance.now() - started).toBeLessThan(2000);
    await settle();
  });
});
