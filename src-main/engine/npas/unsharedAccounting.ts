// The unshared baseline's parameter accounting, apart from its weight provider so that
// accounting (npas inspect, the UI ledger, describeDesign) loads no TensorFlow.js.
import { layerParams, unsharedParams, weightShape, type Architecture } from '../arch/types';
import type { Accounting } from './provider';

/** The unshared model's accounting: every layer and norm counts against the budget. */
export function unsharedAccounting(arch: Architecture): Accounting {
  const total = unsharedParams(arch);
  return {
    method: 'unshared',
    unsharedParams: total,
    requestedBudget: null,
    budgetParams: total,
    trainableParams: total,
    layers: arch.layers.map((layer) => ({
      id: layer.id,
      name: layer.name,
      shape: weightShape(layer),
      params: layerParams(layer),
    })),
    groups: [],
  };
}
