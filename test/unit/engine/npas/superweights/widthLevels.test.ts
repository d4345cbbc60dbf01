import { describe, expect, it } from 'vitest';
import {
  levelSegments,
  planSuperWeights,
  sortedShapes,
  superWeightsConfig,
} from '../../../../../src-main/engine/npas/superweights';
import { readmeEnsemble } from './fixtures';

const s = (out: number, inp: number, k = 3) => ({ out, in: inp, kh: k, kw: k });

describe('width levels (superweights.md §1.3)', () => {
  it('reproduces the cluster-1 levels of the README ensemble: 432, 8784, 6912, 27648, 76032', () => {
    const plan = planSuperWeights(readmeEnsemble(), superWeightsConfig());
    const banks = plan.banks.filter((b) => b.cluster === 1);
    expect(banks.map((b) => b.segment.numel)).toEqual([432, 8784, 6912, 27648, 76032]);
    const [l0, l1, l2, l3, l4] = banks.map((b) => b.segment);
    expect(l0.rows).toEqual(s(16, 3));
    expect([l1.rows, l1.cols]).toEqual([s(48, 16), s(16, 13)]);
    expect([l2.rows, l2.cols]).toEqual([s(48, 16), null]);
    expect([l3.rows.out, l3.cols]).toEqual([-48, s(64, 48)]);
    expect([l4.rows, l4.cols]).toEqual([s(48, 112), s(64, 48)]);
  });

  it('builds a [112,112] layer through 16×3 → 64×16 → 112×16 → 64×64 → 112×112', () => {
    const plan = planSuperWeights(readmeEnsemble(), superWeightsConfig());
    const layer = plan.members[0].layers[2]!;
    expect(layer.pieces.map((p) => plan.banks[p.bank].segment.target)).toEqual([
      s(16, 3),
      s(64, 16),
      s(112, 16),
      s(64, 64),
      s(112, 112),
    ]);
    // A [64,16] layer of WRN-28-4 stops at level 1.
    expect(plan.members[1].layers[1]!.pieces).toHaveLength(2);
  });

  it('sorts shapes stably by (numel, O, I) and drops duplicates', () => {
    const sorted = sortedShapes([s(64, 32), s(32, 64), s(16, 16), s(32, 64)]);
    expect(sorted).toEqual([s(16, 16), s(32, 64), s(64, 32)]);
    // The equal-numel tie becomes a row block after cropping 32 input columns.
    expect(levelSegments(sorted)[2]).toMatchObject({
      rows: s(32, 32),
      cols: null,
      numel: 32 * 32 * 9,
    });
  });
});
