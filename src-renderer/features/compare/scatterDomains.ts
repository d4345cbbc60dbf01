// The accuracy-vs-budget scatter's axis domains: the extent of the points (and the budget
// marker), padded so a dot at the extremes is drawn whole inside the plot, never cut by its edge.
import type { BudgetPoint } from './frontier';
import { extent, padDomain } from '../../components/charts/scales';

export interface ScatterDomains {
  /** Budget parameters, for a log scale. */
  budget: [number, number];
  /** Accuracy (0..1), for a linear scale; it may reach past 0 or 1 by the padding. */
  accuracy: [number, number];
}

/** Padded domains for `points` and an optional budget `marker`; defaults when there are none. */
export function scatterDomains(
  points: readonly BudgetPoint[],
  marker: number | null = null,
  fraction = 0.06,
): ScatterDomains {
  const budgets = extent([...points.map((p) => p.budget), ...(marker ? [marker] : [])]);
  const accuracies = extent(points.map((p) => p.accuracy));
  return {
    budget: budgets ? padDomain(budgets, fraction, true) : [1e3, 1e6],
    accuracy: accuracies ? padDomain(accuracies, fraction) : [0, 1],
  };
}
