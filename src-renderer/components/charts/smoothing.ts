// Curve smoothing and log-scale preparation shared by the Compare and Live charts: an
// exponential moving average whose start is debiased (so the first points are not pulled towards
// zero), and the removal of points a log axis cannot show. Two shapes: point lists (Compare) and
// the parallel value arrays the live charts grow in place.

/** One plotted point of one curve. */
export interface CurvePoint {
  x: number;
  y: number;
}

/**
 * Debiased EMA of `values` with `weight` in [0, 1): 0 leaves them as they are, 0.9 averages over
 * about ten points. Each value is divided by 1 - weight^k (k values so far), which removes the
 * bias towards zero an EMA started at 0 has. Gaps (null) stay gaps and do not move the average.
 */
export function emaValues(values: ArrayLike<number | null>, weight: number): (number | null)[] {
  if (!(weight > 0)) return Array.from(values);
  const w = Math.min(weight, 0.999);
  let average = 0;
  let kept = 1;
  const out: (number | null)[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || !Number.isFinite(v)) {
      out[i] = null;
      continue;
    }
    average = average * w + (1 - w) * v;
    kept *= w;
    out[i] = average / (1 - kept);
  }
  return out;
}

/** The points' y smoothed by emaValues (same weight meaning). */
export function emaSmooth(points: readonly CurvePoint[], weight: number): CurvePoint[] {
  if (!(weight > 0)) return points.slice();
  const ys = emaValues(
    points.map((p) => p.y),
    weight,
  );
  return points.map(({ x }, i) => ({ x, y: ys[i] as number }));
}

/** The points a log-scale y-axis can draw (y > 0). */
export function positivePoints(points: readonly CurvePoint[]): CurvePoint[] {
  return points.filter((p) => p.y > 0);
}

/** `values` with those a log-scale y-axis cannot draw (≤ 0) made gaps. */
export function positiveValues(values: ArrayLike<number | null>): (number | null)[] {
  // A plain loop: Array.from with a mapper cost the live charts ~2 ms per 50,000 points.
  const out: (number | null)[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = v !== null && v > 0 ? v : null;
  }
  return out;
}

/** uPlot data: [xs, curve 1 values, curve 2 values, ...], every array the same length. */
export type AlignedSeries = [number[], ...(number | null)[][]];

/** Puts each curve's points on the union of their x values (gaps as null), as uPlot wants. */
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
