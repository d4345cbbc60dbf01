// Gradient-based cluster search (superweights.md §2.4–2.6): split member 0's depth bins by the
// priority-queue relabelling of gradient cosines, attach the other members (by similarity for
// the first member of a new depth, positionally for later members of a seen depth), renumber,
// and lower τ until the clustering fits the budget. Plain arrays; the gradients come from
// collectLayerGradients (one batch, inference mode, §2.2).
import { BudgetError, ConfigError } from '../../../contract/errors';
import type { Architecture } from '../../arch/types';
import type { SuperWeightsConfig } from './config';
import { renumberClusters, type ClusterMap } from './depthBins';
import { planSuperWeights, type CoefficientLink, type SuperWeightsSharing } from './plan';
import { priorityQueueAssignment, type SimilarityPair } from './priorityQueue';
import { croppedCosine, type LayerGradient } from './similarity';

/** Gradients per member and layer id (null for layers not generated). */
export type LayerGradients = (LayerGradient | null)[][];

/** What the search starts from: the original bins and each member's shared-layer count. */
export interface SearchInput {
  bins: ClusterMap[];
  gradients: LayerGradients;
  depths: number[];
}

interface Working {
  clusters: ClusterMap[];
  links: (CoefficientLink | null)[][];
  next: number;
}

/** Member-0 layer ids of original bin `bin`, ascending. */
const inBin = (bins: ClusterMap[], member: number, bin: number) =>
  bins[member].flatMap((b, id) => (b === bin ? [id] : []));

/** Member `m`'s layers in new cluster `cluster`, ascending: positions count in this order. */
const positionIn = (w: Working, m: number, cluster: number, layer: number) =>
  w.clusters[m].flatMap((c, id) => (c === cluster ? [id] : [])).indexOf(layer);

/** §2.4: fresh ids over member 0's layers (bin order, then layer order), then PQ per bin. */
export function splitMemberZero(input: SearchInput, threshold: number): ClusterMap {
  const bins = [...new Set(input.bins[0].filter((b) => b >= 0))].sort((a, b) => a - b);
  const result: ClusterMap = input.bins[0].map(() => -1);
  let next = 0;
  for (const bin of bins) {
    const layers = inBin(input.bins, 0, bin);
    const labels = new Map(layers.map((id) => [id, next++]));
    const queue: SimilarityPair<number>[] = [];
    for (const i of layers) {
      for (const j of layers) {
        if (i !== j) queue.push({ similarity: similarity(input, 0, i, 0, j), i, j });
      }
    }
    priorityQueueAssignment(threshold, labels, queue);
    for (const [id, label] of labels) result[id] = label;
  }
  return result;
}

function similarity(input: SearchInput, m1: number, l1: number, m2: number, l2: number): number {
  const a = input.gradients[m1][l1];
  const b = input.gradients[m2][l2];
  if (!a || !b) {
    throw new ConfigError(
      `no gradient for layer ${a ? l2 : l1} of member ${a ? m2 : m1}: collect one for every generated layer`,
    );
  }
  return croppedCosine(a, b);
}

/**
 * §2.4–2.5 at one τ: the clusters of every member (renumbered 0..G−1) and the coefficient links.
 * `coefficientThreshold` is c of §2.5 (null: off). With c set, members of an already-joined depth
 * compare against that depth's first member; the reference hard-codes member 0 there and raises
 * KeyError for other depths (§2.5), which this fixes.
 */
export function assignClusters(
  input: SearchInput,
  threshold: number,
  coefficientThreshold: number | null,
): SuperWeightsSharing {
  const zero = splitMemberZero(input, threshold);
  const w: Working = {
    clusters: input.bins.map((bins, m) => (m === 0 ? zero : bins.map(() => -1))),
    links: input.bins.map((bins) => bins.map(() => null)),
    next: Math.max(-1, ...zero) + 1,
  };
  const depths = [...new Set(input.depths)].sort((a, b) => b - a);
  for (const depth of depths) {
    let reference = depth === input.depths[0] ? 0 : -1;
    for (let m = 1; m < input.depths.length; m++) {
      if (input.depths[m] !== depth) continue;
      if (reference < 0) {
        joinBySimilarity(input, w, m, coefficientThreshold);
        reference = m;
      } else {
        joinPositionally(input, w, m, reference, coefficientThreshold);
      }
    }
  }
  return { clusters: renumberClusters(w.clusters), coefficientMap: w.links };
}

