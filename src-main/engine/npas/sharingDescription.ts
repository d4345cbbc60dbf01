// The one description of how a model shares its parameters (issue #12 item 1): the sharing units
// (SSN groups, SuperWeights banks) with their members, budget size and templates, and each
// layer's units. It is derived from the method's plan through its per-layer accounting lines
// only, so the Budget screen and `npas inspect --json` (fresh accounting) and the Sharing
// inspector (the layer lines a run saved) draw the same thing. Pure numbers, no tensors.
import { AssertionError } from '../../contract/errors';
import type { LayerAccount, Method } from './provider';

/** What a unit is: an SSN parameter group or a SuperWeights bank; none for unshared models. */
export type SharingUnitKind = 'group' | 'bank';

/** One group (SSN) or bank (SuperWeights). */
export interface SharingUnit {
  /** The group id (SSN) or bank id (SuperWeights), as the engine numbers them. */
  id: number;
  /** How screens name it: 'group 3', 'bank 2 (cluster 1, width level 0)'. */
  label: string;
  /** SuperWeights: the cluster the bank belongs to; null for SSN. */
  cluster: number | null;
  /** SuperWeights: the bank's width level; null for SSN. */
  level: number | null;
  /** Layer ids drawing on the unit, ascending. */
  layers: number[];
  /** Numbers in the store or bank: what counts against the budget. */
  params: number;
  /** Sum of the member layers' unshared parameters. */
  layerParams: number;
  /** The most templates a member layer reads from it (null when none are used). */
  templates: number | null;
}

/** One layer and the units it draws on. */
export interface SharingLayer {
  id: number;
  name: string;
  /** Reference (PyTorch) order weight shape. */
  shape: number[];
  /** Parameters the layer would have unshared. */
  params: number;
  /** Unit ids it draws on: one SSN group, or one SuperWeights bank per width level. */
  units: number[];
  /** SuperWeights cluster (the sharing inspector's column); SSN: its group; null: own weights. */
  cluster: number | null;
  /** Templates it reads (SSN K, SuperWeights summed over its windows); null: none. */
  templates: number | null;
}

export interface SharingDescription {
  method: Method;
  /** null for unshared models (no units). */
  unitKind: SharingUnitKind | null;
  units: SharingUnit[];
  layers: SharingLayer[];
  /** Sum of the units' parameters. */
  unitParams: number;
}

/** The part of an accounting line the description needs (what a run's saved groups hold). */
export type SharingLayerLine = Pick<LayerAccount, 'id' | 'name' | 'shape' | 'params' | 'group'> & {
  detail?: Record<string, unknown>;
};

interface LevelLine {
  bank: number;
  bankSize: number;
  level: number;
  templates: number;
}

function num(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    // Lines come from accounting; a saved line without sizes predates them (see sharingReport).
    throw new AssertionError(`sharing description: ${what} is ${String(value)}, not a number`);
  }
  return value;
}

function levelsOf(line: SharingLayerLine): LevelLine[] {
  const levels = line.detail?.levels;
  if (!Array.isArray(levels)) return [];
  return levels.map((raw: Record<string, unknown>, i) => ({
    bank: num(raw.bank, `layer ${line.id} level ${i} bank`),
    bankSize: num(raw.bankSize, `layer ${line.id} level ${i} bankSize`),
    level: num(raw.level, `layer ${line.id} level ${i} level`),
    templates: num(raw.templates, `layer ${line.id} level ${i} templates`),
  }));
}

/** A SuperWeights layer line: its banks (one per level) and its cluster. */
function bankLayer(line: SharingLayerLine, units: Map<number, SharingUnit>): SharingLayer {
  const levels = levelsOf(line);
  for (const piece of levels) {
    const unit = units.get(piece.bank) ?? {
      id: piece.bank,
      label: `bank ${piece.bank} (cluster ${line.group ?? '?'}, width level ${piece.level})`,
      cluster: line.group ?? null,
      level: piece.level,
      layers: [],
      params: piece.bankSize,
      layerParams: 0,
      templates: null,
    };
    if (!unit.layers.includes(line.id)) {
      unit.layers.push(line.id);
      unit.layerParams += line.params;
    }
    unit.templates = Math.max(unit.templates ?? 0, piece.templates);
    units.set(piece.bank, unit);
  }
  return {
    id: line.id,
    name: line.name,
    shape: [...line.shape],
    params: line.params,
    units: levels.map((l) => l.bank),
    cluster: levels.length ? (line.group ?? null) : null,
    templates: levels.length ? levels.reduce((sum, l) => sum + l.templates, 0) : null,
  };
}

/** An SSN layer line: its one group (single layers are groups of their own). */
function groupLayer(line: SharingLayerLine, units: Map<number, SharingUnit>): SharingLayer {
  const group = num(line.group, `layer ${line.id} group`);
  const templates = typeof line.detail?.templates === 'number' ? line.detail.templates : 0;
  const unit = units.get(group) ?? {
    id: group,
    label: `group ${group}`,
    cluster: null,
    level: null,
    layers: [],
    params: num(line.detail?.groupParams, `layer ${line.id} groupParams`),
    layerParams: 0,
    templates: null,
  };
  unit.layers.push(line.id);
  unit.layerParams += line.params;
  if (templates > 0) unit.templates = Math.max(unit.templates ?? 0, templates);
  units.set(group, unit);
  return {
    id: line.id,
    name: line.name,
    shape: [...line.shape],
    params: line.params,
    units: [group],
    cluster: group,
    templates: templates > 0 ? templates : null,
  };
}

/** Describes the sharing of a model from its accounting's layer lines (fresh or saved). */
export function describeSharing(
  method: Method,
  lines: readonly SharingLayerLine[],
): SharingDescription {
  const units = new Map<number, SharingUnit>();
  const sorted = [...lines].sort((a, b) => a.id - b.id);
  const layers = sorted.map((line): SharingLayer => {
    if (method === 'superweights') return bankLayer(line, units);
    if (method === 'ssn') return groupLayer(line, units);
    return {
      id: line.id,
      name: line.name,
      shape: [...line.shape],
      params: line.params,
      units: [],
      cluster: null,
      templates: null,
    };
  });
  const list = [...units.values()].sort((a, b) => a.id - b.id);
  for (const unit of list) unit.layers.sort((a, b) => a - b);
  return {
    method,
    unitKind: method === 'ssn' ? 'group' : method === 'superweights' ? 'bank' : null,
    units: list,
    layers,
    unitParams: list.reduce((sum, u) => sum + u.params, 0),
  };
}
