// Shared fixtures of the SuperWeights tests: registry-built architectures (CIFAR-100, 32×32×3
// unless told otherwise) and the reference README ensemble.
import { buildArchitecture } from '../../../../../src-main/engine/arch/registry';
import type { Architecture } from '../../../../../src-main/engine/arch/types';

export const CIFAR = { classes: 100, input: { height: 32, width: 32, channels: 3 } };

export function arch(name: string, options = CIFAR): Architecture {
  return buildArchitecture(name, options);
}

/** WRN-28-7, 28-4, 16-7, 16-4: the README Multi-Depth/Width ensemble. */
export function readmeEnsemble(): Architecture[] {
  return ['wrn-28-7', 'wrn-28-4', 'wrn-16-7', 'wrn-16-4'].map((name) => arch(name));
}

/** Layer ids of `member` per cluster id, as sorted lists. */
export function clusterLists(map: readonly number[]): Record<number, number[]> {
  const lists: Record<number, number[]> = {};
  map.forEach((cluster, id) => {
    if (cluster >= 0) (lists[cluster] ??= []).push(id);
  });
  return lists;
}
