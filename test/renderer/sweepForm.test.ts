// The sweep form on the Run screen: Slurm options appear with the Slurm executor, a wrong field
// is said in place, the preview lists the cells and the batch script, and Start follows it.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import type { SweepSpec } from '../../src-main/contract/appApi';
import ContextScope from '../../src-renderer/components/ContextScope.svelte';
import SweepForm from '../../src-renderer/features/run/SweepForm.svelte';
import {
  SweepFormState,
  setSweepForm,
} from '../../src-renderer/features/run/sweepFormState.svelte';
import { createFakeApi } from './fakes';
import { summary } from './fakesSweeps';

afterEach(() => cleanup());

describe('the sweep form', () => {
  it('takes Slurm options, says a wrong one in place, previews the script, then starts', async () => {
    const fake = createFakeApi({
      previewSweep: async (spec) => ({
        name: 'sweep',
        executor: spec.executor ?? 'local',
        cells: [
          { index: 0, label: 'method=ssn budget=5% seed=0', name: 'sweep-0', values: {} },
          { index: 1, label: 'method=ssn budget=10% seed=0', name: 'sweep-1', values: {} },
        ],
        script: `#!/bin/bash\n#SBATCH --array=0-1\n#SBATCH --partition=${spec.slurm?.partition}\n`,
      }),
      submitSweep: async () => summary('S7', []),
    });
    let started: string | null = null;
    render(ContextScope, {
      props: {
        component: SweepForm as never,
        props: { onstarted: (s: { id: string }) => (started = s.id) },
        provide: () => {
          setSweepForm(new SweepFormState(fake.api, () => ({ arch: 'cnn' })));
        },
      },
    });
    await fireEvent.click(screen.getByRole('checkbox', { name: 'superweights' }));
    expect(screen.queryByRole('group', { name: 'Slurm options' })).toBeNull();
    await fireEvent.click(screen.getByRole('radio', { name: /Slurm/ }));
    expect(screen.getByRole('group', { name: 'Slurm options' })).toBeTruthy();
    await fireEvent.input(screen.getByLabelText('Time limit'), { target: { value: '2 hours' } });
    expect(screen.getByRole('alert', { name: 'Sweep error' }).textContent).toContain(
      'Time limit "2 hours" is not a Slurm time',
    );
    expect(screen.getByRole('button', { name: /Preview/ }).hasAttribute('disabled')).toBe(true);
    await fireEvent.input(screen.getByLabelText('Time limit'), { target: { value: '00:10:00' } });
    await fireEvent.input(screen.getByLabelText('Partition'), { target: { value: 'debug' } });
    expect(screen.queryByRole('alert', { name: 'Sweep error' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Start sweep' }).hasAttribute('disabled')).toBe(true);
    await fireEvent.click(screen.getByRole('button', { name: 'Preview (2 cells)' }));
    const script = await screen.findByLabelText('Batch script');
    expect(script.textContent).toContain('#SBATCH --partition=debug');
    expect(screen.getByText('method=ssn budget=10% seed=0')).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Start sweep' }));
    await waitFor(() => expect(started).toBe('S7'));
    const [spec] = fake.calls.submitSweep![0] as [SweepSpec];
    expect(spec.grid[0]).toEqual({ key: 'method', values: ['ssn'] });
    expect(spec.slurm).toEqual({ partition: 'debug', time: '00:10:00' });
  });
});
