// QueueState: reads the queue, refreshes on status pushes, patches the running job's progress,
// and cancels queued runs or stops running ones.
import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import type { QueueEntryWire } from '../../src-main/contract/appApi';
import { QueueState } from '../../src-renderer/features/run/queueState.svelte';
import { createFakeApi, settle } from './fakes';

const entry = (runId: string, status: 'queued' | 'running', position: number): QueueEntryWire => ({
  jobId: position,
  runId,
  kind: 'train',
  status,
  position,
  name: runId.toLowerCase(),
  method: 'ssn',
  arch: 'cnn',
  budgetRequested: '10%',
  runStatus: status,
  createdAt: 0,
  progress: null,
});

describe('QueueState', () => {
  it('follows pushes and cancels or stops entries', async () => {
    let entries = [entry('A', 'running', 0), entry('B', 'queued', 1)];
    const fake = createFakeApi({ listQueue: async () => entries });
    const queue = new QueueState(fake.api);
    const cleanup = $effect.root(() => queue.track());
    flushSync();
    await settle();
    expect(queue.running?.runId).toBe('A');
    expect(queue.queuedCount).toBe(1);

    fake.emit('run.progress', {
      runId: 'A',
      phase: 'main',
      epoch: 0,
      epochs: 2,
      step: 3,
      steps: 10,
      loss: 1,
      accuracy: 0.5,
      lr: 0.1,
      imagesPerSecond: 100,
      etaSeconds: 5,
    });
    expect(queue.entries[0].progress?.step).toBe(3);

    await queue.cancel(queue.entries[1]);
    await queue.cancel(queue.entries[0]);
    expect(fake.calls.cancelRun).toEqual([['B']]);
    expect(fake.calls.stopRun).toEqual([['A']]);

    entries = [];
    fake.emit('queue.idle', {});
    await settle();
    expect(queue.entries).toEqual([]);
    cleanup();
    expect(fake.listeners('run.status')).toBe(0);
  });
});
