import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import CompareScreen from '../../src-renderer/features/compare/CompareScreen.svelte';
import { RunSelection } from '../../src-renderer/lib/state/runsSelection.svelte';
import { CompareState } from '../../src-renderer/features/compare/compareState.svelte';
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
    const curves = screen.getByRole('figure', { name: /Curves/ });
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
