// SweepsState: reads the list and the chosen sweep, refreshes it on the service's sweep.updated
// push and on its own runs' status pushes, re-reads an unfinished Slurm sweep on a timer (its
// states come from asking Slurm), and cancels or resubmits cells.
import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import type { SweepSummaryWire } from '../../src-main/contract/appApi';
import { SweepsState } from '../../src-renderer/features/sweeps/sweepsState.svelte';
import { createFakeApi, settle } from './fakes';
import { ssnFivePercentSeeds, summary } from './fakesSweeps';

function twoCells(state: 'running' | 'completed'): SweepSummaryWire {
  return summary('S1', ssnFivePercentSeeds(state));
}

describe('SweepsState', () => {
  it('follows sweep.updated and its runs finishing, not other sweeps or runs', async () => {
    let current = twoCells('running');
    const fake = createFakeApi({
      listSweeps: async () => [current],
      getSweep: async () => current,
    });
    const sweeps = new SweepsState(fake.api);
    const cleanup = $effect.root(() => sweeps.track());
    flushSync();
    await settle();
    expect(sweeps.list.map((s) => s.id)).toEqual(['S1']);
    await sweeps.select('S1');
    expect(sweeps.sweep?.cells[1].state).toBe('running');
    const reads = () => fake.calls.getSweep?.length ?? 0;
    const before = reads();

    fake.emit('sweep.updated', { sweepId: 'OTHER' });
    fake.emit('run.finished', {
      runId: 'RUN99',
      status: 'completed',
      error: null,
      best: null,
      imagesPerSecond: null,
    });
    await settle();
    expect(reads()).toBe(before);

    current = twoCells('completed');
    fake.emit('run.finished', {
      runId: 'RUN1',
      status: 'completed',
      error: null,
      best: null,
      imagesPerSecond: null,
    });
    await settle();
    expect(reads()).toBe(before + 1);
    expect(sweeps.sweep?.cells[1].state).toBe('completed');

    fake.emit('sweep.updated', { sweepId: 'S1' });
    await settle();
    expect(reads()).toBe(before + 2);
    cleanup();
    expect(fake.listeners('sweep.updated')).toBe(0);
    expect(fake.listeners('run.finished')).toBe(0);
  });

  it('re-reads an unfinished Slurm sweep on a timer and stops once every cell has ended', async () => {
    let current = { ...twoCells('running'), executor: 'slurm' as const };
    const fake = createFakeApi({ getSweep: async () => current });
    const sweeps = new SweepsState(fake.api, null, 20);
    const cleanup = $effect.root(() => sweeps.track());
    await sweeps.select('S1');
    flushSync();
    await settle(90);
    const polled = fake.calls.getSweep!.length;
    expect(polled).toBeGreaterThanOrEqual(3);
    current = { ...twoCells('completed'), executor: 'slurm' };
    await settle(50);
    flushSync();
    const settled = fake.calls.getSweep!.length;
    await settle(90);
    expect(fake.calls.getSweep!.length).toBe(settled);
    cleanup();
  });

  it('cancels and resubmits cells of the chosen sweep and shows a refusal in place', async () => {
    const fake = createFakeApi({
      getSweep: async () => twoCells('running'),
      cancelSweepCells: async () => twoCells('running'),
      resubmitSweepCells: async () => {
        throw Object.assign(
          new Error('resubmitSweepCells: cell 0 is completed; nothing to resubmit'),
          {
            method: 'resubmitSweepCells',
          },
        );
      },
    });
    const sweeps = new SweepsState(fake.api);
    await sweeps.select('S1');
    await sweeps.cancel();
    await sweeps.cancel([1]);
    expect(fake.calls.cancelSweepCells).toEqual([
      ['S1', undefined],
      ['S1', [1]],
    ]);
    expect(sweeps.error).toBeNull();
    await sweeps.resubmit([0]);
    expect(fake.calls.resubmitSweepCells).toEqual([['S1', [0]]]);
    expect(sweeps.error).toBe('cell 0 is completed; nothing to resubmit');
    expect(sweeps.acting).toBe(false);
  });

  it('never shows an older read over a newer sweep', async () => {
    let release: (s: SweepSummaryWire) => void = () => {};
    const fake = createFakeApi({
      getSweep: (id) =>
        id === 'SLOW'
          ? new Promise<SweepSummaryWire>((resolve) => (release = resolve))
          : Promise.resolve(summary(id, [])),
    });
    const sweeps = new SweepsState(fake.api);
    const slow = sweeps.select('SLOW');
    await sweeps.select('FAST');
    release(summary('SLOW', []));
    await slow;
    expect(sweeps.selectedId).toBe('FAST');
    expect(sweeps.sweep?.id).toBe('FAST');
  });

  it('re-reads the list when the chosen sweep is not in it (just started from the Run screen)', async () => {
    let list: SweepSummaryWire[] = [];
    const fake = createFakeApi({
      listSweeps: async () => list,
      getSweep: async (id) => summary(id, []),
    });
    const sweeps = new SweepsState(fake.api);
    await sweeps.refreshList();
    list = [summary('NEW', [])];
    await sweeps.select('NEW');
    await settle();
    expect(sweeps.list.map((s) => s.id)).toEqual(['NEW']);
    await sweeps.select('NEW');
    expect(fake.calls.listSweeps).toHaveLength(2);
  });
});
