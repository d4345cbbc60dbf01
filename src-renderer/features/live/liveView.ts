// What the live-run screen derives from a run's state (issue #12 item 7): the best validation and
// test top-1 beside the last batch's figures, speed and ETA only while the run trains, the phase
// only while it trains (the final status otherwise), what an empty per-epoch chart says, and the
// curves as drawn (EMA smoothing, log y).
import type { PhaseWire, RunStatusWire } from '../../../src-main/contract/appApi';
import { emaValues, positiveValues } from '../../components/charts/smoothing';

/** Best validation top-1 over the epochs so far, and the test top-1 of that same epoch. */
export interface BestTop1 {
  validation: number | null;
  /** Test top-1 at the best-validation epoch; the best test top-1 where no epoch validated. */
  test: number | null;
}

/** The best epoch by validation top-1 (test top-1 taken from it), as the Runs table reports. */
export function bestTop1(
  valTop1: ArrayLike<number | null>,
  testTop1: ArrayLike<number | null>,
): BestTop1 {
  let best = -1;
  for (let i = 0; i < valTop1.length; i++) {
    const v = valTop1[i];
    if (v !== null && Number.isFinite(v) && (best < 0 || v > (valTop1[best] as number))) best = i;
  }
  if (best >= 0) return { validation: valTop1[best], test: testTop1[best] ?? null };
  let test: number | null = null;
  for (let i = 0; i < testTop1.length; i++) {
    const t = testTop1[i];
    if (t !== null && Number.isFinite(t) && (test === null || t > test)) test = t;
  }
  return { validation: null, test };
}

/** Images/s and ETA mean something only while the run trains; a stopped run has neither. */
export function showsSpeed(status: RunStatusWire | null): boolean {
  return status === 'running';
}

const PHASES: Record<PhaseWire, string> = {
  search: 'search',
  main: 'main training',
  unsharing: 'unsharing',
};

/** The phase badge: the phase while the run trains (or is stopping), else none (the status says). */
export function phaseLabel(status: RunStatusWire | null, phase: PhaseWire | null): string | null {
  if (!phase || (status !== 'running' && status !== 'stopping')) return null;
  return PHASES[phase];
}

/**
 * What a per-epoch chart with `points` points says instead of staying blank: when its first point
 * comes while the run can still train, and that none came otherwise; null once it has points.
 */
export function epochChartEmpty(points: number, status: RunStatusWire | null): string | null {
  if (points > 0) return null;
  if (status === 'running' || status === 'queued' || status === 'stopping' || status === null) {
    return 'First point after epoch 1 finishes.';
  }
  if (status === 'completed') return 'No per-epoch results were recorded for this run.';
  // Stopped, interrupted or failed: Resume can still bring the first point.
  return 'No epoch finished yet: first point after epoch 1 finishes once resumed.';
}

/** How the curves are drawn: EMA weight in [0, 1) (0 = raw) and a log-scale y. */
export interface LiveCurveView {
  smoothing: number;
  logY: boolean;
}

/** One curve's values as drawn: smoothed, then with what a log axis cannot show made gaps. */
export function viewValues(
  values: ArrayLike<number | null>,
  view: LiveCurveView,
): ArrayLike<number | null> {
  // Raw and linear: the live arrays as they are, no copy of 50,000 points per push.
  if (!(view.smoothing > 0) && !view.logY) return values;
  const smoothed = emaValues(values, view.smoothing);
  return view.logY ? positiveValues(smoothed) : smoothed;
}
