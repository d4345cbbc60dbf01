import { describe, expect, it } from 'vitest';
import { buildArchitecture } from '../../../../../src-main/engine/arch/registry';
import { buildDesign } from '../../../../../src-main/engine/arch/design';
import { createRng } from '../../../../../src-main/engine/random';
import { ssnConfig } from '../../../../../src-main/engine/npas/ssn/config';
import { orthogonal } from '../../../../../src-main/engine/npas/orthogonal';
import { planSsn } from '../../../../../src-main/engine/npas/ssn/planSsn';
import { initStore, storeInitSegments } from '../../../../../src-main/engine/npas/ssn/storeInit';

const gram = (m: Float32Array, rows: number, cols: number, byRows: boolean) => {
  const n = byRows ? rows : cols;
  const at = (i: number, k: number) => (byRows ? m[i * cols + k] : m[k * cols + i]);
  const len = byRows ? cols : rows;
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) =>
      Array.from({ length: len }, (_, k) => at(i, k) * at(j, k)).reduce((a, b) => a + b),
    ),
  );
};

describe('SSN initialisation', () => {
  it('draws orthonormal rows when rows ≤ cols and orthonormal columns otherwise (PyTorch orthogonal_)', () => {
    const wide = orthogonal(3, 8, createRng(1));
    gram(wide, 3, 8, true).forEach((row, i) =>
      row.forEach((v, j) => expect(v).toBeCloseTo(i === j ? 1 : 0, 5)),
    );
    const tall = orthogonal(7, 3, createRng(2));
    gram(tall, 7, 3, false).forEach((row, i) =>
      row.forEach((v, j) => expect(v).toBeCloseTo(i === j ? 1 : 0, 5)),
    );
    // Rows then have mean squared norm K / n_K = 3 / 7.
    const meanSquare = Array.from(tall).reduce((s, v) => s + v * v, 0) / 7;
    expect(meanSquare).toBeCloseTo(3 / 7, 5);
    expect(orthogonal(3, 8, createRng(1))).toEqual(wide);
  });

  it('initialises the worked-example store least common shape first, most common last (ssn.md §2.4)', () => {
    const wrn = buildArchitecture('wrn-28-10', {
      classes: 100,
      input: { height: 32, width: 32, channels: 3 },
    });
    const plan = planSsn(wrn, ssnConfig({ budget: 3_650_000 }));
    const segments = storeInitSegments(plan.groups[0]).map((s) => [s.start, s.end, s.std]);
    const std = (fanIn: number) => Math.sqrt(2 / fanIn);
    expect(segments).toEqual([
      [0, 1_843_200, std(1440)],
      [1_843_200, 2_764_800, std(2880)],
      [2_764_800, 3_225_600, std(1440)],
      [3_225_600, 3_650_000, std(9)],
    ]);
  });

  it('initialises the whole store, the P mod 9 tail included, with the planned spreads', () => {
    const cnn = buildArchitecture('cnn', {
      classes: 10,
      input: { height: 28, width: 28, channels: 1 },
    });
    const plan = planSsn(cnn, ssnConfig({ budget: 5003 }));
    const group = plan.groups[0];
    const values = initStore(group, createRng(3));
    expect(values).toHaveLength(5003);
    expect(values.slice(4995).every((v) => v !== 0 && Number.isFinite(v))).toBe(true);
    for (const s of storeInitSegments(group).filter((s) => s.end - s.start > 400)) {
      const part = values.slice(s.start, s.end);
      const rms = Math.sqrt(part.reduce((a, v) => a + v * v, 0) / part.length);
      expect(Math.abs(rms / s.std - 1)).toBeLessThan(0.15);
    }
  });

  it("redraws a resized layer's region at its own fan-in with init 'fanIn', and only then", () => {
    const design = buildDesign({
      input: { height: 28, width: 28, channels: 1 },
      classes: 10,
      layers: [
        { type: 'conv', filters: 16, kernel: 3 },
        { type: 'maxPool', size: 2 },
        { type: 'conv', filters: 32, kernel: 3 },
        { type: 'maxPool', size: 2 },
        { type: 'flatten' },
        { type: 'dense', units: 64 },
      ],
    });
    const dense = design.layers.find((l) => l.kind === 'dense' && l.inChannels === 1568)!;
    const stdAt = (init: 'reference' | 'fanIn') => {
      const plan = planSsn(design, ssnConfig({ budget: 10_528, init }));
      const layer = plan.layers[dense.id];
      expect(layer.resize).toBe('inter');
      const segment = storeInitSegments(plan.groups[layer.group]).find(
        (s) => s.start <= layer.start && s.end > layer.start,
      )!;
      return segment.std;
    };
    expect(stdAt('fanIn')).toBeCloseTo(Math.sqrt(2 / 1568), 12);
    expect(stdAt('reference')).not.toBeCloseTo(Math.sqrt(2 / 1568), 3);
  });
});
