import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import CompareScreen from '../../src-renderer/features/compare/CompareScreen.svelte';
import { RunSelection } from '../../src-renderer/lib/state/runsSelection.svelte';
import { CompareState } from '../../src-renderer/features/compare/compareState.svelte';
import BudgetScatter from '../../src-renderer/features/compare/BudgetScatter.svelte';
import { createFakeRunsApi, makeDetails, settle } from './fakesRuns';

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

function withConfigs(api: ReturnType<typeof createFakeRunsApi>) {
  api.rows.slice(0, 3).forEach((row, i) => {
    api.details.set(
      row.id,
      makeDetails(row, {
        config: { arch: 'cnn', seed: i, training: { lr: i === 1 ? 0.05 : 0.1, epochs: 3 } },
        epochs: 3 + i,
      }),
    );
  });
}

describe('the Compare screen', () => {
  it('shows curves, the differing config keys, the scatter and parallel coordinates', async () => {
    const api = createFakeRunsApi(5);
    withConfigs(api);
    const selection = new RunSelection();
    selection.set(['run-00000', 'run-00001', 'run-00002']);
    const { container } = render(CompareScreen, { api, selection });
    await settle();
    const diff = screen.getByRole('region', { name: 'Config diff' });
    const paths = [...diff.querySelectorAll('tbody th')].map((th) => th.textContent);
    expect(paths).toEqual(['seed', 'training.lr']);
    expect(container.querySelectorAll('.run-line')).toHaveLength(3);
    expect(container.querySelectorAll('circle')).toHaveLength(3);
    // happy-dom has no canvas: the curves show as their SVG, one path per run.
    const curves = screen.getByRole('figure', { name: 'Curves: Validation top-1' });
    expect(curves.querySelectorAll('path')).toHaveLength(3);
    expect(screen.getByRole('button', { name: 'Export curves as PNG' })).toBeTruthy();
  });

  it('switches the curve metric', async () => {
    const api = createFakeRunsApi(3);
    withConfigs(api);
    render(CompareScreen, { api, runIds: ['run-00000', 'run-00001'] });
    await settle();
    await fireEvent.change(screen.getByLabelText('Curve metric'), {
      target: { value: 'trainLoss' },
    });
    expect(screen.getByRole('figure', { name: 'Curves: Train loss' })).toBeTruthy();
  });

  it('draws per-step curves on the chosen x-axis, smoothed and on a log y', async () => {
    const api = createFakeRunsApi(3);
    api.rows
      .slice(0, 2)
      .forEach((row) =>
        api.details.set(
          row.id,
          makeDetails(row, { config: { training: { batchSize: 10 } }, stepsPerEpoch: 4 }),
        ),
      );
    render(CompareScreen, { api, runIds: ['run-00000', 'run-00001'] });
    await settle();
    const steps = () => screen.getByRole('figure', { name: 'Curves: Train loss (per step)' });
    const labels = () => [...steps().querySelectorAll('text')].map((t) => t.textContent);
    expect(steps().dataset.xLabel).toBe('epoch');
    expect(steps().querySelectorAll('path')).toHaveLength(2);
    await fireEvent.change(screen.getByLabelText('Curve x-axis'), { target: { value: 'step' } });
    expect(steps().dataset.xLabel).toBe('step');
    // 3 epochs of 4 steps: the step axis runs to step 12 (ticks 5, 10).
    expect(labels()).toContain('10');
    await fireEvent.change(screen.getByLabelText('Curve x-axis'), { target: { value: 'time' } });
    expect(labels()).toContain('training time (s)');
    await fireEvent.click(screen.getByRole('checkbox', { name: 'log y' }));
    expect(steps().dataset.logY).toBe('true');
    const raw = steps().querySelector('path')!.getAttribute('d');
    await fireEvent.input(screen.getByLabelText('Smoothing'), { target: { value: '0.9' } });
    expect(screen.getByText(/Smoothing 0\.90/)).toBeTruthy();
    expect(steps().querySelector('path')!.getAttribute('d')).not.toBe(raw);
  });

  it('offers a picker when nothing is selected', async () => {
    const api = createFakeRunsApi(4);
    const selection = new RunSelection();
    render(CompareScreen, { api, selection });
    await settle();
    const boxes = screen.getAllByRole('checkbox');
    await fireEvent.click(boxes[0]);
    await fireEvent.click(boxes[1]);
    await fireEvent.click(screen.getByRole('button', { name: 'Compare 2' }));
    expect(selection.ids).toEqual(['run-00003', 'run-00002']);
  });
});

describe('the accuracy-vs-budget scatter', () => {
  it('draws dots at 0% and 100% whole inside the plot, not on its edge', () => {
    const { container } = render(BudgetScatter, {
      points: [
        { id: 'a', method: 'ssn', budget: 1000, accuracy: 1 },
        { id: 'b', method: 'unshared', budget: 100_000, accuracy: 0 },
      ],
      frontiers: new Map(),
      height: 340,
    });
    const [top, bottom, left, right] = [20, 340 - 44, 56, 640 - 20];
    for (const dot of container.querySelectorAll('circle')) {
      const [cx, cy, r] = ['cx', 'cy', 'r'].map((a) => Number(dot.getAttribute(a)));
      expect(cy - r).toBeGreaterThanOrEqual(top);
      expect(cy + r).toBeLessThanOrEqual(bottom);
      expect(cx - r).toBeGreaterThanOrEqual(left);
      expect(cx + r).toBeLessThanOrEqual(right);
    }
  });
});

describe('CompareState', () => {
  it('loads each run once and reports the ones that fail by operation', async () => {
    const api = createFakeRunsApi(3);
    const state = new CompareState(api);
    await state.setRuns(['run-00000', 'run-00001', 'missing']);
    await state.setRuns(['run-00001', 'run-00000']);
    expect(api.calls.filter((c) => c.method === 'getRun')).toHaveLength(3);
    expect(state.runs.map((d) => d.run.id)).toEqual(['run-00001', 'run-00000']);
    expect(state.errors.get('missing')).toBe("getRun: no run 'missing'");
  });

  it('reads every run with an accuracy for the all-runs scatter', async () => {
    const api = createFakeRunsApi(2500);
    const state = new CompareState(api);
    await state.setScope('all');
    expect(state.points).toHaveLength(2500);
    expect(api.listQueries.map((q) => q.page?.offset)).toEqual([0, 1000, 2000]);
    expect(api.listQueries[0].sort).toEqual({ column: 'bestTestTop1', direction: 'desc' });
  });
});
