// Issue #12 item 8, the derivations behind the Compare curves and charts: where step and epoch
// rows sit on the step, epoch and training-time axes, the EMA smoothing, the log-scale filter,
// the config diff's `{}`-versus-absent rule and the scatter's padded scales.
import { describe, expect, it } from 'vitest';
import { diffConfigs } from '../../src-renderer/features/compare/configDiff';
import {
  epochPoints,
  stepPoints,
  type TimelineRun,
} from '../../src-renderer/features/compare/curveAxis';
import { curveData, curvesSvg } from '../../src-renderer/features/compare/curves';
import { linearScale, logScale, padDomain } from '../../src-renderer/components/charts/scales';
import { scatterDomains } from '../../src-renderer/features/compare/scatterDomains';
import {
  alignPoints,
  emaSmooth,
  positivePoints,
} from '../../src-renderer/components/charts/smoothing';
import type {
  EpochMetricsWire,
  StepMetricsWire,
} from '../../src-renderer/features/runs/runsClient';

function stepRow(epoch: number, step: number, loss: number, phase = 'main'): StepMetricsWire {
  return { runId: 'r', phase, epoch, step, loss, accuracy: 0.5, lr: 0.1, imagesPerSecond: 40 };
}

function epochRow(epoch: number, seconds: number | null, valTop1: number): EpochMetricsWire {
  return {
    runId: 'r',
    phase: 'main',
    epoch,
    lr: 0.1,
    seconds,
    imagesPerSecond: 40,
    trainLoss: 1,
    trainAccuracy: 0.5,
    valLoss: 1,
    valTop1,
    valTop5: null,
    testLoss: null,
    testTop1: null,
    testTop5: null,
  };
}

/** Two epochs of 4 steps, batch 8 at 40 images/s (0.2 s a step), epochs of 1 s and 2 s. */
const run: TimelineRun = {
  batchSize: 8,
  steps: [
    stepRow(0, 0, 4),
    stepRow(0, 1, 3),
    stepRow(0, 2, 2),
    stepRow(0, 3, 1),
    stepRow(1, 0, 0.5),
    stepRow(1, 1, 0.4),
    stepRow(1, 2, 0.3),
    stepRow(1, 3, 0.2),
    // A search phase trains another model: it never lands on the main curves.
    stepRow(0, 0, 99, 'search'),
  ],
  epochs: [epochRow(0, 1, 0.3), epochRow(1, 2, 0.6)],
};

