// Overlaid training curves of the compared runs: the metric choices (per step and per epoch),
// the runs' histories placed on the chosen x-axis, smoothed and aligned (uPlot's data layout,
// gaps as null), and an SVG of the same series for export.
import type { EpochMetricsWire, StepMetricsWire } from '../runs/runsClient';
import {
  epochPoints,
  stepPoints,
  type CurvePoint,
  type TimelineRun,
  type XAxis,
} from './curveAxis';
import { runColor, runDash } from '../../components/charts/palette';
import { extent, linearScale, logScale } from '../../components/charts/scales';
import { alignPoints, emaSmooth, positivePoints } from '../../components/charts/smoothing';

export const CURVE_METRICS = [
  { key: 'valTop1', label: 'Validation top-1', percent: true },
  { key: 'testTop1', label: 'Test top-1', percent: true },
  { key: 'valLoss', label: 'Validation loss', percent: false },
  { key: 'trainLoss', label: 'Train loss', percent: false },
] as const;
export type CurveMetric = (typeof CURVE_METRICS)[number]['key'];

/** Metrics recorded at every optimiser step (the training batch's, and the learning rate). */
export const STEP_METRICS = [
  { key: 'loss', label: 'Train loss (per step)', percent: false },
  { key: 'accuracy', label: 'Train accuracy (per step)', percent: true },
  { key: 'lr', label: 'Learning rate', percent: false },
] as const;
export type StepMetric = (typeof STEP_METRICS)[number]['key'];

/** How the curves are drawn: the x-axis, the EMA weight (0 = raw) and a log-scale y. */
export interface CurveView {
  axis: XAxis;
  smoothing: number;
  logY: boolean;
}

/** Each run's points of a per-step or per-epoch metric, smoothed and log-ready, as uPlot data. */
export function curveData(
  runs: readonly TimelineRun[],
  metric: { step: StepMetric } | { epoch: CurveMetric },
  view: CurveView,
): AlignedData {
  const series = runs.map((run) => {
    let points: CurvePoint[] =
      'step' in metric
        ? stepPoints(run, (row: StepMetricsWire) => row[metric.step], view.axis)
        : epochPoints(run, (row: EpochMetricsWire) => row[metric.epoch], view.axis);
    points = emaSmooth(points, view.smoothing);
    return view.logY ? positivePoints(points) : points;
  });
  return alignPoints(series);
}

export interface CurveRun {
  id: string;
  name: string;
  epochs: readonly EpochMetricsWire[];
}

/** uPlot data: [epochs, run 1 values, run 2 values, ...], every array the same length. */
export type AlignedData = [number[], ...(number | null)[][]];

/** Aligns each run's `metric` on the union of their epochs (1-based, as users count). */
export function alignCurves(runs: readonly CurveRun[], metric: CurveMetric): AlignedData {
  const epochs = [...new Set(runs.flatMap((r) => r.epochs.map((e) => e.epoch)))].sort(
    (a, b) => a - b,
  );
  const position = new Map(epochs.map((epoch, i) => [epoch, i]));
  const series = runs.map((run) => {
    const values: (number | null)[] = new Array(epochs.length).fill(null);
    for (const row of run.epochs) {
      const value = row[metric];
      if (value !== null && Number.isFinite(value)) values[position.get(row.epoch)!] = value;
    }
    return values;
  });
  return [epochs.map((e) => e + 1), ...series];
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A standalone SVG of aligned curves (axes, ticks, one path per run, a legend). */
export function curvesSvg(
  data: AlignedData,
  runs: readonly { name: string }[],
  options: {
    width: number;
    height: number;
    title: string;
    percent: boolean;
    xLabel?: string;
    logY?: boolean;
  },
): string {
  const { width, height } = options;
  const pad = { left: 56, right: 16, top: 28, bottom: 40 + 16 * Math.ceil(runs.length / 3) };
  const [xs, ...ys] = data;
  const xDomain = extent(xs) ?? [0, 1];
  const yDomain = extent(ys.flat()) ?? [0, 1];
  const x = linearScale(xDomain, [pad.left, width - pad.right]);
  const y = (options.logY ? logScale : linearScale)(yDomain, [height - pad.bottom, pad.top]);
  const fmt = (v: number) =>
    options.percent ? `${+(v * 100).toFixed(1)}%` : String(+v.toPrecision(3));
  const parts: string[] = [
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${pad.left}" y="18" font-size="13" font-weight="600">${escapeXml(options.title)}</text>`,
  ];
  for (const t of y.ticks) {
    parts.push(
      `<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(t)}" y2="${y(t)}" stroke="#e3e6eb"/>`,
      `<text x="${pad.left - 6}" y="${y(t) + 4}" font-size="11" text-anchor="end">${fmt(t)}</text>`,
    );
  }
  for (const t of x.ticks) {
    parts.push(
      `<text x="${x(t)}" y="${height - pad.bottom + 16}" font-size="11" text-anchor="middle">${+t.toPrecision(4)}</text>`,
    );
  }
  parts.push(
    `<text x="${(pad.left + width - pad.right) / 2}" y="${height - pad.bottom + 32}" font-size="11" text-anchor="middle">${escapeXml(options.xLabel ?? 'epoch')}</text>`,
  );
  ys.forEach((values, i) => {
    let d = '';
    let pen = false;
    values.forEach((v, k) => {
      if (v === null) return; // gaps are spanned, as in the uPlot chart
      d += `${pen ? 'L' : 'M'}${x(xs[k]).toFixed(1)},${y(v).toFixed(1)}`;
      pen = true;
    });
    const dash = runDash(i).join(' ');
    parts.push(
      `<path d="${d}" fill="none" stroke="${runColor(i)}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`,
    );
    const lx = pad.left + (i % 3) * ((width - pad.left) / 3);
    const ly = height - 14 * Math.ceil(runs.length / 3) + 14 * Math.floor(i / 3) - 4;
    parts.push(
      `<line x1="${lx}" x2="${lx + 18}" y1="${ly - 4}" y2="${ly - 4}" stroke="${runColor(i)}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`,
      `<text x="${lx + 22}" y="${ly}" font-size="11">${escapeXml(runs[i]?.name ?? '')}</text>`,
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" fill="#1c2230">${parts.join('')}</svg>`;
}
