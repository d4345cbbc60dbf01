import { describe, expect, it } from 'vitest';
import { BudgetError } from '../../../../../src-main/contract/errors';
import { createRng } from '../../../../../src-main/engine/random';
import {
  assignClusters,
  croppedCosine,
  depthBins,
  priorityQueueAssignment,
  searchSharing,
  sharedLayers,
  splitMemberZero,
  superWeightsConfig,
  type LayerGradients,
  type SearchInput,
} from '../../../../../src-main/engine/npas/superweights';
import { arch } from './fixtures';

const vec = (...values: number[]) => ({
  shape: { out: 1, in: values.length, kh: 1, kw: 1 },
  values: Float32Array.from(values),
});

describe('similarity and priority-queue relabelling (superweights.md §2.3, §2.7)', () => {
  it('crops both gradients to the common top-left block before the cosine', () => {
    const a = { shape: { out: 2, in: 2, kh: 1, kw: 1 }, values: Float32Array.from([1, 2, 3, 4]) };
    const b = { shape: { out: 1, in: 3, kh: 1, kw: 1 }, values: Float32Array.from([2, 4, 100]) };
    expect(croppedCosine(a, b)).toBeCloseTo(1, 6);
    expect(croppedCosine(vec(1, 0), vec(0, 1))).toBe(0);
  });

  it('pops the highest similarity first and stops at the first pair ≤ τ', () => {
    const labels = new Map([
      ['a', 0],
      ['b', 1],
      ['c', 2],
    ]);
    const queue = [
      { similarity: 0.5, i: 'a', j: 'b' },
      { similarity: 0.05, i: 'a', j: 'c' },
      { similarity: 0.9, i: 'c', j: 'b' },
    ];
    expect([...priorityQueueAssignment(0.1, labels, queue)]).toEqual([
      ['a', 0],
      ['b', 0],
      ['c', 2],
    ]);
  });

  it('relabels greedily, not transitively: the hand-made 4-layer fixture gives the reference labels', () => {
    // cos(0,1) = 0.743, cos(1,2) = 0.669, cos(0,2) = 0, layer 3 orthogonal to all.
    const gradients: LayerGradients = [[vec(1, 0, 0), vec(1, 0.9, 0), vec(0, 1, 0), vec(0, 0, 1)]];
    const input: SearchInput = { bins: [[0, 0, 0, 0]], gradients, depths: [4] };
    // (1,0) then (0,1) put 0 and 1 under label 1; (2,1) then moves 1 to label 2 and leaves 0 behind.
    expect(splitMemberZero(input, 0.1)).toEqual([1, 2, 2, 3]);
    // Union-find would have joined 0 with 1 and 2; at τ = 0.7 only the 0.743 pair merges.
    expect(splitMemberZero(input, 0.7)).toEqual([1, 1, 2, 3]);
    expect(splitMemberZero(input, 0.8)).toEqual([0, 1, 2, 3]);
  });

  it('numbers fresh ids across bins in bin order, then layer order', () => {
    const gradients: LayerGradients = [[vec(1, 0), vec(0, 1), vec(1, 0), vec(1, 0.01)]];
    expect(splitMemberZero({ bins: [[1, 0, 1, 0]], gradients, depths: [4] }, 0.1)).toEqual([
      3, 0, 3, 1,
    ]);
  });
});

/** Seeded random gradients of every generated layer of every member. */
function randomGradients(members: ReturnType<typeof arch>[], seed: number): LayerGradients {
  const rng = createRng(seed);
  return members.map((a) =>
    a.layers.map((l) => {
      if (!sharedLayers(a, false).includes(l)) return null;
      const values = Float32Array.from(
        { length: l.outChannels * l.inChannels * l.kernel * l.kernel },
        () => rng.normal(),
      );
      return {
        shape: { out: l.outChannels, in: l.inChannels, kh: l.kernel, kw: l.kernel },
        values,
      };
    }),
  );
}

describe('attaching members and fitting τ (superweights.md §2.5, §2.6)', () => {
  const members = ['wrn-28-3', 'wrn-28-2', 'wrn-16-3', 'wrn-16-2'].map((n) => arch(n));
  const input: SearchInput = {
    bins: depthBins(members, 4, true, false),
    gradients: randomGradients(members, 3),
    depths: members.map((a) => sharedLayers(a, false).length),
  };

  it("copies member 0's clusters and positions to a member of its depth", () => {
    const { clusters, coefficientMap } = assignClusters(input, 0.1, null);
    expect(clusters[1]).toEqual(clusters[0]);
    clusters[0].forEach((cluster, id) => {
      if (cluster < 0) return;
      const position = clusters[0].slice(0, id).filter((c) => c === cluster).length;
      expect(coefficientMap![1][id]).toEqual({ member: 0, position });
    });
  });

  it("sends each layer of the first shallower member to its most similar member-0 layer's cluster", () => {
    const { clusters, coefficientMap } = assignClusters(input, 0.1, null);
    for (const id of [0, 5, 9, 15]) {
      const bin = input.bins[2][id];
      const candidates = input.bins[0].flatMap((b, l) => (b === bin ? [l] : []));
      const sims = candidates.map((l) =>
        croppedCosine(input.gradients[2][id]!, input.gradients[0][l]!),
      );
      const best = candidates[sims.indexOf(Math.max(...sims))];
      expect(clusters[2][id]).toBe(clusters[0][best]);
      expect(coefficientMap![2][id]?.member).toBe(0);
    }
    // WRN-16-2 copies WRN-16-3 positionally and links to it.
    expect(clusters[3]).toEqual(clusters[2]);
    expect(coefficientMap![3][1]?.member).toBe(2);
  });

  it('gives own coefficients where the best similarity is ≤ c', () => {
    const { coefficientMap } = assignClusters(input, 0.1, 0.99);
    expect(coefficientMap![2].every((link) => link === null)).toBe(true);
    expect(coefficientMap![1].every((link) => link === null)).toBe(true);
  });

  it('numbers clusters 0..G−1 consecutively', () => {
    const { clusters } = assignClusters(input, 0.1, null);
    const ids = [...new Set(clusters.flat().filter((c) => c >= 0))].sort((a, b) => a - b);
    expect(ids).toEqual(ids.map((_, i) => i));
  });

  it('lowers τ until the bank minimum fits the budget', () => {
    const loose = searchSharing(members, input, superWeightsConfig({ budget: null }));
    expect(loose.threshold).toBe(0.1);
    const fitting = superWeightsConfig({ budget: 1_300_000, search: { thresholdDecrement: 0.25 } });
    const result = searchSharing(members, input, fitting);
    expect(result.steps.at(-1)!.need).toBeLessThanOrEqual(1_300_000);
    expect(result.steps.every((s, i) => i === result.steps.length - 1 || s.need > 1_300_000)).toBe(
      true,
    );
    expect(result.steps.length).toBeGreaterThan(1);
  });

  it('terminates with a BudgetError when no threshold fits, instead of looping forever', () => {
    const config = superWeightsConfig({ budget: 1_000, search: { thresholdDecrement: 0.25 } });
    expect(() => searchSharing(members, input, config)).toThrow(BudgetError);
    expect(() => searchSharing(members, input, config)).toThrow(
      /no cluster threshold fits the budget of 1,000/,
    );
  });
});
