// Accuracy-vs-budget: the Pareto frontier of each method (the runs no other run of the method
// beats with fewer or equal budget parameters), drawn as a step line.

export interface BudgetPoint {
  id: string;
  method: string;
  /** Budget parameters (x, log scale). */
  budget: number;
  /** Best test top-1 (y). */
  accuracy: number;
}

/**
 * The frontier of one set of points, by increasing budget: a point is on it when every point
 * with a smaller or equal budget is strictly less accurate (ties in budget keep the best).
 */
export function paretoFrontier(points: readonly BudgetPoint[]): BudgetPoint[] {
  const sorted = [...points]
    .filter((p) => Number.isFinite(p.budget) && p.budget > 0 && Number.isFinite(p.accuracy))
    .sort((a, b) => a.budget - b.budget || b.accuracy - a.accuracy);
  const frontier: BudgetPoint[] = [];
  for (const point of sorted) {
    const best = frontier[frontier.length - 1];
    if (!best || point.accuracy > best.accuracy) frontier.push(point);
  }
  return frontier;
}

/** The frontier of each method, keyed by method. */
export function frontiersByMethod(points: readonly BudgetPoint[]): Map<string, BudgetPoint[]> {
  const byMethod = new Map<string, BudgetPoint[]>();
  for (const point of points) {
    const list = byMethod.get(point.method) ?? [];
    list.push(point);
    byMethod.set(point.method, list);
  }
  return new Map([...byMethod].map(([method, list]) => [method, paretoFrontier(list)]));
}

/**
 * The step line through a frontier: accuracy holds from each point until the next budget, then
 * rises. Returns [budget, accuracy] vertices.
 */
export function stepLine(frontier: readonly BudgetPoint[]): [number, number][] {
  const line: [number, number][] = [];
  frontier.forEach((point, i) => {
    if (i > 0) line.push([point.budget, frontier[i - 1].accuracy]);
    line.push([point.budget, point.accuracy]);
  });
  return line;
}
