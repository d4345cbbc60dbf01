// The initial clusters of SuperWeight Networks: depth bins with kernel sizes kept apart
// (superweights.md §1.2, `all_nets_groupslim_depth` with `separate_kernels`). Pure numbers, no
// tensors. Which layers take part at all (every conv and dense layer but the classifier) is
// decided here too, so every module agrees on it.
import type { Architecture, LayerSpec } from '../../arch/types';

/** A member's cluster per layer id; −1 marks a layer the banks do not generate (the classifier). */
export type ClusterMap = number[];

/** The layer the output node reads, when it is a dense layer: the member's own classifier. */
export function classifierLayer(arch: Architecture): number | null {
  const node = arch.nodes[arch.output];
  return node && node.op === 'dense' ? node.layer : null;
}

/**
 * Layers generated from banks, in id order: every conv and dense layer, except the classifier
 * unless `shareClassifier` (the reference's `--share_linear`). WRN-d-k has d of them (§1.1).
 */
export function sharedLayers(arch: Architecture, shareClassifier: boolean): LayerSpec[] {
  const classifier = shareClassifier ? null : classifierLayer(arch);
  return arch.layers.filter((layer) => layer.id !== classifier);
}

/**
 * The key layers are separated by: the reference joins the kernel dims with a space and sorts
 * the keys as strings, so '1 1' < '3 3' (and '11 11' < '3 3'); a dense layer's key is ''.
 */
export function kernelKey(layer: LayerSpec): string {
  return layer.kind === 'dense' ? '' : `${layer.kernel} ${layer.kernel}`;
}

/** Python's round(): halves go to the even neighbour, as numpy and the reference do. */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Splits `count` items into `bins` contiguous sizes; the remainder goes to the first bins. */
export function binSizes(count: number, bins: number): number[] {
  if (count < bins) return Array.from({ length: bins }, (_, i) => (i < count ? 1 : 0));
  const sizes = Array.from({ length: bins }, () => Math.floor(count / bins));
  for (let i = 0; i < count % bins; i++) sizes[i]++;
  return sizes;
}

/**
 * Depth bins for every member (§1.2). With `kernelsApart`, each kernel key (sorted as strings)
 * gets round(B · n_kernel / n_layers) bins (at least 1) computed from member 0 and applied to all
 * members; bin ids run over keys in order. A key member 0 lacks takes its count from the first
 * member that has it (the reference would misalign here). Without `kernelsApart`, each member's
 * layers are cut into B depth bins and each bin is split by kernel key, since a cluster can only
 * assemble one kernel size.
 */
export function depthBins(
  members: readonly Architecture[],
  bins: number,
  kernelsApart: boolean,
  shareClassifier: boolean,
): ClusterMap[] {
  const shared = members.map((arch) => sharedLayers(arch, shareClassifier));
  return kernelsApart ? binsByKernel(members, shared, bins) : binsByDepth(members, shared, bins);
}

function binsByKernel(
  members: readonly Architecture[],
  shared: LayerSpec[][],
  bins: number,
): ClusterMap[] {
  const keys = [...new Set(shared.flatMap((layers) => layers.map(kernelKey)))].sort();
  const binCount = new Map<string, number>();
  for (const key of keys) {
    const owner = shared.find((layers) => layers.some((l) => kernelKey(l) === key)) as LayerSpec[];
    const n = owner.filter((l) => kernelKey(l) === key).length;
    binCount.set(key, Math.max(1, roundHalfEven((bins * n) / owner.length)));
  }
  return members.map((arch, m) => {
    const map: ClusterMap = arch.layers.map(() => -1);
    let first = 0;
    for (const key of keys) {
      const count = binCount.get(key) as number;
      const layers = shared[m].filter((l) => kernelKey(l) === key);
      let next = 0;
      binSizes(layers.length, count).forEach((size, b) => {
        for (let i = 0; i < size; i++) map[layers[next++].id] = first + b;
      });
      first += count;
    }
    return map;
  });
}

function binsByDepth(
  members: readonly Architecture[],
  shared: LayerSpec[][],
  bins: number,
): ClusterMap[] {
  const keys = [...new Set(shared.flatMap((layers) => layers.map(kernelKey)))].sort();
  const maps = members.map((arch, m) => {
    const map: ClusterMap = arch.layers.map(() => -1);
    let next = 0;
    binSizes(shared[m].length, bins).forEach((size, b) => {
      for (let i = 0; i < size; i++) {
        const layer = shared[m][next++];
        map[layer.id] = b * keys.length + keys.indexOf(kernelKey(layer));
      }
    });
    return map;
  });
  return renumberClusters(maps);
}

/** Renumbers cluster ids to 0..G−1 in increasing order of the old ids, across all members. */
export function renumberClusters(clusters: readonly ClusterMap[]): ClusterMap[] {
  const ids = [...new Set(clusters.flat().filter((id) => id >= 0))].sort((a, b) => a - b);
  const index = new Map(ids.map((id, i) => [id, i]));
  return clusters.map((map) => map.map((id) => (id < 0 ? -1 : (index.get(id) as number))));
}
