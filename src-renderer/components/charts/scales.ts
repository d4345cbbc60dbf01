// Minimal linear and log scales with readable ticks, for the SVG charts (scatter, parallel
// coordinates) and the SVG export of the curves.

export type Scale = ((value: number) => number) & { ticks: number[] };

/** "Nice" ticks (1, 2, 5 × 10^k steps) covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) {
    ticks.push(Number(t.toPrecision(12)));
  }
  return ticks;
}

/** Maps [d0, d1] linearly onto [r0, r1]. */
export function linearScale(domain: [number, number], range: [number, number]): Scale {
  const collapsed = domain[0] === domain[1];
  const [d0, d1] = collapsed ? [domain[0] - 1, domain[1] + 1] : domain;
  const scale = ((v: number) => range[0] + ((v - d0) / (d1 - d0)) * (range[1] - range[0])) as Scale;
  // One value: one tick at it, in the middle, rather than ticks around a made-up range.
  scale.ticks = collapsed ? [domain[0]] : niceTicks(d0, d1);
  return scale;
}

/**
 * Maps [d0, d1] (positive) onto [r0, r1] on a log10 scale; ticks at powers of ten (and 2, 5), or
 * round linear steps when fewer than two of those fall inside.
 */
export function logScale(domain: [number, number], range: [number, number]): Scale {
  let [d0, d1] = domain.map((d) => Math.max(d, 1e-12)) as [number, number];
  if (d0 === d1) [d0, d1] = [d0 / 2, d1 * 2];
  const [l0, l1] = [Math.log10(d0), Math.log10(d1)];
  const scale = ((v: number) =>
    range[0] +
    ((Math.log10(Math.max(v, 1e-12)) - l0) / (l1 - l0)) * (range[1] - range[0])) as Scale;
  const ticks: number[] = [];
  const dense = l1 - l0 < 2;
  for (let k = Math.floor(l0); k <= Math.ceil(l1); k++) {
    for (const m of dense ? [1, 2, 5] : [1]) {
      const t = m * 10 ** k;
      if (t >= d0 * 0.999 && t <= d1 * 1.001) ticks.push(t);
    }
  }
  // A domain narrower than one 1-2-5 step (a sweep's 80% and 90% budgets) would get no label at
  // all: round linear steps inside it read fine at that zoom.
  scale.ticks = ticks.length >= 2 ? ticks : niceTicks(d0, d1, 4);
  return scale;
}

/** [min, max] of the finite values, or null when there are none. */
export function extent(values: Iterable<number | null | undefined>): [number, number] | null {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? [min, max] : null;
}

/**
 * `domain` widened by `fraction` of its span on each side (in log10 space when `log`), so points
 * at the extremes are drawn whole inside the plot rather than cut by its edge. A single value
 * gets a span of its own: a factor of 2 each way on a log scale, ±10% (or ±1 at 0) otherwise.
 */
export function padDomain(
  domain: [number, number],
  fraction = 0.06,
  log = false,
): [number, number] {
  if (log) {
    const [l0, l1] = domain.map((d) => Math.log10(Math.max(d, 1e-12)));
    if (l0 === l1) return [10 ** l0 / 2, 10 ** l1 * 2];
    const span = l1 - l0;
    return [10 ** (l0 - span * fraction), 10 ** (l1 + span * fraction)];
  }
  if (domain[0] === domain[1]) {
    const half = Math.abs(domain[0]) * 0.1 || 1;
    return [domain[0] - half, domain[1] + half];
  }
  const span = domain[1] - domain[0];
  return [domain[0] - span * fraction, domain[1] + span * fraction];
}
