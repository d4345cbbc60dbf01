// Python's round() and numpy's np.round: ties go to the even neighbour (ssn.md §8 B16), unlike
// Math.round. The Inter template dimensions and the group budget split depend on it.

/** Rounds to the nearest integer, ties to even, as Python 3 `round(x)` does. */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}
