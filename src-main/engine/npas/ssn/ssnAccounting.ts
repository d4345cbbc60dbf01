// SSN budget accounting (ssn.md §1, §9 item 15): budget parameters (stores plus single-layer
// weights), every trainable number, and per-layer / per-group detail. Pure numbers, no tensors,
// so the UI ledger can call it on every slider move.
import type { Architecture } from '../../arch/types';
import { layerParams } from '../../arch/types';
import type { Accounting } from '../provider';
import type { SsnConfig } from './config';
import { planSearch, planSsn } from './planSsn';
import type { SsnPlan } from './planTypes';

/** Turns a plan into the shared Accounting shape. */
export function accountingFromPlan(arch: Architecture, plan: SsnPlan): Accounting {
  return {
    method: 'ssn',
    unsharedParams: plan.unsharedParams,
    requestedBudget: plan.requestedBudget,
    budgetParams: plan.budgetParams,
    trainableParams: plan.trainableParams,
    layers: plan.layers.map((l) => ({
      id: l.id,
      name: l.name,
      shape: l.shape,
      params: layerParams(arch.layers[l.id]),
      group: l.group,
      detail: {
        single: l.single,
        // The group's store (a single layer: its own weights), so a saved layer line alone says
        // what it draws on (the sharing description is built from layer lines).
        groupParams: groupParams(plan, l.group),
        templates: l.templates,
        blockStart: l.start,
        blockEnd: l.end,
        templateShape: l.templateShape,
        upsampler: l.resize,
        copies: l.copies,
        coefficients: l.coefficientParams,
        upsamplerParams: l.upsamplerParams,
        bias: l.biasParams,
      },
    })),
    groups: plan.groups.map((g) => ({
      id: g.id,
      layers: g.layers,
      storeParams: groupParams(plan, g.id),
      detail: {
        single: g.single,
        slide: g.slide,
        projectionParams: g.projectionParams,
        combiner: plan.combiner,
        softmax: plan.softmax,
      },
    })),
  };
}

/** Budget parameters of group `id`: its store, or a single layer's own weights. */
function groupParams(plan: SsnPlan, id: number): number {
  const group = plan.groups.find((g) => g.id === id)!;
  return group.single ? plan.layers[group.layers[0]].weightParams : group.store;
}

/**
 * Accounting of an SSN model. `seed` only matters for random groups (the same seed as the
 * provider's gives the same partition). Learned groups must be passed as their list.
 */
export function ssnAccounting(arch: Architecture, config: SsnConfig, seed = 0): Accounting {
  return accountingFromPlan(arch, planSsn(arch, config, seed));
}

/** Accounting of the learned-groups search model (one store of `config.search.budget`). */
export function searchAccounting(arch: Architecture, config: SsnConfig): Accounting {
  return accountingFromPlan(arch, planSearch(arch, config));
}
