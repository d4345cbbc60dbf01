// Curve smoothing and log-scale preparation for the Compare curves: an exponential moving
// average whose start is debiased (so the first points are not pulled towards zero), and the
// removal of points a log axis cannot show.
import type { CurvePoint } from './curveAxis';

/**
 * EMA of the points' y with `weight` in [0, 1): 0 leaves them as they are, 0.9 averages over
 * about ten points. Each value is divided by 1 - weight^k (k points so far), which removes the
 * bias towards zero an EMA started at 0 has.
 */
export function emaSmooth(points: readonly CurvePoint[], weight: number): CurvePoint[] {
  if (!(weight > 0)) return points.slice();
  const w = Math.min(weight, 0.999);
  let average = 0;
  let kept = 1;
  return points.map(({ x, y }) => {
    average = average * w + (1 - w) * y;
    kept *= w;
    return { x, y: average / (1 - kept) };
  });
}

/** The points a log-scale y-axis can draw (y > 0). */
export function positivePoints(points: readonly CurvePoint[]): CurvePoint[] {
  return points.filter((p) => p.y > 0);
}

/** uPlot data: [xs, run 1 values, run 2 values, ...], every array the same length. */
export type AlignedSeries = [number[], ...(number | null)[][]];

/** Puts each run's points on the union of their x values (gaps as null), as uPlot wants. */
export function alignPoints(series: readonly (readonly CurvePoint[])[]): AlignedSeries {
  const xs = [...new Set(series.flatMap((points) => points.map((p) => p.x)))].sort((a, b) => a - b);
  const position = new Map(xs.map((x, i) => [x, i]));
  const values = series.map((points) => {
    const row: (number | null)[] = new Array(xs.length).fill(null);
    for (const p of points) row[position.get(p.x)!] = p.y;
    return row;
  });
  return [xs, ...values];
}
