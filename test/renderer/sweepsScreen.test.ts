// The Sweeps screen: the list, the chosen sweep's grid with each cell's state and mean ± std,
// the frontier drawn from the completed cells, a failed cell's exit code and log tail with its
// own Resubmit, and Cancel for the unfinished cells.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import ContextScope from '../../src-renderer/components/ContextScope.svelte';
import SweepsScreen from '../../src-renderer/features/sweeps/SweepsScreen.svelte';
import { SweepsState, setSweeps } from '../../src-renderer/features/sweeps/sweepsState.svelte';
import { NavigationState, setNavigation } from '../../src-renderer/lib/state/navigation.svelte';
import { createFakeApi } from './fakes';
import { cell, ssnFivePercentSeeds, summary } from './fakesSweeps';

afterEach(() => cleanup());

const SWEEP = summary('S1', [
  ...ssnFivePercentSeeds(),
  cell({
    index: 2,
    method: 'ssn',
    budget: '10%',
    seed: 0,
    state: 'failed',
    exitCode: 137,
    logTail: 'epoch 1/3\nKilled',
  }),
  cell({ index: 3, method: 'ssn', budget: '10%', seed: 1, state: 'running' }),
]);

function mount(hash: string) {
  const fake = createFakeApi({
    listSweeps: async () => [SWEEP],
    getSweep: async () => SWEEP,
    resubmitSweepCells: async () => SWEEP,
    cancelSweepCells: async () => SWEEP,
  });
  render(ContextScope, {
    props: {
      component: SweepsScreen as never,
      provide: () => {
        setNavigation(new NavigationState(hash));
        const sweeps = setSweeps(new SweepsState(fake.api));
        sweeps.track();
      },
    },
  });
  return fake;
}

describe('the Sweeps screen', () => {
  it('shows the grid of cell states with mean ± std and the frontier of the completed cells', async () => {
    mount('#/sweeps/S1');
    const grid = await screen.findByRole('table', { name: 'Sweep grid' });
    const chips = [...grid.querySelectorAll('[data-testid="sweep-cell"]')].map((c) =>
      c.textContent?.trim(),
    );
    expect(chips).toEqual([
      'seed 0: completed',
      'seed 1: completed',
      'seed 0: failed (exit 137)',
      'seed 1: running',
    ]);
    const stats = [...grid.querySelectorAll('[data-testid="slot-accuracy"]')].map((s) =>
      s.textContent?.replace(/\s+/g, ' ').trim(),
    );
    expect(stats).toEqual(['65.0% ± 7.1 (2 of 2 seeds)', 'no result yet']);
    const chart = screen.getByRole('img', { name: /against budget parameters/ });
    expect(chart.querySelectorAll('circle')).toHaveLength(2);
    expect(chart.querySelector('path.frontier[data-method="ssn"]')).toBeTruthy();
    expect(screen.getByText('2 completed')).toBeTruthy();
  });

  it('shows a failed cell with its exit code and log tail, and resubmits just that cell', async () => {
    const fake = mount('#/sweeps/S1');
    const troubled = await screen.findByTestId('troubled-cell');
    expect(troubled.textContent).toContain('failed with exit code 137');
    expect(screen.getByLabelText('Log tail of cell 2').textContent).toBe('epoch 1/3\nKilled');
    await fireEvent.click(screen.getByRole('button', { name: 'Resubmit' }));
    await waitFor(() => expect(fake.calls.resubmitSweepCells).toEqual([['S1', [2]]]));
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel unfinished (1)' }));
    await waitFor(() => expect(fake.calls.cancelSweepCells).toEqual([['S1', undefined]]));
  });

  it('says when the cells could not be brought up to date and shows the last known ones', async () => {
    const stale = {
      ...SWEEP,
      executor: 'slurm' as const,
      refreshError: 'sacct: command not found',
    };
    const fake = createFakeApi({ listSweeps: async () => [stale], getSweep: async () => stale });
    render(ContextScope, {
      props: {
        component: SweepsScreen as never,
        provide: () => {
          setNavigation(new NavigationState('#/sweeps/S1'));
          setSweeps(new SweepsState(fake.api)).track();
        },
      },
    });
    const note = await screen.findByRole('status', { name: 'Sweep refresh' });
    expect(note.textContent).toContain('sacct: command not found');
    expect(note.textContent).toContain('last known');
    expect(screen.getAllByTestId('sweep-cell')).toHaveLength(4);
  });

  it('shows the newest sweep when the URL names none, and says when there are none', async () => {
    mount('#/sweeps');
    expect(await screen.findByRole('table', { name: 'Sweep grid' })).toBeTruthy();
    cleanup();
    const empty = createFakeApi();
    render(ContextScope, {
      props: {
        component: SweepsScreen as never,
        provide: () => {
          setNavigation(new NavigationState('#/sweeps'));
          setSweeps(new SweepsState(empty.api)).track();
        },
      },
    });
    expect(await screen.findByText(/No sweeps yet/)).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Sweep grid' })).toBeNull();
  });
});
