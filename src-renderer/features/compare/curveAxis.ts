// Where each recorded point of a run's main training sits on the Compare curves' x-axis: the
// optimiser step (counted across epochs), the epoch (fractional for steps inside an epoch), or
// the training time in seconds. Step rows hold their epoch's running images/s, so a step's time
// is the seconds of the epochs before it plus the images seen so far over that rate.
import type { EpochMetricsWire, StepMetricsWire } from '../runs/runsClient';

export const X_AXES = [
  { key: 'step', label: 'step' },
  { key: 'epoch', label: 'epoch' },
  { key: 'time', label: 'training time (s)' },
] as const;
export type XAxis = (typeof X_AXES)[number]['key'];

import type { CurvePoint } from '../../components/charts/smoothing';
export type { CurvePoint };

/** What the x mapping needs of a run: its main-phase rows and its batch size. */
export interface TimelineRun {
  epochs: readonly EpochMetricsWire[];
  steps: readonly StepMetricsWire[];
  /** config.training.batchSize, or null when the config does not say. */
  batchSize: number | null;
}

/** The phase the curves compare: searches and unsharing train other models. */
const MAIN = 'main';

/** Per main-phase epoch: steps it holds, and its first step's and its start's position. */
export interface Timeline {
  stepsIn(epoch: number): number;
  stepsBefore(epoch: number): number;
  secondsBefore(epoch: number): number | null;
  seconds(epoch: number): number | null;
}

/** The step counts and durations the x mapping reads, from a run's main-phase rows. */
export function timeline(run: TimelineRun): Timeline {
  const counts = new Map<number, number>();
  for (const row of run.steps) {
    if (row.phase !== MAIN) continue;
    counts.set(row.epoch, Math.max(counts.get(row.epoch) ?? 0, row.step + 1));
  }
  // An epoch under way (or whose steps were not kept) counts as long as the longest one seen.
  const typical = Math.max(0, ...counts.values());
  const seconds = new Map<number, number | null>();
  for (const row of run.epochs) if (row.phase === MAIN) seconds.set(row.epoch, row.seconds);
  const lastEpoch = Math.max(-1, ...counts.keys(), ...seconds.keys());
  const stepsIn = (epoch: number) => Math.max(counts.get(epoch) ?? 0, typical);
  const stepsBefore: number[] = [0];
  const secondsBefore: (number | null)[] = [0];
  for (let e = 0; e <= lastEpoch; e++) {
    stepsBefore.push(stepsBefore[e] + stepsIn(e));
    const previous = secondsBefore[e];
    const own = seconds.get(e) ?? null;
    secondsBefore.push(previous === null || own === null ? null : previous + own);
  }
  return {
    stepsIn,
    stepsBefore: (epoch) => stepsBefore[epoch] ?? stepsBefore[stepsBefore.length - 1],
    secondsBefore: (epoch) => secondsBefore[epoch] ?? null,
    seconds: (epoch) => seconds.get(epoch) ?? null,
  };
}

/** x of a step row (0-based epoch and step), or null when the axis cannot place it. */
export function stepX(
  row: StepMetricsWire,
  axis: XAxis,
  line: Timeline,
  batchSize: number | null,
): number | null {
  if (axis === 'step') return line.stepsBefore(row.epoch) + row.step + 1;
  if (axis === 'epoch') return row.epoch + (row.step + 1) / Math.max(1, line.stepsIn(row.epoch));
  const start = line.secondsBefore(row.epoch);
  if (start === null) return null;
  if (batchSize !== null && row.imagesPerSecond !== null && row.imagesPerSecond > 0)
    return start + ((row.step + 1) * batchSize) / row.imagesPerSecond;
  const own = line.seconds(row.epoch);
  return own === null
    ? null
    : start + ((row.step + 1) / Math.max(1, line.stepsIn(row.epoch))) * own;
}

/** x of the end of epoch `epoch` (0-based), where its validation and test metrics belong. */
export function epochX(epoch: number, axis: XAxis, line: Timeline): number | null {
  if (axis === 'epoch') return epoch + 1;
  if (axis === 'step') {
    const steps = line.stepsBefore(epoch + 1);
    // Without step rows there is no step count to place the epoch at.
    return steps > 0 ? steps : null;
  }
  return line.secondsBefore(epoch + 1);
}

/** The main-phase step rows of a run as points of `value` on `axis`, in x order. */
export function stepPoints(
  run: TimelineRun,
  value: (row: StepMetricsWire) => number | null,
  axis: XAxis,
): CurvePoint[] {
  const line = timeline(run);
  const points: CurvePoint[] = [];
  for (const row of run.steps) {
    if (row.phase !== MAIN) continue;
    const y = value(row);
    const x = stepX(row, axis, line, run.batchSize);
    if (x !== null && y !== null && Number.isFinite(y)) points.push({ x, y });
  }
  return points.sort((a, b) => a.x - b.x);
}

/** The main-phase epoch rows of a run as points of `value` on `axis`, in x order. */
export function epochPoints(
  run: TimelineRun,
  value: (row: EpochMetricsWire) => number | null,
  axis: XAxis,
): CurvePoint[] {
  const line = timeline(run);
  const points: CurvePoint[] = [];
  for (const row of run.epochs) {
    if (row.phase !== MAIN) continue;
    const y = value(row);
    const x = epochX(row.epoch, axis, line);
    if (x !== null && y !== null && Number.isFinite(y)) points.push({ x, y });
  }
  return points.sort((a, b) => a.x - b.x);
}
