// The budget slider's log scale: maps a slider position (0..steps) to a parameter count between
// `min` and `max` and back, so one slider spans a few hundred to millions of parameters evenly.

/** A log-scale range over [min, max] with `steps` integer slider positions. */
export interface LogScale {
  min: number;
  max: number;
  steps: number;
}

/** Creates a scale; `min` is raised to 1 and `max` to above `min`, so the map stays defined. */
export function logScale(min: number, max: number, steps = 1000): LogScale {
  const lo = Math.max(1, Math.round(min));
  return { min: lo, max: Math.max(lo + 1, Math.round(max)), steps };
}

/** The parameter count at slider position `position` (clamped), rounded to a whole number. */
export function valueAt(scale: LogScale, position: number): number {
  const t = Math.min(1, Math.max(0, position / scale.steps));
  return Math.round(scale.min * Math.pow(scale.max / scale.min, t));
}

/** The slider position closest to `value` (clamped to the scale's range). */
export function positionOf(scale: LogScale, value: number): number {
  const clamped = Math.min(scale.max, Math.max(scale.min, value));
  const t = Math.log(clamped / scale.min) / Math.log(scale.max / scale.min);
  return Math.round(t * scale.steps);
}