describe('the Compare x-axis', () => {
  it('counts steps across epochs, 1-based, and puts an epoch at its last step', () => {
    const steps = stepPoints(run, (r) => r.loss, 'step');
    expect(steps.map((p) => p.x)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(steps.map((p) => p.y)).toEqual([4, 3, 2, 1, 0.5, 0.4, 0.3, 0.2]);
    expect(epochPoints(run, (r) => r.valTop1, 'step')).toEqual([
      { x: 4, y: 0.3 },
      { x: 8, y: 0.6 },
    ]);
  });

  it('places a step at its fraction of the epoch on the epoch axis', () => {
    expect(stepPoints(run, (r) => r.loss, 'epoch').map((p) => p.x)).toEqual([
      0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2,
    ]);
    expect(epochPoints(run, (r) => r.valTop1, 'epoch').map((p) => p.x)).toEqual([1, 2]);
  });

  it('times a step by the epochs before it plus the images seen over the running rate', () => {
    const xs = stepPoints(run, (r) => r.loss, 'time').map((p) => +p.x.toFixed(6));
    // Epoch 0 starts at 0 s, epoch 1 after epoch 0's 1 s; each step adds 8 / 40 = 0.2 s.
    expect(xs).toEqual([0.2, 0.4, 0.6, 0.8, 1.2, 1.4, 1.6, 1.8]);
    expect(epochPoints(run, (r) => r.valTop1, 'time').map((p) => p.x)).toEqual([1, 3]);
  });

  it('leaves out what the time axis cannot place: steps after an epoch of unknown length', () => {
    const unknown: TimelineRun = { ...run, epochs: [epochRow(0, null, 0.3), epochRow(1, 2, 0.6)] };
    expect(stepPoints(unknown, (r) => r.loss, 'time').map((p) => +p.x.toFixed(6))).toEqual([
      0.2, 0.4, 0.6, 0.8,
    ]);
    expect(epochPoints(unknown, (r) => r.valTop1, 'time')).toEqual([]);
  });

  it('cannot place epochs on the step axis of a run that kept no steps', () => {
    expect(epochPoints({ ...run, steps: [] }, (r) => r.valTop1, 'step')).toEqual([]);
    expect(epochPoints({ ...run, steps: [] }, (r) => r.valTop1, 'epoch')).toHaveLength(2);
  });
});

describe('the Compare smoothing and log scale', () => {
  const points = [3, 1, 2, 6].map((y, x) => ({ x, y }));

  it('leaves the values as recorded at weight 0', () => {
    expect(emaSmooth(points, 0)).toEqual(points);
  });

  it('averages exponentially with a debiased start', () => {
    const smoothed = emaSmooth(points, 0.5).map((p) => +p.y.toFixed(6));
    // EMA 1.5, 1.25, 1.625, 3.8125 divided by 1 - 0.5^k: 0.5, 0.75, 0.875, 0.9375.
    expect(smoothed).toEqual([3, 1.666667, 1.857143, 4.066667]);
    expect(emaSmooth(points, 0.5).map((p) => p.x)).toEqual([0, 1, 2, 3]);
  });

  it('keeps a constant curve constant at any weight', () => {
    const flat = [0, 1, 2, 3, 4].map((x) => ({ x, y: 0.7 }));
    for (const w of [0.3, 0.9, 0.99]) {
      for (const p of emaSmooth(flat, w)) expect(p.y).toBeCloseTo(0.7, 12);
    }
  });

  it('drops values a log axis cannot draw', () => {
    expect(positivePoints([0, -1, 2, 1e-9].map((y, x) => ({ x, y })))).toEqual([
      { x: 2, y: 2 },
      { x: 3, y: 1e-9 },
    ]);
  });

  it('aligns runs on the union of their x values with gaps as null', () => {
    expect(
      alignPoints([
        [
          { x: 1, y: 10 },
          { x: 3, y: 30 },
        ],
        [{ x: 2, y: 20 }],
      ]),
    ).toEqual([
      [1, 2, 3],
      [10, null, 30],
      [null, 20, null],
    ]);
  });

  it('draws a run smoothed on the chosen axis, logged values only', () => {
    const withZero: TimelineRun = { ...run, steps: [stepRow(0, 0, 0), ...run.steps.slice(1, 4)] };
    const data = curveData(
      [withZero],
      { step: 'loss' },
      { axis: 'step', smoothing: 0, logY: true },
    );
    expect(data).toEqual([
      [2, 3, 4],
      [3, 2, 1],
    ]);
    const smooth = curveData(
      [run],
      { epoch: 'valTop1' },
      { axis: 'epoch', smoothing: 0.5, logY: false },
    );
    expect(smooth[0]).toEqual([1, 2]);
    expect(smooth[1][1]).toBeCloseTo((0.5 * 0.15 + 0.3) / 0.75, 12);
  });

  it('labels the exported SVG with the chosen x-axis', () => {
    const svg = curvesSvg(
      [
        [1, 10, 100],
        [0.1, 0.01, 0.001],
      ],
      [{ name: 'a' }],
      { width: 400, height: 200, title: 'Loss', percent: false, xLabel: 'step', logY: true },
    );
    expect(svg).toContain('>step</text>');
    expect(svg).toContain('>0.01</text>');
  });
});

describe('the Compare config diff', () => {
  it('hides a row whose only difference is an empty object against an absent key', () => {
    const rows = diffConfigs([{ arch: 'cnn', ssn: {} }, { arch: 'cnn' }, { arch: 'cnn', ssn: {} }]);
    expect(rows).toEqual([]);
  });

  it('keeps a row where an empty object meets a value or a non-empty one', () => {
    expect(diffConfigs([{ ssn: {} }, { ssn: 3 }]).map((r) => r.path)).toEqual(['ssn']);
    // `ssn: {}` against `ssn: { k: 4 }`: the difference is the option, shown once.
    expect(diffConfigs([{ ssn: {} }, { ssn: { k: 4 } }])).toEqual([
      { path: 'ssn.k', values: ['—', '4'] },
    ]);
    // An empty array is not an empty section: it stays a difference against absent.
    expect(diffConfigs([{ tags: [] }, {}]).map((r) => r.path)).toEqual(['tags']);
  });
});

describe('the accuracy-vs-budget scatter scales', () => {
  it('pads a linear domain by a fraction of its span, and gives a single value a span', () => {
    expect(padDomain([0.5, 1], 0.1)).toEqual([0.45, 1.05]);
    expect(padDomain([0.4, 0.4], 0.1)).toEqual([0.36, 0.44000000000000006]);
    expect(padDomain([0, 0], 0.1)).toEqual([-1, 1]);
  });

  it('pads a log domain in log space', () => {
    const [lo, hi] = padDomain([1e3, 1e5], 0.1, true);
    expect(Math.log10(lo)).toBeCloseTo(2.8, 12);
    expect(Math.log10(hi)).toBeCloseTo(5.2, 12);
    expect(padDomain([100, 100], 0.1, true)).toEqual([50, 200]);
  });

  it('keeps every dot, at the extremes included, at least its radius inside the plot', () => {
    const points = [
      { id: 'a', method: 'ssn', budget: 1_000, accuracy: 1 },
      { id: 'b', method: 'ssn', budget: 50_000, accuracy: 0.42 },
      { id: 'c', method: 'unshared', budget: 2_000_000, accuracy: 0 },
    ];
    const domains = scatterDomains(points);
    const [left, right, bottom, top] = [56, 620, 296, 20];
    const x = logScale(domains.budget, [left, right]);
    const y = linearScale(domains.accuracy, [bottom, top]);
    const radius = 4;
    for (const p of points) {
      expect(x(p.budget)).toBeGreaterThanOrEqual(left + radius);
      expect(x(p.budget)).toBeLessThanOrEqual(right - radius);
      expect(y(p.accuracy)).toBeLessThanOrEqual(bottom - radius);
      expect(y(p.accuracy)).toBeGreaterThanOrEqual(top + radius);
    }
  });

  it('takes the budget marker into the budget domain', () => {
    const domains = scatterDomains([{ id: 'a', method: 'ssn', budget: 1000, accuracy: 0.5 }], 1e5);
    expect(domains.budget[0]).toBeLessThan(1000);
    expect(domains.budget[1]).toBeGreaterThan(1e5);
  });
});
