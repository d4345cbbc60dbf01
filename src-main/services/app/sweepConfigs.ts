// A sweep (issue #6, Run: "several budgets × methods × seeds queued at once"): the run configs
// it expands to, each validated and accounted before any is queued, so a budget below a
// method's minimum fails the whole sweep with that run named and nothing half-queued.
import { parseRunConfig, type RunConfig } from '../../contract/config';
import { ConfigError, NpasError } from '../../contract/errors';
import type { SweepRequest } from '../../contract/wire';
import { inspectConfig } from '../inspect';

export interface SweepRun {
  name: string;
  config: RunConfig;
}

/** Most runs one sweep may queue. */
export const MAX_SWEEP_RUNS = 500;

/** Expands and checks a sweep. Unshared runs ignore the budgets (one run per seed). */
export function sweepConfigs(request: SweepRequest): SweepRun[] {
  const base = parseRunConfig(request.base, 'sweep base config');
  const prefix = request.name?.trim() || base.name?.trim() || 'sweep';
  const runs: SweepRun[] = [];
  for (const method of [...new Set(request.methods)]) {
    const budgets =
      method === 'unshared'
        ? [undefined]
        : request.budgets.length
          ? request.budgets
          : [base.budget];
    for (const budget of budgets) {
      for (const seed of [...new Set(request.seeds)]) {
        const label = [method, budget === undefined ? null : `budget ${budget}`, `seed ${seed}`]
          .filter(Boolean)
          .join(', ');
        const name = `${prefix} · ${label}`;
        const config = parseRunConfig(
          { ...base, name, method, budget, seed },
          `sweep run (${label})`,
        );
        try {
          inspectConfig(config);
        } catch (error) {
          if (error instanceof NpasError && error.kind !== 'internal') {
            const Rebuilt = error.constructor as new (message: string) => NpasError;
            throw error.kind === 'dataset'
              ? error
              : new Rebuilt(`sweep run (${label}): ${error.message}`);
          }
          throw error;
        }
        runs.push({ name, config });
      }
    }
  }
  if (runs.length > MAX_SWEEP_RUNS) {
    throw new ConfigError(
      `the sweep expands to ${runs.length} runs; the limit is ${MAX_SWEEP_RUNS}`,
    );
  }
  return runs;
}
