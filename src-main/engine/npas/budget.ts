// Budget resolution shared by every method: a budget is given in parameters or as a percentage
// of the network's unshared count ("10%"), converted here, once, to parameters (ssn.md §1).
import { ConfigError } from '../../contract/errors';
import { checkLimit, LIMITS } from '../../contract/limits';

/** Converts a budget to a parameter count; null stays null (the method's default). */
export function resolveBudget(
  budget: number | string | undefined | null,
  unshared: number,
): number | null {
  if (budget === undefined || budget === null) return null;
  if (typeof budget === 'number') {
    if (!Number.isInteger(budget) || budget < 0) {
      throw new ConfigError(`budget ${budget} must be a non-negative integer number of parameters`);
    }
    checkLimit('budget', budget, LIMITS.budgetParams);
    return budget;
  }
  const match = /^(\d+(?:\.\d+)?)%$/.exec(budget);
  if (!match) {
    throw new ConfigError(
      `budget "${budget}" must be a parameter count or a percentage like "10%"`,
    );
  }
  const fraction = Number(match[1]) / 100;
  if (fraction <= 0) throw new ConfigError(`budget "${budget}" must be above 0%`);
  checkLimit('budget percentage', Number(match[1]), LIMITS.budgetPercent);
  const resolved = Math.round(unshared * fraction);
  checkLimit(`budget ${budget} of ${unshared} parameters, i.e.`, resolved, LIMITS.budgetParams);
  return resolved;
}

/** 'low' below the network's own count (layers must share), 'high' above it (ssn.md §1). */
export function budgetRegime(budget: number, unshared: number): 'low' | 'high' | 'equal' {
  return budget < unshared ? 'low' : budget > unshared ? 'high' : 'equal';
}
