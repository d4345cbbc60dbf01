// The one orthogonal initialisation both methods share (issue #9, item 17): PyTorch's draw
// order, orthonormal along the shorter side, and no NaN when Gram–Schmidt meets a zero column.
import { describe, expect, it } from 'vitest';
import { orthogonal } from '../../../../src-main/engine/npas/orthogonal';
import { createRng, type Rng } from '../../../../src-main/engine/random';

/** An Rng whose normal draws repeat `values` (linearly dependent columns on purpose). */
function repeating(values: number[]): Rng {
  const base = createRng(0);
  let i = 0;
  return { ...base, normal: () => values[i++ % values.length] };
}

describe('orthogonal', () => {
  it('keeps a column Gram–Schmidt reduces to zero at zero instead of NaN', () => {
    // Every draw is 1: all three columns of the 5×3 matrix are equal, so the 2nd and 3rd vanish.
    const m = orthogonal(5, 3, repeating([1]));
    expect(m.every(Number.isFinite)).toBe(true);
    for (let r = 0; r < 5; r++) {
      expect(m[r * 3]).toBeCloseTo(1 / Math.sqrt(5), 6);
      expect(m[r * 3 + 1]).toBe(0);
      expect(m[r * 3 + 2]).toBe(0);
    }
    // The same for a wide matrix: its rows are the vanishing side.
    const wide = orthogonal(2, 4, repeating([0]));
    expect(Array.from(wide)).toEqual(new Array(8).fill(0));
  });

  it('draws the Gaussian row-major like torch.nn.init.orthogonal_, then orthonormalises', () => {
    // Draws 1, 0, 1, 1 make [[1, 0], [1, 1]]: its columns (1, 1) and (0, 1) orthonormalise to
    // (1, 1)/√2 and (−1, 1)/√2. Reading the draws column by column would give the identity.
    const h = Math.SQRT1_2;
    const m = Array.from(orthogonal(2, 2, repeating([1, 0, 1, 1])));
    [h, -h, h, h].forEach((v, i) => expect(m[i]).toBeCloseTo(v, 6));
  });
});
