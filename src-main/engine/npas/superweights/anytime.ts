// Anytime prediction (superweights.md §4.4): no early exits; a prediction picks a subset of
// members. Per member MACs (conv + FC, and with the weight-generation term Σ K·s that fvcore
// counts for α·T and the sum over K), every non-empty subset ordered by cost, accuracy per subset
// from the members' logits, and per-subset time from per-member times the caller measured.
import { countMacs } from '../../arch/macs';
import type { SuperWeightsPlan } from './plan';
import { sumOfSoftmax, topK, type TopK } from './ensembleMetrics';

export interface MemberMacs {
  /** Conv and fully connected MACs for one image. */
  network: number;
  /** Σ over the member's layer blocks of K·s: the weight-generation term. */
  generation: number;
  total: number;
}

/** MACs of member `member` for one image at the architecture's input size. */
export function memberMacs(plan: SuperWeightsPlan, member: number): MemberMacs {
  const { arch, layers } = plan.members[member];
  const network = countMacs(arch).total;
  let generation = 0;
  for (const layer of layers) {
    for (const piece of layer?.pieces ?? [])
      generation += piece.window.templates * plan.banks[piece.bank].segment.numel;
  }
  return { network, generation, total: network + generation };
}

export interface MemberSubset {
  members: number[];
  cost: number;
}

/**
 * All 2^M − 1 non-empty subsets with their summed cost, sorted ascending by cost, ties by the
 * member list (Python's sorted over [cost, idxs], as `get_flop_range` does).
 */
export function memberSubsets(costs: readonly number[]): MemberSubset[] {
  const subsets: MemberSubset[] = [];
  for (let mask = 1; mask < 1 << costs.length; mask++) {
    const members = costs.flatMap((_, m) => ((mask >> m) & 1 ? [m] : []));
    subsets.push({ members, cost: members.reduce((sum, m) => sum + costs[m], 0) });
  }
  return subsets.sort((a, b) => a.cost - b.cost || compareLists(a.members, b.members));
}

function compareLists(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Ensemble top-1/top-5 of every subset (Σ softmax of its members). */
export function subsetAccuracy(
  subsets: readonly MemberSubset[],
  memberLogits: readonly ArrayLike<number>[],
  labels: ArrayLike<number>,
  classes: number,
): (MemberSubset & TopK)[] {
  return subsets.map((s) => ({
    ...s,
    ...topK(sumOfSoftmax(memberLogits, classes, s.members), labels, classes),
  }));
}

/** ms per sample of each subset when its members run one after another (the reference's sequential timing). */
export function subsetTimes(msPerSample: readonly number[]): MemberSubset[] {
  return memberSubsets(msPerSample);
}
