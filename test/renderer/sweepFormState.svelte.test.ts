// The Run screen's sweep form: the grid, executor and Slurm fields become a sweep spec over the
// Run screen's config; a wrong field is said in plain words naming it; Start needs a preview of
// the current fields, and the service's refusal of a cell is shown in the same place.
import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import type { RunConfigInput, SweepPreviewWire, SweepSpec } from '../../src-main/contract/appApi';
import {
  EMPTY_SLURM,
  parseSeedList,
  slurmOptionsOf,
  SweepFormState,
} from '../../src-renderer/features/run/sweepFormState.svelte';
import { createFakeApi } from './fakes';
import { summary } from './fakesSweeps';

const BASE: RunConfigInput = { arch: 'cnn', method: 'ssn', budget: '10%', seed: 0 };

function previewOf(spec: SweepSpec): SweepPreviewWire {
  return {
    name: spec.name ?? 'sweep',
    executor: spec.executor ?? 'local',
    cells: [{ index: 0, label: 'method=ssn budget=5% seed=0', name: 'sweep-0', values: {} }],
    script: spec.executor === 'slurm' ? '#!/bin/bash\n#SBATCH --array=0-3\n' : null,
  };
}

function setup(overrides: Parameters<typeof createFakeApi>[0] = {}) {
  const fake = createFakeApi({
    previewSweep: async (spec) => previewOf(spec),
    submitSweep: async () => summary('S1', []),
    ...overrides,
  });
  let base = BASE;
  const form = new SweepFormState(fake.api, () => base);
  return { fake, form, setBase: (b: RunConfigInput) => (base = b) };
}

describe('the sweep form', () => {
  it('builds method × budget × seed axes over the Run screen config, arch only when given', () => {
    const { form } = setup();
    form.methods = ['ssn', 'superweights'];
    form.budgets = '5%, 10k';
    form.seeds = '0 1';
    form.name = ' study ';
    expect(form.parsed.error).toBeNull();
    expect(form.parsed.spec).toEqual({
      name: 'study',
      base: BASE,
      grid: [
        { key: 'method', values: ['ssn', 'superweights'] },
        { key: 'budget', values: ['5%', 10_000] },
        { key: 'seed', values: [0, 1] },
      ],
      executor: 'local',
    });
    expect(form.count).toBe(8);
    form.archs = 'cnn, mlp';
    expect(form.parsed.spec!.grid[1]).toEqual({ key: 'arch', values: ['cnn', 'mlp'] });
    expect(form.count).toBe(16);
  });

  it('says what is wrong with a field in plain words, naming the value', () => {
    const { form } = setup();
    form.methods = [];
    expect(form.error).toBe('Choose at least one method.');
    form.methods = ['ssn'];
    form.budgets = '';
    expect(form.error).toBe('Give at least one budget (e.g. 5%, 10%, 50k).');
    form.budgets = '5%, lots';
    expect(form.error).toContain('budget "lots" is not a parameter count');
    form.budgets = '5%';
    form.seeds = '0, 1.5';
    expect(form.error).toBe('Seed "1.5" is not a whole number of 0 or more (e.g. 0, 1, 2).');
    form.seeds = '0, 0';
    expect(form.error).toBe('Seed 0 is listed twice.');
    form.seeds = '0';
    expect(form.error).toBeNull();
    expect(form.count).toBe(1);
  });

  it('checks the Slurm options and writes them as the contract options', () => {
    expect(() => slurmOptionsOf({ ...EMPTY_SLURM, time: '90 minutes' })).toThrow(
      'Time limit "90 minutes" is not a Slurm time',
    );
    expect(() => slurmOptionsOf({ ...EMPTY_SLURM, mem: '8 gigs' })).toThrow(
      'Memory "8 gigs" is not a Slurm size',
    );
    expect(() => slurmOptionsOf({ ...EMPTY_SLURM, cpus: '0' })).toThrow(
      'CPUs per task "0" must be a whole number from 1 to 1024.',
    );
    expect(() => slurmOptionsOf({ ...EMPTY_SLURM, partition: 'gpu big' })).toThrow(
      'Partition "gpu big" has a space in it',
    );
    expect(() => slurmOptionsOf({ ...EMPTY_SLURM, extra: 'account=lab' })).toThrow(
      'Extra #SBATCH line "account=lab" must be an option starting with -',
    );
    for (const time of ['30', '30:00', '01:30:00', '1-00', '1-00:00:00']) {
      expect(slurmOptionsOf({ ...EMPTY_SLURM, time }).time).toBe(time);
    }
    expect(
      slurmOptionsOf({
        partition: 'gpu',
        time: '01:00:00',
        gres: 'gpu:1',
        cpus: '4',
        mem: '8G',
        extra: '#SBATCH --account=lab\n\n  --qos=short  ',
        sharedDir: ' /shared/sweeps ',
      }),
    ).toEqual({
      partition: 'gpu',
      time: '01:00:00',
      gres: 'gpu:1',
      cpus: 4,
      mem: '8G',
      extra: ['--account=lab', '--qos=short'],
      sharedDir: '/shared/sweeps',
    });
    expect(slurmOptionsOf(EMPTY_SLURM)).toEqual({});
    expect(parseSeedList(' 2, 0;1 ')).toEqual([2, 0, 1]);
  });

  it('offers Start only after a preview of the current fields, and submits that spec', async () => {
    const { fake, form } = setup();
    form.executor = 'slurm';
    form.slurm.partition = 'debug';
    expect(form.canStart).toBe(false);
    expect(await form.start()).toBeNull();
    expect(fake.calls.submitSweep).toBeUndefined();
    const preview = await form.previewSweep();
    expect(preview!.script).toContain('#SBATCH --array');
    expect(form.preview).toBe(preview);
    expect(form.canStart).toBe(true);
    // A changed field makes the preview stale: Start waits for a new one.
    form.seeds = '0, 1';
    flushSync();
    expect(form.preview).toBeNull();
    expect(form.canStart).toBe(false);
    await form.previewSweep();
    const sweep = await form.start();
    expect(sweep!.id).toBe('S1');
    const [spec] = fake.calls.submitSweep![0] as [SweepSpec];
    expect(spec.executor).toBe('slurm');
    expect(spec.slurm).toEqual({ partition: 'debug' });
    expect(spec.grid.find((a) => a.key === 'seed')!.values).toEqual([0, 1]);
  });

  it('shows the service refusing a cell beside the form until a field changes', async () => {
    const { form } = setup({
      previewSweep: async () => {
        throw Object.assign(
          new Error(
            'previewSweep: sweep cell 1 (method=ssn budget=1 seed=0) is invalid, nothing was submitted: budget 1 is below the minimum',
          ),
          { method: 'previewSweep' },
        );
      },
    });
    form.budgets = '5%, 1';
    expect(await form.previewSweep()).toBeNull();
    expect(form.error).toBe(
      'sweep cell 1 (method=ssn budget=1 seed=0) is invalid, nothing was submitted: budget 1 is below the minimum',
    );
    expect(form.canStart).toBe(false);
    form.budgets = '5%';
    expect(form.error).toBeNull();
  });

  it('follows the Run screen config it sweeps over', () => {
    const { form, setBase } = setup();
    setBase({ ...BASE, arch: 'mlp' });
    // The base is read at each change of the form's own fields or of the Run screen's state.
    form.seeds = '3';
    expect(form.parsed.spec!.base).toMatchObject({ arch: 'mlp' });
  });
});
