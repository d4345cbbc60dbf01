import { describe, expect, it } from 'vitest';
import {
  evaluateEnsemble,
  meanDisagreement,
  memberMacs,
  memberSubsets,
  planSuperWeights,
  subsetAccuracy,
  sumOfSoftmax,
  superWeightsConfig,
} from '../../../../../src-main/engine/npas/superweights';
import { readmeEnsemble } from './fixtures';

// Three members, four samples, three classes; labels 0, 1, 2, 0.
const labels = [0, 1, 2, 0];
const members = [
  [5, 0, 0, 0, 5, 0, 0, 0, 5, 0, 5, 0], // right, right, right, wrong (predicts 1)
  [5, 0, 0, 5, 0, 0, 0, 0, 5, 0, 0, 5], // right, wrong (0), right, wrong (2)
  [0, 5, 0, 0, 5, 0, 0, 5, 0, 5, 0, 0], // wrong (1), right, wrong (1), right
];

describe('ensemble evaluation (superweights.md §4.3)', () => {
  it('predicts with the sum of softmax and reports every member', () => {
    const result = evaluateEnsemble(members, labels, 3);
    // Sample 3: the members say 1, 2 and 0, so all classes score the same; a label counts as top-1
    // when no class scores strictly higher.
    expect(result.members.map((m) => m.top1)).toEqual([0.75, 0.5, 0.5]);
    expect(result.ensemble.top1).toBe(1);
    expect(result.members.every((m) => m.top5 === 1)).toBe(true);
    const p = sumOfSoftmax(members, 3);
    expect(p[0]).toBeCloseTo((2 * Math.exp(5)) / (Math.exp(5) + 2) + 1 / (Math.exp(5) + 2), 10);
  });

  it('computes diversity as mean pairwise disagreement over (1 − ensemble top-1)', () => {
    // Pairs (0,1): 2 of 4 differ; (0,2): 3 of 4; (1,2): 4 of 4 → mean 0.75.
    expect(meanDisagreement(members, 3)).toBeCloseTo(0.75, 12);
    const two = evaluateEnsemble([members[0], members[1]], labels, 3);
    // Members 0 and 1 disagree on samples 1 and 3; the ensemble ties there, and ties count as top-1.
    expect(two.disagreement).toBe(0.5);
    expect(two.diversity).toBeCloseTo(0.5 / (1 - two.ensemble.top1), 12);
    expect(evaluateEnsemble([members[0]], labels, 3).diversity).toBeNull();
  });
});

describe('anytime prediction (superweights.md §4.4)', () => {
  it('counts 2575.0M conv+FC MACs for WRN-28-7 and the weight-generation terms of §4.4', () => {
    const plan = planSuperWeights(
      readmeEnsemble(),
      superWeightsConfig({ budget: 18_000_000, coefficients: 'perBank' }),
    );
    const macs = [0, 1, 2, 3].map((m) => memberMacs(plan, m));
    expect(macs.map((m) => Math.round(m.network / 1e5) / 10)).toEqual([
      2575.0, 845.6, 1187.7, 392.6,
    ]);
    expect(macs.map((m) => Math.round(m.generation / 1e5) / 10)).toEqual([90.1, 32.0, 44.1, 15.0]);
    expect(macs[0].total).toBe(macs[0].network + macs[0].generation);
  });

  it('lists all 2^M − 1 subsets sorted by cost and scores each', () => {
    const subsets = memberSubsets([3, 1, 2, 10]);
    expect(subsets).toHaveLength(15);
    expect(subsets.slice(0, 4).map((s) => s.members)).toEqual([[1], [2], [0], [1, 2]]);
    // Ties by cost fall back to the member list: [0] (3) before [1, 2] (3).
    expect(subsets.map((s) => s.cost)).toEqual(
      [...subsets.map((s) => s.cost)].sort((a, b) => a - b),
    );
    const scored = subsetAccuracy(memberSubsets([1, 1, 1]), members, labels, 3);
    expect(scored.find((s) => s.members.length === 1 && s.members[0] === 0)?.top1).toBe(0.75);
    expect(scored.find((s) => s.members.length === 3)?.top1).toBe(1);
  });
});