/** `join_large`: each layer joins the cluster of its most similar member-0 layer of the same bin. */
function joinBySimilarity(input: SearchInput, w: Working, m: number, c: number | null): void {
  for (const bin of [...new Set(input.bins[m].filter((b) => b >= 0))].sort((a, b) => a - b)) {
    const candidates = inBin(input.bins, 0, bin);
    for (const layer of inBin(input.bins, m, bin)) {
      let best: { sim: number; layer: number } | null = null;
      for (const other of candidates) {
        const sim = similarity(input, m, layer, 0, other);
        if (best === null || best.sim < sim) best = { sim, layer: other };
      }
      if (!best) {
        // Member 0 has no layer in this bin (the reference asserts); the layer starts a cluster.
        w.clusters[m][layer] = w.next++;
        continue;
      }
      const cluster = w.clusters[0][best.layer];
      w.clusters[m][layer] = cluster;
      const own = c !== null && !(best.sim > c);
      w.links[m][layer] = own
        ? null
        : { member: 0, position: positionIn(w, 0, cluster, best.layer) };
    }
  }
}

/**
 * `join_large_same_depth` (c null): the k-th layer of each bin copies the cluster of the reference
 * member's k-th layer of that bin and links to it. With c set, the link holds only when the
 * layer's best similarity over the reference's bin exceeds c.
 */
function joinPositionally(
  input: SearchInput,
  w: Working,
  m: number,
  reference: number,
  c: number | null,
): void {
  for (const bin of [...new Set(input.bins[m].filter((b) => b >= 0))].sort((a, b) => a - b)) {
    const theirs = inBin(input.bins, reference, bin);
    inBin(input.bins, m, bin).forEach((layer, k) => {
      const match = theirs[k];
      if (match === undefined) {
        w.clusters[m][layer] = w.next++;
        return;
      }
      const cluster = w.clusters[reference][match];
      w.clusters[m][layer] = cluster;
      const best =
        c === null
          ? Infinity
          : Math.max(...theirs.map((o) => similarity(input, m, layer, reference, o)));
      w.links[m][layer] =
        c !== null && !(best > c)
          ? null
          : { member: reference, position: positionIn(w, reference, cluster, match) };
    });
  }
}

/** One τ tried by the threshold loop. */
export interface SearchStep {
  threshold: number;
  clusters: number;
  /** Σ s_b: the bank minimum (one template per bank) of this clustering. */
  need: number;
  /** Σ over clusters of the largest layer numel: the reference's own `need` (§2.6). */
  referenceNeed: number;
}

export interface SearchResult {
  sharing: SuperWeightsSharing;
  threshold: number;
  steps: SearchStep[];
}

/**
 * §2.6: τ from `thresholdStart` down by `thresholdDecrement` until the clustering's bank minimum
 * fits `config.budget` (the reference compares Σ of the largest layer per cluster, which can
 * still leave the banks over budget; both are reported). Below τ = −1 nothing can change any
 * more, so instead of looping forever as the reference does, it stops with a BudgetError.
 */
export function searchSharing(
  members: readonly Architecture[],
  input: SearchInput,
  config: SuperWeightsConfig,
): SearchResult {
  const { thresholdStart, thresholdDecrement, coefficientThreshold } = config.search;
  const steps: SearchStep[] = [];
  for (let k = 0; ; k++) {
    const threshold = thresholdStart - k * thresholdDecrement;
    const sharing = assignClusters(input, threshold, coefficientThreshold);
    const step = measure(members, sharing, config, threshold);
    steps.push(step);
    if (config.budget === null || step.need <= config.budget) return { sharing, threshold, steps };
    if (threshold < -1) {
      const best = Math.min(...steps.map((s) => s.need));
      throw new BudgetError(
        `no cluster threshold fits the budget of ${config.budget.toLocaleString('en-US')}: the smallest bank minimum over τ = ${thresholdStart}…${round(threshold)} is ${best.toLocaleString('en-US')}; raise the budget to at least ${best} or use fewer bins`,
      );
    }
  }
}

function measure(
  members: readonly Architecture[],
  sharing: SuperWeightsSharing,
  config: SuperWeightsConfig,
  threshold: number,
): SearchStep {
  const plan = planSuperWeights(
    members,
    { ...config, budget: null },
    { clusters: sharing.clusters, coefficientMap: null },
  );
  const largest = new Map<number, number>();
  for (const member of plan.members) {
    for (const layer of member.layers) {
      if (!layer) continue;
      const size = layer.shape.out * layer.shape.in * layer.shape.kh * layer.shape.kw;
      largest.set(layer.cluster, Math.max(largest.get(layer.cluster) ?? 0, size));
    }
  }
  return {
    threshold: round(threshold),
    clusters: largest.size,
    need: plan.allocation.minimum,
    referenceNeed: [...largest.values()].reduce((a, b) => a + b, 0),
  };
}

const round = (x: number) => Math.round(x * 1e9) / 1e9;
