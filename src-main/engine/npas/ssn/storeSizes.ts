// Store size of every multi-layer group (ssn.md §4.4): with a budget, what single-layer groups
// leave is split in proportion to each group's unshared weight count with numpy's half-to-even
// round; without one (the reference's `--max_params 0`), each store is its largest layer.
import { BudgetError } from '../../../contract/errors';
import type { Architecture } from '../../arch/types';
import { weightCount } from '../../arch/types';
import type { GroupLayout } from './layerGroups';
import { roundHalfEven } from './roundHalfEven';

/** Store size per group id (0 for single-layer groups). */
export function storeSizes(
  arch: Architecture,
  layout: GroupLayout,
  budget: number | null,
): number[] {
  const sizes = (ids: number[]) => ids.map((id) => weightCount(arch.layers[id]));
  if (budget === null) {
    return layout.members.map((ids) => (ids.length > 1 ? Math.max(...sizes(ids)) : 0));
  }
  const singles = layout.members.filter((ids) => ids.length === 1).map((ids) => ids[0]);
  const singleWeights = singles.reduce((sum, id) => sum + weightCount(arch.layers[id]), 0);
  const available = budget - singleWeights;
  const unshared = layout.members.map((ids) =>
    ids.length > 1 ? sizes(ids).reduce((a, b) => a + b, 0) : 0,
  );
  const total = unshared.reduce((a, b) => a + b, 0);
  const tooSmall = (why: string) =>
    new BudgetError(
      `budget ${budget} is too small: the ${singles.length} single-layer group(s) (layers ` +
        `${singles.join(', ')}) alone need ${singleWeights} parameters${why}; give a budget ` +
        `well above ${singleWeights} or group those layers with others`,
    );
  if (total === 0) {
    if (available < 0) throw tooSmall('');
    return unshared;
  }
  if (available <= 0) throw tooSmall(', leaving nothing for the shared stores');
  return layout.members.map((ids, group) => {
    if (ids.length === 1) return 0;
    const store = roundHalfEven((unshared[group] / total) * available);
    if (store <= 0) throw tooSmall(`, and group ${group} would get a store of ${store}`);
    return store;
  });
}
