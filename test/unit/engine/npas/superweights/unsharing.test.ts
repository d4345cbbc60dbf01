import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import {
  createSuperWeights,
  isUnshareEpoch,
  superWeightsConfig,
  unshareCoefficients,
  type CoefficientGradients,
} from '../../../../../src-main/engine/npas/superweights';
import { tf } from '../../../../../src-main/engine/tf';
import { arch } from './fixtures';

const small = { classes: 10, input: { height: 8, width: 8, channels: 3 } };

describe('coefficient unsharing (superweights.md §2.8)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('runs at the configured epoch, then every period counted from epoch 0', () => {
    const at = (epoch: number, period: number) =>
      Array.from({ length: 30 }, (_, e) => e).filter((e) =>
        isUnshareEpoch({ epoch, period, threshold: 0.9 }, e),
      );
    expect(at(10, 0)).toEqual([9]);
    expect(at(10, 4)).toEqual([9, 11, 15, 19, 23, 27]);
    expect(at(0, 4)).toEqual([]);
  });

  it('splits two members with opposite gradients into 2 α tensors with identical values at the split', () => {
    const config = superWeightsConfig({ coefficients: 'perBank', coefficientShare: true });
    const set = createSuperWeights([arch('wrn-10-2', small), arch('wrn-10-2', small)], config, 4);
    expect(set.plan.slots).toHaveLength(set.plan.banks.length);
    const grads: CoefficientGradients = [new Map(), new Map()];
    for (const slot of set.plan.slots) {
      const g = Float64Array.from({ length: slot.templates }, (_, k) => k + 1);
      grads[0].set(slot.id, g);
      grads[1].set(
        slot.id,
        g.map((v) => -v),
      );
    }
    const before = set.plan.slots.map((s) => Array.from(set.coefficient(s.id).variable.dataSync()));
    const result = unshareCoefficients(set, grads, 0.9);
    expect(result.slotsBefore).toBe(set.plan.banks.length);
    expect(result.slotsAfter).toBe(2 * set.plan.banks.length);
    expect(result.added.every((p) => !p.decay)).toBe(true);
    for (const bank of set.plan.banks) {
      const slotsOf = (m: number) =>
        new Set(
          set.plan.members[m].layers.flatMap(
            (l) => l?.pieces.filter((p) => p.bank === bank.id).map((p) => p.coefficient) ?? [],
          ),
        );
      const [a, b] = [slotsOf(0), slotsOf(1)];
      expect(a.size).toBe(1);
      expect(b.size).toBe(1);
      const [sa, sb] = [[...a][0], [...b][0]];
      expect(sa).not.toBe(sb);
      expect(Array.from(set.coefficient(sb).variable.dataSync())).toEqual(before[sa]);
    }
    expect(set.parameters.filter((p) => p.name.startsWith('sw.alpha'))).toHaveLength(
      2 * set.plan.banks.length,
    );
    set.dispose();
  });

  it('keeps sharers whose gradients agree above τ_c', () => {
    const config = superWeightsConfig({ coefficients: 'perBank' });
    const set = createSuperWeights([arch('wrn-10-2', small), arch('wrn-10-1', small)], config, 4);
    const grads: CoefficientGradients = [0, 1].map(
      () => new Map(set.plan.slots.map((s) => [s.id, new Float64Array(s.templates).fill(1)])),
    );
    const result = unshareCoefficients(set, grads, 0.9);
    expect(result.added).toHaveLength(0);
    expect(result.slotsAfter).toBe(result.slotsBefore);
    set.dispose();
  });
});
