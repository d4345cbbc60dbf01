// Every method trains end to end on the bundled sample through the same trainer: SSN at 10% of
// the unshared count, SSN with the learned-groups search phase, a SuperWeights network and a
// 2-member SuperWeights ensemble. Small networks and few steps; the assertion is that training
// really learns (the loss falls well below where it started), not a final accuracy.
import { describe, expect, it } from 'vitest';
import { parseRunConfig, type RunConfigInput } from '../../src-main/contract/config';
import type { StepEvent, TrainEvent } from '../../src-main/engine/train/events';
import { runTraining } from '../../src-main/services/training';

const base: RunConfigInput = {
  arch: 'wrn-10-2',
  input: '28x28x1',
  backend: 'wasm',
  training: { epochs: 2, batchSize: 32, lr: 0.05, maxStepsPerEpoch: 25, validationFraction: 0.05 },
  seed: 5,
};

async function trainAndRecord(config: RunConfigInput) {
  const events: TrainEvent[] = [];
  const outcome = await runTraining(parseRunConfig({ ...base, ...config }), {
    onEvent: (e) => events.push(e),
  });
  const steps = events.filter((e): e is StepEvent => e.type === 'step' && e.phase === 'main');
  const mean = (xs: StepEvent[]) => xs.reduce((s, e) => s + e.loss, 0) / xs.length;
  return { outcome, events, first: mean(steps.slice(0, 5)), last: mean(steps.slice(-5)) };
}

describe('training with each NPAS method', () => {
  it('trains an SSN WRN-10-2 at 10% of its parameters and its loss falls', async () => {
    const { outcome, first, last } = await trainAndRecord({ method: 'ssn', budget: '10%' });
    expect(outcome.accounting.method).toBe('ssn');
    expect(outcome.accounting.budgetParams).toBeLessThanOrEqual(
      Math.round(0.1 * outcome.accounting.unsharedParams),
    );
    expect(last).toBeLessThan(0.75 * first);
    expect(outcome.result.last.test!.top1).toBeGreaterThan(0.3);
  });

  it('runs the SSN search phase, learns groups with k-means and trains the main model with them', async () => {
    const { outcome, events } = await trainAndRecord({
      method: 'ssn',
      budget: 30000,
      ssn: { groups: 'learned:2', search: { budget: 20000, epochs: 1, schedule: [], gammas: [] } },
      training: { ...base.training, epochs: 1, maxStepsPerEpoch: 10 },
    });
    expect(events.some((e) => e.type === 'step' && e.phase === 'search')).toBe(true);
    expect(outcome.groups).toHaveLength(outcome.accounting.layers.length);
    expect(new Set(outcome.groups).size).toBeLessThanOrEqual(2);
    expect(outcome.accounting.layers.map((l) => l.group)).toEqual(outcome.groups);
    expect(outcome.result.status).toBe('completed');
  });

  it('trains a SuperWeights WRN-10-2 and its loss falls', async () => {
    const { outcome, first, last } = await trainAndRecord({
      method: 'superweights',
      budget: 250000,
    });
    expect(outcome.accounting.method).toBe('superweights');
    expect(last).toBeLessThan(0.75 * first);
  });

  it('trains a 2-member SuperWeights ensemble on shared banks and reports each member', async () => {
    const { outcome, first, last } = await trainAndRecord({
      arch: 'wrn-10-2',
      method: 'superweights',
      superweights: { members: 'wrn-10-2,wrn-10-1' },
      training: { ...base.training, lr: 0.1, maxStepsPerEpoch: 40 },
    });
    expect(last).toBeLessThan(0.8 * first);
    const test = outcome.result.last.test!;
    expect(test.members).toHaveLength(2);
    expect(test.members![0].top1).toBeGreaterThan(0.2);
    expect(test.diversity === null || (test.diversity ?? -1) >= 0).toBe(true);
  });
});
