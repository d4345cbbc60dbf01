// Seeded k-means for learned SSN groups (ssn.md §4.2 step 4): sklearn's defaults — greedy
// k-means++ seeding (2 + ⌊ln k⌋ candidates per pick), Lloyd iterations up to 300, tolerance 1e-4
// of the mean feature variance, best of 10 restarts by inertia — but drawn from our Rng.
import type { Rng } from '../../random';

export interface KMeansOptions {
  restarts: number;
  maxIterations: number;
  tolerance: number;
}

export const KMEANS_DEFAULTS: KMeansOptions = { restarts: 10, maxIterations: 300, tolerance: 1e-4 };

export interface KMeansResult {
  labels: number[];
  centers: number[][];
  inertia: number;
}

const distance2 = (a: number[], b: number[]) => a.reduce((sum, v, i) => sum + (v - b[i]) ** 2, 0);

/** Index drawn with probability proportional to `weights` (uniform when all are 0). */
function drawWeighted(weights: number[], rng: Rng): number {
  const total = weights.reduce((a, b) => a + b, 0);
  if (total <= 0) return rng.int(weights.length);
  let r = rng.next() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i];
    if (r < 0) return i;
  }
  return weights.length - 1;
}

/** Greedy k-means++ initial centres. */
function seedCenters(points: number[][], k: number, rng: Rng): number[][] {
  const centers = [points[rng.int(points.length)]];
  let closest = points.map((p) => distance2(p, centers[0]));
  const trials = 2 + Math.floor(Math.log(k));
  while (centers.length < k) {
    let best: { index: number; closest: number[]; potential: number } | null = null;
    for (let t = 0; t < trials; t++) {
      const index = drawWeighted(closest, rng);
      const next = points.map((p, i) => Math.min(closest[i], distance2(p, points[index])));
      const potential = next.reduce((a, b) => a + b, 0);
      if (!best || potential < best.potential) best = { index, closest: next, potential };
    }
    const chosen = best as { index: number; closest: number[] };
    centers.push(points[chosen.index]);
    closest = chosen.closest;
  }
  return centers.map((c) => [...c]);
}

function assign(points: number[][], centers: number[][]): { labels: number[]; inertia: number } {
  let inertia = 0;
  const labels = points.map((p) => {
    let best = 0;
    let bestDistance = Infinity;
    centers.forEach((c, j) => {
      const d = distance2(p, c);
      if (d < bestDistance) [best, bestDistance] = [j, d];
    });
    inertia += bestDistance;
    return best;
  });
  return { labels, inertia };
}

function updateCenters(points: number[][], labels: number[], centers: number[][]): number[][] {
  const dims = points[0].length;
  const sums = centers.map(() => new Array<number>(dims).fill(0));
  const counts = centers.map(() => 0);
  points.forEach((p, i) => {
    counts[labels[i]]++;
    p.forEach((v, d) => (sums[labels[i]][d] += v));
  });
  const taken = new Set<number>();
  return sums.map((sum, j) => {
    if (counts[j] > 0) return sum.map((v) => v / counts[j]);
    // An empty cluster takes the point farthest from its centre, as sklearn relocates them.
    let far = 0;
    let farDistance = -1;
    points.forEach((p, i) => {
      const d = distance2(p, centers[labels[i]]);
      if (!taken.has(i) && d > farDistance) [far, farDistance] = [i, d];
    });
    taken.add(far);
    return [...points[far]];
  });
}

function lloyd(
  points: number[][],
  k: number,
  rng: Rng,
  options: KMeansOptions,
  tol: number,
): KMeansResult {
  let centers = seedCenters(points, k, rng);
  for (let iteration = 0; iteration < options.maxIterations; iteration++) {
    const { labels } = assign(points, centers);
    const next = updateCenters(points, labels, centers);
    const shift = next.reduce((sum, c, j) => sum + distance2(c, centers[j]), 0);
    centers = next;
    if (shift <= tol) break;
  }
  return { ...assign(points, centers), centers };
}

/** Clusters `points` (rows of equal length) into `k` groups; deterministic for a given rng. */
export function kmeans(
  points: number[][],
  k: number,
  rng: Rng,
  options = KMEANS_DEFAULTS,
): KMeansResult {
  const dims = points[0].length;
  const means = Array.from(
    { length: dims },
    (_, d) => points.reduce((s, p) => s + p[d], 0) / points.length,
  );
  const variance =
    means.reduce(
      (s, m, d) => s + points.reduce((t, p) => t + (p[d] - m) ** 2, 0) / points.length,
      0,
    ) / dims;
  let best: KMeansResult | null = null;
  for (let r = 0; r < options.restarts; r++) {
    const result = lloyd(points, k, rng, options, options.tolerance * variance);
    if (!best || result.inertia < best.inertia) best = result;
  }
  return best as KMeansResult;
}
