// Whether a live chart should follow new data or keep the user's zoom: the x range the chart
// shows after an update. A view that covers all the data follows it; a zoomed view stays put.

export interface XRange {
  min: number;
  max: number;
}

/** The data's own x extent, or null without points. */
export function dataExtent(xs: ArrayLike<number>): XRange | null {
  if (xs.length === 0) return null;
  const min = xs[0];
  const max = xs[xs.length - 1];
  // One point still needs a non-empty range to draw.
  return max > min ? { min, max } : { min: min - 0.5, max: max + 0.5 };
}

/** True when `view` shows everything in `previous` (so it is not zoomed in). */
export function coversAll(view: XRange, previous: XRange | null): boolean {
  if (!previous) return true;
  const eps = 1e-9 * Math.max(1, Math.abs(previous.max));
  return view.min <= previous.min + eps && view.max >= previous.max - eps;
}

/** The x range to show after new data: the new extent when following, else the user's view. */
export function nextRange(
  view: XRange | null,
  following: boolean,
  extent: XRange | null,
): XRange | null {
  if (!extent) return view;
  return following || !view ? extent : view;
}
