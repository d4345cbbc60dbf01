// The reference's priority-queue relabelling (superweights.md §2.7, `pq_assignment.py`): pairs
// sorted by similarity ascending (a stable sort, so ties keep queue order) are popped from the
// end; while the similarity exceeds τ, j takes i's current label. Greedy and order-dependent,
// not union-find: j's former partners keep their labels.

/** A queued pair: similarity of items i and j. */
export interface SimilarityPair<K> {
  similarity: number;
  i: K;
  j: K;
}

/** Sorts `queue` stably by similarity and relabels `labels` in place; returns it. */
export function priorityQueueAssignment<K>(
  threshold: number,
  labels: Map<K, number>,
  queue: readonly SimilarityPair<K>[],
): Map<K, number> {
  // Array.prototype.sort is stable (ES2019), as Python's list.sort is.
  const sorted = [...queue].sort((a, b) => a.similarity - b.similarity);
  for (let p = sorted.length - 1; p >= 0; p--) {
    const { similarity, i, j } = sorted[p];
    if (!(similarity > threshold)) break;
    labels.set(j, labels.get(i) as number);
  }
  return labels;
}
