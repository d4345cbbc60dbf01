// RunFormState: the run config combines design, budget and the form; sweep budgets parse (the
// sweep form's state has its own test); a refused start or import shows the reason in place.
import { describe, expect, it } from 'vitest';
import type { RunConfigInput } from '../../src-main/contract/appApi';
import { BudgetState } from '../../src-renderer/features/budget/budgetState.svelte';
import { DesignState } from '../../src-renderer/features/design/designState.svelte';
import {
  parseBudgetList,
  REFERENCE_TRAINING,
  RunFormState,
  trainingFormOf,
} from '../../src-renderer/features/run/runFormState.svelte';
import { createFakeApi } from './fakes';

function setup(overrides: Parameters<typeof createFakeApi>[0] = {}) {
  const fake = createFakeApi(overrides);
  const design = new DesignState(fake.api);
  const budget = new BudgetState(fake.api, design);
  const form = new RunFormState(fake.api, design, budget);
  return { fake, design, budget, form };
}

describe('RunFormState', () => {
  it('starts with the reference recipe and builds the full run config', async () => {
    const { fake, form } = setup();
    await form.load();
    expect(form.training.epochs).toBe(200);
    expect(form.training.milestones).toBe('60,120,160');
    form.training.epochs = 2;
    form.training.maxStepsPerEpoch = 5;
    form.name = 'tiny';
    const id = await form.start();
    expect(id).toBe('RUN1');
    const [config, name] = fake.calls.startRun![0] as [RunConfigInput, string];
    expect(name).toBe('tiny');
    expect(config).toMatchObject({
      arch: 'cnn',
      input: '28x28x1',
      classes: 10,
      method: 'ssn',
      budget: '10%',
      dataset: { path: 'sample', format: 'idx' },
      seed: 0,
      training: {
        epochs: 2,
        maxStepsPerEpoch: 5,
        schedule: { type: 'step', milestones: [60, 120, 160], gamma: 0.2 },
        augment: { crop: 4, flip: true, cutout: 16 },
      },
    });
  });

  it('takes training defaults from a bundled preset', () => {
    const quick = trainingFormOf(
      {
        name: 'quickstart',
        config: { training: { epochs: 3, lr: 0.05, schedule: { type: 'cosine' } } },
      },
      REFERENCE_TRAINING,
    );
    expect(quick).toMatchObject({ epochs: 3, lr: 0.05, schedule: 'cosine', batchSize: 128 });
  });

  it('parses sweep budgets given as counts, k/M suffixes and percentages', () => {
    expect(parseBudgetList('1%, 5%  20000;5e4 50k 1.5M')).toEqual([
      '1%',
      '5%',
      20000,
      50000,
      50000,
      1_500_000,
    ]);
    expect(() => parseBudgetList('10%, lots')).toThrow('budget "lots" is not a parameter count');
  });

  it('shows why a start or an import was refused', async () => {
    const { form } = setup({
      startRun: async () => {
        throw Object.assign(new Error('startRun: budget 0 is invalid'), { method: 'startRun' });
      },
      importDataset: async () => {
        throw Object.assign(
          new Error('importDataset: /tmp/x: no IDX, CIFAR or image files found'),
          {
            method: 'importDataset',
          },
        );
      },
    });
    expect(await form.start()).toBeNull();
    expect(form.startError).toBe('budget 0 is invalid');
    form.importPath = '/tmp/x';
    await form.importDataset();
    expect(form.importError).toBe('/tmp/x: no IDX, CIFAR or image files found');
    expect(form.importing).toBe(false);
  });
});
