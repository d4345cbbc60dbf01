import { describe, expect, it } from 'vitest';
import { diffConfigs, flattenConfig } from '../../src-renderer/features/compare/configDiff';
import { alignCurves, curvesSvg } from '../../src-renderer/features/compare/curves';
import {
  frontiersByMethod,
  paretoFrontier,
  stepLine,
  type BudgetPoint,
} from '../../src-renderer/features/compare/frontier';
import { parallelLayout } from '../../src-renderer/features/compare/parallel';
import { logScale, niceTicks } from '../../src-renderer/components/charts/scales';
import { makeDetails, makeEpochs, makeRunRow } from './fakesRuns';
import type { RunDetailsWire } from '../../src-renderer/features/runs/runsClient';

const point = (id: string, budget: number, accuracy: number, method = 'ssn'): BudgetPoint => ({
  id,
  method,
  budget,
  accuracy,
});

describe('the compare config diff', () => {
  it('flattens nested configs to dotted paths', () => {
    expect(
      flattenConfig({ arch: 'cnn', training: { lr: 0.1, schedule: { type: 'cosine' } }, ssn: {} }),
    ).toEqual({ arch: 'cnn', 'training.lr': 0.1, 'training.schedule.type': 'cosine', ssn: {} });
    expect(flattenConfig({ design: { layers: [{ out: 8 }, { out: 16 }] } })).toEqual({
      'design.layers.0.out': 8,
      'design.layers.1.out': 16,
    });
  });

  it('shows only the keys that differ, a missing key counting as a difference', () => {
    const a = { arch: 'cnn', seed: 0, budget: '10%', training: { lr: 0.1, epochs: 3 } };
    const b = {
      arch: 'cnn',
      seed: 1,
      budget: '10%',
      training: { lr: 0.05, epochs: 3 },
      ssn: { k: 4 },
    };
    const c = { arch: 'cnn', seed: 2, budget: '10%', training: { lr: 0.1, epochs: 3 } };
    expect(diffConfigs([a, b, c])).toEqual([
      { path: 'seed', values: ['0', '1', '2'] },
      { path: 'ssn.k', values: ['—', '4', '—'] },
      { path: 'training.lr', values: ['0.1', '0.05', '0.1'] },
    ]);
    expect(diffConfigs([a, { ...a }])).toEqual([]);
  });
});

describe('the accuracy-vs-budget frontier', () => {
  it('keeps the runs no cheaper run beats', () => {
    const points = [
      point('a', 1000, 0.7),
      point('b', 2000, 0.65), // dominated by a
      point('c', 4000, 0.8),
      point('d', 4000, 0.75), // same budget, less accurate
      point('e', 8000, 0.8), // ties c at a larger budget: dominated
      point('f', 16000, 0.85),
    ];
    expect(paretoFrontier(points).map((p) => p.id)).toEqual(['a', 'c', 'f']);
  });

  it('computes one frontier per method and skips unusable points', () => {
    const frontiers = frontiersByMethod([
      point('s1', 1000, 0.6, 'ssn'),
      point('s2', 3000, 0.7, 'ssn'),
      point('w1', 1000, 0.65, 'superweights'),
      point('w2', 3000, 0.62, 'superweights'),
      point('u', 0, 0.9, 'unshared'),
    ]);
    expect([...frontiers].map(([m, f]) => [m, f.map((p) => p.id)])).toEqual([
      ['ssn', ['s1', 's2']],
      ['superweights', ['w1']],
      ['unshared', []],
    ]);
  });

  it('draws the frontier as a step line', () => {
    expect(
      stepLine([point('a', 1000, 0.7), point('c', 4000, 0.8), point('f', 16000, 0.85)]),
    ).toEqual([
      [1000, 0.7],
      [4000, 0.7],
      [4000, 0.8],
      [16000, 0.8],
      [16000, 0.85],
    ]);
  });
});

describe('compare curves and axes', () => {
  it('aligns runs of different lengths on one epoch axis with gaps', () => {
    const data = alignCurves(
      [
        { id: 'a', name: 'a', epochs: makeEpochs(3, 0.9) },
        { id: 'b', name: 'b', epochs: makeEpochs(2, 0.8) },
      ],
      'valTop1',
    );
    expect(data[0]).toEqual([1, 2, 3]);
    expect(data[1].map((v) => +v!.toFixed(4))).toEqual([0.3541, 0.5689, 0.6992]);
    expect(data[2][2]).toBeNull();
  });

  it('builds an SVG of the same series with escaped names', () => {
    const data = alignCurves([{ id: 'a', name: 'x', epochs: makeEpochs(3, 0.9) }], 'valTop1');
    const svg = curvesSvg(data, [{ name: '<b>run</b>' }], {
      width: 400,
      height: 200,
      title: 'Val',
      percent: true,
    });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<path /g)).toHaveLength(1);
    expect(svg).not.toContain('<b>');
  });

  it('puts log ticks on powers of ten and nice ticks on round steps', () => {
    expect(logScale([1500, 2_000_000], [0, 100]).ticks).toEqual([1e4, 1e5, 1e6]);
    expect(niceTicks(0.52, 0.91)).toEqual([0.6, 0.7, 0.8, 0.9]);
    const scale = logScale([10, 1000], [0, 100]);
    expect(scale(100)).toBeCloseTo(50);
  });

  it('labels a log axis narrower than one 1-2-5 step with round linear ticks', () => {
    // A sweep's budgets 80% and 90% of a 29k network: no 1, 2 or 5 × 10^k lies between them.
    expect(logScale([22_000, 28_000], [0, 100]).ticks).toEqual([22_000, 24_000, 26_000, 28_000]);
  });

  it('lays out one line per run across the parallel axes, breaking at missing values', () => {
    const details = (id: string, budget: number | null, lr: number): RunDetailsWire =>
      makeDetails(
        makeRunRow(0, {
          id,
          budgetParams: budget,
          trainableParams: 5000,
          bestValTop1: 0.8,
          bestTestTop1: 0.79,
        }),
        { config: { training: { lr, epochs: 3 } } },
      );
    const layout = parallelLayout([details('a', 1000, 0.1), details('b', null, 0.01)], 700, 300);
    expect(layout.axes.map((a) => a.axis.key)).toEqual([
      'budget',
      'trainable',
      'lr',
      'epochs',
      'val',
      'test',
    ]);
    expect(layout.lines[0].pieces).toHaveLength(1);
    expect(layout.lines[0].pieces[0]).toHaveLength(6);
    expect(layout.lines[1].pieces.map((p) => p.length)).toEqual([5]);
    // lr 0.1 sits at the top of the lr axis, 0.01 at the bottom.
    const lrAxis = layout.axes[2];
    expect(lrAxis.scale(0.1)).toBeCloseTo(36);
    expect(lrAxis.scale(0.01)).toBeCloseTo(272);
  });
});
