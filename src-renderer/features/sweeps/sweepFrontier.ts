// The Sweeps view's accuracy-vs-budget chart inputs (issue #14 item 5): the sweep's completed
// cells as dots and each method's frontier through the per-budget means, filling in as results
// arrive. The frontier itself is the Compare screen's (features/compare/frontier.ts).
import type { SweepCellWire } from '../../../src-main/contract/appApi';
import { frontiersByMethod, type BudgetPoint } from '../compare/frontier';
import { cellAccuracy, meanStd } from './sweepGrid';

/** The scatter's inputs: one dot per completed cell, each method's frontier through the means. */
export interface SweepFrontier {
  points: BudgetPoint[];
  frontiers: Map<string, BudgetPoint[]>;
  /** Dot names for the scatter's tooltips (the cell's label), by point id. */
  names: Map<string, string>;
}

/**
 * Accuracy vs budget for a sweep as results arrive: a dot per completed cell with a known budget
 * (budget parameters as the engine counted them), and per method the Pareto frontier of the
 * mean accuracy over seeds at each budget, so one lucky seed does not set the frontier.
 */
export function sweepFrontier(cells: readonly SweepCellWire[]): SweepFrontier {
  const points: BudgetPoint[] = [];
  const names = new Map<string, string>();
  const slots = new Map<string, { method: string; budget: number; accuracies: number[] }>();
  for (const cell of cells) {
    const accuracy = cellAccuracy(cell);
    const budget = cell.metrics?.budgetParams ?? null;
    if (accuracy === null || budget === null || !(budget > 0)) continue;
    const id = `cell-${cell.index}`;
    points.push({ id, method: cell.method, budget, accuracy });
    names.set(id, cell.label);
    // Seeds of one setup share the budget count; the key keeps other varied fields apart.
    const setup = Object.entries(cell.values)
      .filter(([k]) => k !== 'seed')
      .sort(([a], [b]) => (a < b ? -1 : 1));
    const key = JSON.stringify([cell.method, budget, setup]);
    const slot = slots.get(key) ?? { method: cell.method, budget, accuracies: [] };
    slot.accuracies.push(accuracy);
    slots.set(key, slot);
  }
  const means: BudgetPoint[] = [...slots.entries()].map(([key, slot]) => ({
    id: key,
    method: slot.method,
    budget: slot.budget,
    accuracy: meanStd(slot.accuracies)!.mean,
  }));
  return { points, frontiers: frontiersByMethod(means), names };
}
