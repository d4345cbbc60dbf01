// Layer → sharing-group partition for every group mode (ssn.md §4.1, §4.3), with each group's
// "bank order" (the order its layers are added, which fixes shape ties and coefficient rows).
import { ConfigError } from '../../../contract/errors';
import { missingCase } from '../../../contract/assert';
import type { Architecture, LayerSpec } from '../../arch/types';
import { weightShape } from '../../arch/types';
import { createRng } from '../../random';
import type { SsnConfig, SsnGroupMode } from './config';
import { SSN_GROUP_MODES } from './config';
import { manualGroups } from './manualGroups';

export interface GroupLayout {
  /** Group id of every layer, by layer id. */
  labels: number[];
  /** Layer ids of each group in bank order. */
  members: number[][];
  /** The reference's "_slide" cursor (type and shape groups only). */
  slide: boolean;
}

const shapeKey = (layer: LayerSpec) => weightShape(layer).join(' ');

/** Layers keyed by kind, then shape, both in first-appearance order (reference setup_bank). */
function byKindAndShape(layers: LayerSpec[]): number[][][] {
  const kinds = new Map<string, Map<string, number[]>>();
  for (const layer of layers) {
    const shapes = kinds.get(layer.kind) ?? new Map<string, number[]>();
    kinds.set(layer.kind, shapes);
    const ids = shapes.get(shapeKey(layer)) ?? [];
    shapes.set(shapeKey(layer), ids);
    ids.push(layer.id);
  }
  return [...kinds.values()].map((shapes) => [...shapes.values()]);
}

function fromMembers(count: number, members: number[][], slide: boolean): GroupLayout {
  const labels = new Array<number>(count);
  members.forEach((ids, group) => ids.forEach((id) => (labels[id] = group)));
  return { labels, members, slide };
}

/** Members in layer-id order from a label list. */
export function fromLabels(labels: number[], slide = false): GroupLayout {
  const count = Math.max(-1, ...labels) + 1;
  const members: number[][] = Array.from({ length: count }, () => []);
  labels.forEach((group, id) => members[group].push(id));
  return { labels: [...labels], members, slide };
}

/** numpy's random grouping: G forced members plus L−G uniform draws, shuffled (seeded). */
export function randomGroups(layers: number, groups: number, seed: number): number[] {
  const rng = createRng(seed).fork('ssn.groups.random');
  const labels = Array.from({ length: layers - groups }, () => rng.int(groups));
  for (let g = 0; g < groups; g++) labels.push(g);
  for (let i = labels.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [labels[i], labels[j]] = [labels[j], labels[i]];
  }
  return labels;
}

/** Checks an explicit group list: one non-negative integer per layer, ids 0..G−1 all used. */
export function checkGroupList(arch: Architecture, list: number[]): void {
  const count = arch.layers.length;
  if (list.length !== count) {
    throw new ConfigError(
      `groups list has ${list.length} entries but '${arch.name}' has ${count} layers; give one group id per layer`,
    );
  }
  const bad = list.find((g) => !Number.isInteger(g) || g < 0);
  if (bad !== undefined) {
    throw new ConfigError(`group id ${bad} is invalid; ids are integers 0, 1, 2, ...`);
  }
  const groups = Math.max(...list) + 1;
  const used = new Set(list);
  for (let g = 0; g < groups; g++) {
    if (!used.has(g)) {
      throw new ConfigError(
        `groups list uses ids up to ${groups - 1} but never ${g}; ids must be 0..${groups - 1} with every id used`,
      );
    }
  }
}

/** Checks groupCount for random/learned: an integer from 1 to the number of layers. */
export function checkGroupCount(
  arch: Architecture,
  mode: string,
  count: number | undefined,
): number {
  const layers = arch.layers.length;
  if (count === undefined || !Number.isInteger(count) || count < 1) {
    throw new ConfigError(
      `groups '${mode}' needs groupCount, an integer from 1 to ${layers} (got ${String(count)})`,
    );
  }
  if (count > layers) {
    throw new ConfigError(
      `groupCount ${count} is more groups than '${arch.name}' has layers (${layers}); use at most ${layers}`,
    );
  }
  return count;
}

/** The partition a config asks for. `learned` must have been resolved to a list by the search. */
export function layerGroups(arch: Architecture, config: SsnConfig, seed = 0): GroupLayout {
  const { groups } = config;
  const count = arch.layers.length;
  if (Array.isArray(groups)) {
    checkGroupList(arch, groups);
    return fromLabels(groups);
  }
  if (!SSN_GROUP_MODES.includes(groups)) {
    throw new ConfigError(
      `unknown groups '${String(groups)}'; valid: ${SSN_GROUP_MODES.join(', ')} or a list of group ids`,
    );
  }
  const mode: SsnGroupMode = groups;
  switch (mode) {
    case 'single':
      return fromMembers(count, [arch.layers.map((l) => l.id)], false);
    case 'type':
      return fromMembers(
        count,
        byKindAndShape(arch.layers).map((shapes) => shapes.flat()),
        true,
      );
    case 'shape':
      return fromMembers(count, byKindAndShape(arch.layers).flat(), true);
    case 'manual':
      return fromLabels(manualGroups(arch));
    case 'random':
      return fromLabels(randomGroups(count, checkGroupCount(arch, mode, config.groupCount), seed));
    case 'learned':
      checkGroupCount(arch, mode, config.groupCount);
      throw new ConfigError(
        `groups 'learned' are known only after the search phase: run createSearchProvider, then ` +
          `learnGroups, and pass the resulting list of ${count} group ids as groups`,
      );
    default:
      return missingCase(mode);
  }
}
