// Coefficient unsharing during main training (superweights.md §2.8, `compare_grads`): per bank,
// the (member, layer) pairs that use the same α are compared by the cosine of their summed α
// gradients and split by the priority-queue rule at τ_c; every label group but the bank's first
// gets a new α, a copy of the current value. The trainer adds the returned parameters to its
// optimizer (fresh state, no weight decay), as the reference adds a parameter group.
import type { Parameter } from '../provider';
import type { SuperWeightsUnshareConfig } from './config';
import type { SuperWeightsSet } from './createSuperWeights';
import type { CoefficientGradients } from './layerGradients';
import type { LayerPiece } from './plan';
import { priorityQueueAssignment, type SimilarityPair } from './priorityQueue';
import { cosine } from './similarity';

/**
 * Whether the test runs at the end of 0-based `epoch`: when epoch + 1 equals `unshare.epoch`, and
 * with a period p > 0 whenever epoch + 1 > unshare.epoch and (epoch + 1) is a multiple of p (the
 * reference counts the period from epoch 0, not from the first test).
 */
export function isUnshareEpoch(unshare: SuperWeightsUnshareConfig, epoch: number): boolean {
  if (unshare.epoch <= 0) return false;
  const done = epoch + 1;
  return (
    done === unshare.epoch ||
    (unshare.period > 0 && done > unshare.epoch && done % unshare.period === 0)
  );
}

export interface UnshareResult {
  /** New coefficient parameters (decay false) to add to the optimizer. */
  added: Parameter[];
  /** Live coefficient slots before and after. */
  slotsBefore: number;
  slotsAfter: number;
}

interface Item {
  member: number;
  piece: LayerPiece;
}

/** Splits shared α per §2.8 and rewires the set's layers in place. */
export function unshareCoefficients(
  set: SuperWeightsSet,
  grads: CoefficientGradients,
  threshold: number,
): UnshareResult {
  const live = () =>
    new Set(
      set.plan.members.flatMap((m) =>
        m.layers.flatMap((l) => l?.pieces.map((p) => p.coefficient) ?? []),
      ),
    ).size;
  const slotsBefore = live();
  const added: Parameter[] = [];
  for (const bank of set.plan.banks) {
    const items: Item[] = set.plan.members.flatMap((m, member) =>
      m.layers.flatMap(
        (l) =>
          l?.pieces.filter((p) => p.bank === bank.id).map((piece) => ({ member, piece })) ?? [],
      ),
    );
    const queue: SimilarityPair<number>[] = [];
    items.forEach((a, i) => {
      items.forEach((b, j) => {
        if (j <= i || a.piece.coefficient !== b.piece.coefficient) return;
        queue.push({
          similarity: cosine(gradOf(grads, a, bank.templates), gradOf(grads, b, bank.templates)),
          i,
          j,
        });
      });
    });
    if (queue.length === 0) continue;
    const labels = priorityQueueAssignment(threshold, new Map(items.map((_, i) => [i, i])), queue);
    const groups = new Map<number, number[]>();
    for (const [i, label] of labels) groups.set(label, [...(groups.get(label) ?? []), i]);
    [...groups.values()].slice(1).forEach((members) => {
      const slot = set.copySlot(items[members[0]].piece.coefficient);
      for (const i of members) items[i].piece.coefficient = slot;
      added.push(set.coefficient(slot));
    });
  }
  return { added, slotsBefore, slotsAfter: live() };
}

function gradOf(grads: CoefficientGradients, item: Item, templates: number): Float64Array {
  const grad = grads[item.member]?.get(item.piece.coefficient);
  // A slot the member never received a gradient for (no batches) compares as zero.
  return grad ?? new Float64Array(templates);
}
