// Budget accounting of a SuperWeights model or ensemble (superweights.md §3, §7 ParamCounter):
// the banks count against the budget; trainable adds every coefficient slot once, each member's
// batch norm, classifier and shared-layer biases. Pure, no tensors: the UI ledger calls it on
// every slider move.
import type { Architecture, LayerSpec } from '../../arch/types';
import { layerParams, weightShape } from '../../arch/types';
import type { Accounting, GroupAccount, LayerAccount } from '../provider';
import type { SuperWeightsConfig } from './config';
import {
  planSuperWeights,
  type LayerPlan,
  type SuperWeightsPlan,
  type SuperWeightsSharing,
} from './plan';

/** Accounting plus what the allocation had to say (e.g. an allowed budget overrun). */
export interface SuperWeightsAccounting extends Accounting {
  warnings: string[];
}

/** Plans `members` (depth bins unless `sharing`) and accounts the result. */
export function superWeightsAccounting(
  members: readonly Architecture[],
  config: SuperWeightsConfig,
  sharing?: SuperWeightsSharing,
): SuperWeightsAccounting {
  return accountPlan(planSuperWeights(members, config, sharing), config.budget);
}

/** Parameters a member owns outright: batch norm γ and β, unshared layers, shared-layer biases. */
export function memberOwnParams(plan: SuperWeightsPlan, member: number): number {
  const { arch, layers } = plan.members[member];
  const norms = arch.norms.reduce((sum, norm) => sum + 2 * norm.channels, 0);
  const own = arch.layers.reduce(
    (sum, layer) =>
      sum + (layers[layer.id] ? (layer.bias ? layer.outChannels : 0) : layerParams(layer)),
    0,
  );
  return norms + own;
}

/** Slots still used by some layer (unsharing leaves orphans behind). */
export function liveSlots(plan: SuperWeightsPlan): Set<number> {
  const live = new Set<number>();
  for (const member of plan.members) {
    for (const layer of member.layers)
      for (const piece of layer?.pieces ?? []) live.add(piece.coefficient);
  }
  return live;
}

/** Accounting of a plan: groups are banks (N, K); layers are member 0's, with their own slots. */
export function accountPlan(
  plan: SuperWeightsPlan,
  requestedBudget: number | null,
): SuperWeightsAccounting {
  const banks = plan.banks.reduce((sum, bank) => sum + bank.size, 0);
  const coefficients = [...liveSlots(plan)].reduce((sum, id) => sum + plan.slots[id].templates, 0);
  const own = plan.members.reduce((sum, _, m) => sum + memberOwnParams(plan, m), 0);
  const unshared = plan.members.reduce((sum, m) => sum + archParams(m.arch), 0);
  const bankSizes = new Map(plan.banks.map((bank) => [bank.id, bank.size]));
  return {
    method: 'superweights',
    unsharedParams: unshared,
    requestedBudget,
    budgetParams: banks,
    trainableParams: banks + coefficients + own,
    layers: plan.members[0].arch.layers.map((layer) =>
      layerAccount(layer, plan.members[0].layers[layer.id], bankSizes),
    ),
    groups: plan.banks.map((bank): GroupAccount => ({
      id: bank.id,
      layers: plan.members[0].layers
        .filter((l) => l?.pieces.some((p) => p.bank === bank.id))
        .map((l) => l!.layer.id),
      storeParams: bank.size,
      detail: {
        name: `${bank.cluster}_w${bank.level}`,
        cluster: bank.cluster,
        level: bank.level,
        segment: bank.segment.numel,
        templates: bank.templates,
        layerCount: bank.layerCount,
      },
    })),
    warnings: [...plan.allocation.warnings],
  };
}

function archParams(arch: Architecture): number {
  const layers = arch.layers.reduce((sum, layer) => sum + layerParams(layer), 0);
  return layers + arch.norms.reduce((sum, norm) => sum + 2 * norm.channels, 0);
}

// Each level names its bank's size, so a layer's saved detail alone says what it draws on (the
// sharing description is built from layer lines, which a run stores).
function layerAccount(
  layer: LayerSpec,
  plan: LayerPlan | null,
  bankSizes: ReadonlyMap<number, number>,
): LayerAccount {
  const base: LayerAccount = {
    id: layer.id,
    name: layer.name,
    shape: weightShape(layer),
    params: layerParams(layer),
  };
  if (!plan) return { ...base, detail: { shared: false } };
  return {
    ...base,
    group: plan.cluster,
    detail: {
      shared: true,
      position: plan.position,
      levels: plan.pieces.map((p) => ({
        bank: p.bank,
        bankSize: bankSizes.get(p.bank),
        level: p.level,
        start: p.window.start,
        templates: p.window.templates,
        coefficient: p.coefficient,
      })),
    },
  };
}
