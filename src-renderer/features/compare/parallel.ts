// Parallel-coordinates layout: one vertical axis per quantity (budget, trainable, lr, epochs,
// accuracies), one polyline per run; a value a run lacks breaks its line there.
import type { RunDetailsWire } from '../runs/runsClient';
import { extent, linearScale, logScale, type Scale } from '../../components/charts/scales';

export interface ParallelAxis {
  key: string;
  label: string;
  log: boolean;
  percent?: boolean;
  value(details: RunDetailsWire): number | null;
}

function configNumber(config: Record<string, unknown>, path: string): number | null {
  let node: unknown = config;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return null;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'number' && Number.isFinite(node) ? node : null;
}

export const PARALLEL_AXES: readonly ParallelAxis[] = [
  { key: 'budget', label: 'Budget params', log: true, value: (d) => d.run.budgetParams },
  { key: 'trainable', label: 'Trainable', log: true, value: (d) => d.run.trainableParams },
  {
    key: 'lr',
    label: 'Learning rate',
    log: true,
    value: (d) => configNumber(d.run.config, 'training.lr'),
  },
  {
    key: 'epochs',
    label: 'Epochs',
    log: false,
    value: (d) => configNumber(d.run.config, 'training.epochs') ?? d.run.epochsDone,
  },
  {
    key: 'val',
    label: 'Best val top-1',
    log: false,
    percent: true,
    value: (d) => d.run.bestValTop1,
  },
  {
    key: 'test',
    label: 'Best test top-1',
    log: false,
    percent: true,
    value: (d) => d.run.bestTestTop1,
  },
];

export interface PlacedAxis {
  axis: ParallelAxis;
  x: number;
  scale: Scale;
}

export interface ParallelLayout {
  axes: PlacedAxis[];
  /** Per run: its line's pieces (consecutive axes where it has values), as [x, y] points. */
  lines: { id: string; pieces: [number, number][][] }[];
}

/** Places the axes across `width` and every run's line, within the padding. */
export function parallelLayout(
  runs: readonly RunDetailsWire[],
  width: number,
  height: number,
  pad = { left: 60, right: 60, top: 36, bottom: 28 },
): ParallelLayout {
  const step = (width - pad.left - pad.right) / Math.max(1, PARALLEL_AXES.length - 1);
  const axes = PARALLEL_AXES.map((axis, i): PlacedAxis => {
    const values = runs.map((run) => axis.value(run)).filter((v) => !axis.log || (v ?? 0) > 0);
    const domain = extent(values) ?? [axis.log ? 1 : 0, axis.log ? 10 : 1];
    const range: [number, number] = [height - pad.bottom, pad.top];
    return {
      axis,
      x: pad.left + i * step,
      scale: axis.log ? logScale(domain, range) : linearScale(domain, range),
    };
  });
  const lines = runs.map((run) => {
    const pieces: [number, number][][] = [];
    let piece: [number, number][] = [];
    for (const { axis, x, scale } of axes) {
      const v = axis.value(run);
      if (v === null || !Number.isFinite(v) || (axis.log && v <= 0)) {
        if (piece.length) pieces.push(piece);
        piece = [];
      } else piece.push([x, scale(v)]);
    }
    if (piece.length) pieces.push(piece);
    return { id: run.run.id, pieces };
  });
  return { axes, lines };
}
