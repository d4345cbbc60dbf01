// The one description of how a model shares its parameters (issue #12 item 1): the sharing units
// (SSN groups, SuperWeights banks) with their members, budget size and templates, and each
// layer's units. It is derived from the method's plan through its per-layer accounting lines
// only, so the Budget screen and `npas inspect --json` (fresh accounting) and the Sharing
// inspector (the layer lines a run saved) draw the same thing. Pure numbers, no tensors.
import { AssertionError } from '../../contract/errors';
import type {
  Method,
  SharingDescription,
  SharingLayer,
  SharingUnit,
} from '../../contract/engineTypes';
import type { LayerAccount } from './provider';

export type {
  SharingDescription,
  SharingLayer,
  SharingUnit,
  SharingUnitKind,
} from '../../contract/engineTypes';

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
