import { describe, expect, it } from 'vitest';
import {
  filterGradPads,
  inputGradPhases,
  phaseRows,
  splitPads,
  type ConvAxis,
} from '../../../../src-main/engine/backend/convGeometry';

/** dx along one axis by the definition: dx[r] = Σ over (o, i) with o·s + i − p = r of dy[o]·w[i]. */
function inputGradByDefinition(axis: ConvAxis, dy: number[], w: number[]): number[] {
  const dx = new Array<number>(axis.inSize).fill(0);
  for (let o = 0; o < axis.outSize; o++)
    for (let i = 0; i < axis.kernel; i++) {
      const r = o * axis.stride + i - axis.padBefore;
      if (r >= 0 && r < axis.inSize) dx[r] += dy[o] * w[i];
    }
  return dx;
}

/** dx along one axis from the phases: each a 1-D correlation of padded dy with its sub-kernel. */
function inputGradByPhases(axis: ConvAxis, dy: number[], w: number[]): number[] {
  const flipped = [...w].reverse();
  const rows = phaseRows(axis);
  const dx = new Array<number>(rows * axis.stride).fill(0);
  inputGradPhases(axis).forEach((phase, b) => {
    const sub = Array.from(
      { length: phase.taps },
      (_, t) => flipped[phase.filterStart + t * axis.stride],
    );
    for (let a = 0; a < rows; a++) {
      let acc = 0;
      for (let t = 0; t < phase.taps; t++) {
        const j = a + t - phase.pads.before;
        if (j >= 0 && j < axis.outSize) acc += dy[j] * sub[t];
      }
      dx[a * axis.stride + b] = acc;
    }
  });
  return dx.slice(0, axis.inSize);
}

function outSize(
  inSize: number,
  kernel: number,
  stride: number,
  padBefore: number,
  padAfter: number,
) {
  return Math.floor((inSize + padBefore + padAfter - kernel) / stride) + 1;
}

describe('conv gradient geometry', () => {
  it('pads x so the filter-gradient conv yields exactly the kernel size (3×3, stride 1, same)', () => {
    expect(filterGradPads({ inSize: 32, outSize: 32, kernel: 3, stride: 1, padBefore: 1 })).toEqual(
      {
        before: 1,
        after: 1,
      },
    );
  });

  it('asks to crop the unused last row for stride 2, valid, 1×1 on an even size', () => {
    // Outputs read rows 0, 2, 4, 6 of 8: row 7 is never used, so after = −1.
    expect(filterGradPads({ inSize: 8, outSize: 4, kernel: 1, stride: 2, padBefore: 0 })).toEqual({
      before: 0,
      after: -1,
    });
  });

  it('splits signed pads into a crop and a non-negative pad', () => {
    expect(splitPads(10, { before: -1, after: 2 })).toEqual({ start: 1, size: 9, pad: [0, 2] });
    expect(splitPads(10, { before: 2, after: -3 })).toEqual({ start: 0, size: 7, pad: [2, 0] });
  });

  it('has one ordinary phase for stride 1: flipped kernel, pad k − 1 − p', () => {
    expect(inputGradPhases({ inSize: 7, outSize: 7, kernel: 3, stride: 1, padBefore: 1 })).toEqual([
      { taps: 3, filterStart: 0, pads: { before: 1, after: 1 } },
    ]);
  });

  it('splits a 3×3 stride-2 same kernel into phases of 2 and 1 taps, and 1×1 into 1 and 0', () => {
    const same = inputGradPhases({ inSize: 16, outSize: 8, kernel: 3, stride: 2, padBefore: 0 });
    expect(same.map((p) => p.taps)).toEqual([2, 1]);
    const pointwise = inputGradPhases({
      inSize: 16,
      outSize: 8,
      kernel: 1,
      stride: 2,
      padBefore: 0,
    });
    expect(pointwise.map((p) => p.taps)).toEqual([1, 0]);
  });

  it('reproduces the definition of the input gradient for every small axis geometry', () => {
    let checked = 0;
    for (const stride of [1, 2, 3])
      for (const kernel of [1, 2, 3, 5])
        for (const inSize of [1, 2, 5, 6, 7, 15])
          for (const padBefore of [0, 1, 2])
            for (const padAfter of [0, 1, 2]) {
              const m = outSize(inSize, kernel, stride, padBefore, padAfter);
              if (m < 1) continue;
              const axis = { inSize, outSize: m, kernel, stride, padBefore };
              const dy = Array.from({ length: m }, (_, i) => ((i * 7) % 5) - 2);
              const w = Array.from({ length: kernel }, (_, i) => i + 1);
              expect(inputGradByPhases(axis, dy, w), JSON.stringify(axis)).toEqual(
                inputGradByDefinition(axis, dy, w),
              );
              // Each phase's padded dy yields exactly phaseRows outputs.
              for (const { taps, pads } of inputGradPhases(axis)) {
                if (taps > 0) expect(m + pads.before + pads.after - taps + 1).toBe(phaseRows(axis));
              }
              checked++;
            }
    expect(checked).toBeGreaterThan(500);
  });
});
