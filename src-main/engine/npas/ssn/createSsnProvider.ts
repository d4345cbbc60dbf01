// The SSN weight provider (ssn.md §9): plans the model, creates its variables, and regenerates
// every layer's weights from stores and coefficients on each generate() call, inside the caller's
// gradient tape. Also the learned-groups search model's provider (§4.2).
import type { Architecture } from '../../arch/types';
import type { WeightProvider } from '../provider';
import type { SsnConfig } from './config';
import { generateWeights } from './generateWeights';
import { planSearch, planSsn } from './planSsn';
import type { SsnPlan } from './planTypes';
import { accountingFromPlan } from './ssnAccounting';
import type { SsnVariables } from './ssnVariables';
import { createSsnVariables } from './ssnVariables';

/** An SSN provider with its plan and variables exposed for k-means and materialisation. */
export interface SsnProvider extends WeightProvider {
  readonly method: 'ssn';
  readonly plan: SsnPlan;
  readonly variables: SsnVariables;
}

/** A provider for an already-built plan. */
export function providerFromPlan(arch: Architecture, plan: SsnPlan, seed: number): SsnProvider {
  const variables = createSsnVariables(plan, arch.layers, seed);
  return {
    method: 'ssn',
    plan,
    variables,
    parameters: variables.parameters,
    generate: () => generateWeights(plan, variables),
    accounting: () => accountingFromPlan(arch, plan),
    dispose: () => {
      for (const p of variables.parameters) p.variable.dispose();
    },
  };
}

/**
 * The SSN provider of `arch` under `config`, initialised from `seed` (which also draws random
 * groups). Learned groups: run the search provider, learnGroups, then pass the list as groups.
 */
export function createSsnProvider(
  arch: Architecture,
  config: SsnConfig,
  seed: number,
): SsnProvider {
  return providerFromPlan(arch, planSsn(arch, config, seed), seed);
}

/**
 * The search model of ssn.md §4.2: one store of `config.search.budget`, K = 4 whole-store
 * blocks, 2-D templates resized to each layer, softmax coefficients (`config.search.combiner`).
 */
export function createSearchProvider(
  arch: Architecture,
  config: SsnConfig,
  seed: number,
): SsnProvider {
  return providerFromPlan(arch, planSearch(arch, config), seed);
}
