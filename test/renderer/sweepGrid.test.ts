// The Sweeps view's derivations: the grid as setup rows × budget columns with one cell per seed,
// mean ± std of test top-1 over the seeds that completed, and the accuracy-vs-budget frontier
// through the per-budget means, filling in as cells complete.
import { describe, expect, it } from 'vitest';
import {
  countStates,
  gridLayout,
  isUnfinished,
  meanStd,
} from '../../src-renderer/features/sweeps/sweepGrid';
import { sweepFrontier } from '../../src-renderer/features/sweeps/sweepFrontier';
import { axesOf, cell, ssnFivePercentSeeds } from './fakesSweeps';

// method × budget × seed, the first axis varying slowest (the service's order).
const cells = [
  ...ssnFivePercentSeeds(),
  cell({ index: 2, method: 'ssn', budget: '10%', seed: 0, state: 'running' }),
  cell({ index: 3, method: 'ssn', budget: '10%', seed: 1, state: 'failed', exitCode: 137 }),
  cell({
    index: 4,
    method: 'superweights',
    budget: '5%',
    seed: 0,
    state: 'completed',
    top1: 0.65,
    params: 480,
  }),
  cell({ index: 5, method: 'superweights', budget: '5%', seed: 1, state: 'queued' }),
  cell({
    index: 6,
    method: 'superweights',
    budget: '10%',
    seed: 0,
    state: 'completed',
    top1: 0.8,
    params: 990,
  }),
  cell({
    index: 7,
    method: 'superweights',
    budget: '10%',
    seed: 1,
    state: 'completed',
    top1: 0.7,
    params: 990,
  }),
];

describe('the sweep grid', () => {
  it('lays cells out as one row per method and one column per budget, seeds in order', () => {
    // Cells arrive in any order; the layout follows the axes, not the arrival.
    const layout = gridLayout(axesOf(cells), [...cells].reverse());
    expect(layout.columns).toEqual(['5%', '10%']);
    expect(layout.rows.map((r) => r.label)).toEqual(['ssn', 'superweights']);
    const ssn = layout.rows[0];
    expect(ssn.slots.map((s) => s.budget)).toEqual(['5%', '10%']);
    expect(ssn.slots[0].cells.map((c) => c.index)).toEqual([0, 1]);
    expect(ssn.slots[1].cells.map((c) => [c.seed, c.state])).toEqual([
      [0, 'running'],
      [1, 'failed'],
    ]);
  });

  it('gives each slot the mean ± sample std of the seeds that completed, none before any has', () => {
    const [ssn, sw] = gridLayout(axesOf(cells), cells).rows;
    expect(ssn.slots[0].accuracy!.mean).toBeCloseTo(0.65, 12);
    // Sample std of 0.6 and 0.7: sqrt(((0.05)² + (0.05)²) / 1).
    expect(ssn.slots[0].accuracy!.std).toBeCloseTo(Math.sqrt(0.005), 12);
    expect(ssn.slots[0].accuracy!.n).toBe(2);
    expect(ssn.slots[1].accuracy).toBeNull();
    // One of two seeds completed: its value, std 0, n 1.
    expect(sw.slots[0].accuracy).toEqual({ mean: 0.65, std: 0, n: 1 });
  });

  it('adds a row per architecture when the sweep varies it, and one column without budgets', () => {
    const archCells = [
      cell({ index: 0, method: 'ssn', arch: 'cnn', budget: '5%', seed: 0, state: 'queued' }),
      cell({ index: 1, method: 'ssn', arch: 'mlp', budget: '5%', seed: 0, state: 'queued' }),
    ];
    const layout = gridLayout(axesOf(archCells), archCells);
    expect(layout.rows.map((r) => r.label)).toEqual(['ssn · arch=cnn', 'ssn · arch=mlp']);
    const noBudget = gridLayout(
      [
        { key: 'method', values: ['ssn'] },
        { key: 'seed', values: [0, 1] },
      ],
      [cells[0], cells[1]],
    );
    expect(noBudget.columns).toEqual([null]);
    expect(noBudget.rows[0].slots[0].cells).toHaveLength(2);
  });

  it('computes mean ± std over finite values only', () => {
    expect(meanStd([])).toBeNull();
    expect(meanStd([null, Number.NaN])).toBeNull();
    const stats = meanStd([1, 2, 3, 4, null]);
    expect(stats!.mean).toBe(2.5);
    expect(stats!.std).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(stats!.n).toBe(4);
  });

  it('counts cells by state and says whether any may still change', () => {
    const counts = countStates(cells);
    expect(counts).toMatchObject({ completed: 5, running: 1, failed: 1, queued: 1, pending: 0 });
    expect(isUnfinished(cells)).toBe(true);
    expect(isUnfinished(cells.filter((c) => c.state === 'completed' || c.state === 'failed'))).toBe(
      false,
    );
  });
});

describe('the sweep frontier', () => {
  it('plots each completed cell and draws each method frontier through the mean over seeds', () => {
    const { points, frontiers, names } = sweepFrontier(cells);
    expect(points.map((p) => p.id)).toEqual(['cell-0', 'cell-1', 'cell-4', 'cell-6', 'cell-7']);
    expect(names.get('cell-6')).toBe('method=superweights budget=10% seed=0');
    const ssn = frontiers.get('ssn')!;
    expect(ssn).toHaveLength(1);
    expect(ssn[0].budget).toBe(500);
    expect(ssn[0].accuracy).toBeCloseTo(0.65, 12);
    // superweights: 0.65 at 480, mean(0.8, 0.7) = 0.75 at 990; the best seed alone (0.8) is not it.
    expect(frontiers.get('superweights')!.map((p) => [p.budget, +p.accuracy.toFixed(6)])).toEqual([
      [480, 0.65],
      [990, 0.75],
    ]);
  });

  it('fills in as results arrive: nothing before the first cell completes', () => {
    const pending = cells.map((c) => ({ ...c, state: 'running' as const, metrics: null }));
    expect(sweepFrontier(pending).points).toEqual([]);
    expect(sweepFrontier(pending).frontiers.size).toBe(0);
    const one = pending.map((c, i) => (i === 6 ? cells[6] : c));
    const filled = sweepFrontier(one);
    expect(filled.points).toHaveLength(1);
    expect(filled.frontiers.get('superweights')![0].accuracy).toBe(0.8);
  });

  it('leaves out a completed cell whose budget count is not known yet', () => {
    const unknown = cell({
      index: 9,
      method: 'ssn',
      budget: '5%',
      seed: 2,
      state: 'completed',
      top1: 0.9,
    });
    expect(sweepFrontier([unknown]).points).toEqual([]);
  });
});
