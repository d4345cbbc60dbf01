// Learned groups (ssn.md §4.2 steps 4–5): k-means++ on the search model's raw per-layer
// coefficients (alpha, L×4, for WAvg) or embeddings (phi, L×24, for Emb). Group ids are numbered
// by first appearance in layer order; with L ≤ k every layer becomes its own group.
import { ConfigError } from '../../../contract/errors';
import { createRng } from '../../random';
import type { SsnProvider } from './createSsnProvider';
import { kmeans } from './kmeans';

/** The search model's coefficient rows, by layer id. */
export async function searchFeatures(provider: SsnProvider): Promise<number[][]> {
  const rows: number[][] = [];
  for (const layer of provider.plan.layers) {
    const variable = provider.variables.coefficients[layer.id];
    if (!variable)
      throw new ConfigError(
        `layer ${layer.id} has no coefficients; learnGroups needs the search provider`,
      );
    rows.push(Array.from(await variable.data()));
  }
  return rows;
}

/** Renumbers labels 0, 1, ... in order of first appearance. */
export function relabel(labels: number[]): number[] {
  const ids = new Map<number, number>();
  return labels.map((label) => {
    if (!ids.has(label)) ids.set(label, ids.size);
    return ids.get(label) as number;
  });
}

/** Group id per layer from a trained search provider (createSearchProvider). */
export async function learnGroups(
  provider: SsnProvider,
  k: number,
  seed: number,
): Promise<number[]> {
  if (!provider.plan.search) {
    throw new ConfigError(
      'learnGroups needs the search provider (createSearchProvider), not a normal SSN provider',
    );
  }
  const layers = provider.plan.layers.length;
  if (!Number.isInteger(k) || k < 1) {
    throw new ConfigError(`group count ${k} is invalid; give a whole number from 1 to ${layers}`);
  }
  if (layers <= k) return Array.from({ length: layers }, (_, i) => i);
  const result = kmeans(await searchFeatures(provider), k, createRng(seed).fork('ssn.kmeans'));
  return relabel(result.labels);
}
