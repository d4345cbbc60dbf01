// The sharing inspector's views of a SharingReport: stages in training order, the layers ×
// groups grid, which layers changed sharing since the previous stage, and the coefficient
// matrix (layers × templates) with a diverging colour scale.
import type { SharingReport, SharingStageWire } from '../runs/runsClient';

/** Stage order: the search, then main training, then unsharing steps by epoch. */
export function orderStages(stages: readonly SharingStageWire[]): SharingStageWire[] {
  const rank = (stage: string): [number, number] => {
    if (stage === 'search') return [0, 0];
    if (stage === 'main') return [1, 0];
    const unsharing = /^unsharing(?::(\d+))?$/.exec(stage);
    if (unsharing) return [2, Number(unsharing[1] ?? 0)];
    return [3, 0];
  };
  return [...stages].sort((a, b) => {
    const [ra, rb] = [rank(a.stage), rank(b.stage)];
    return ra[0] - rb[0] || ra[1] - rb[1] || a.stage.localeCompare(b.stage);
  });
}

export interface GridRow {
  layerId: number;
  layerName: string;
  groupId: number;
  /** Column of the layer's group. */
  column: number;
  params: number;
  shape: number[];
}

export interface SharingGrid {
  /** Group ids (SSN) or clusters (SuperWeights), one per column, in order of their first layer. */
  groups: number[];
  /** What a column is: 'group' (SSN) or 'cluster' (SuperWeights). */
  columnKind: 'group' | 'cluster';
  /** Rows of layers sharing with a column; layers with their own weights are listed apart. */
  rows: GridRow[];
  /** Layers with their own weights (unshared models, the SuperWeights classifier). */
  own: { layerId: number; layerName: string }[];
}

/**
 * One row per shared layer (by id), its cell in its group's (SSN) or cluster's (SuperWeights)
 * column, read from the stage's sharing description (issue #12 item 1).
 */
export function sharingGrid(stage: SharingStageWire): SharingGrid {
  const layers = [...stage.sharing.layers].sort((a, b) => a.id - b.id);
  const groups: number[] = [];
  for (const layer of layers)
    if (layer.cluster !== null && !groups.includes(layer.cluster)) groups.push(layer.cluster);
  const column = new Map(groups.map((g, i) => [g, i]));
  return {
    groups,
    columnKind: stage.sharing.unitKind === 'bank' ? 'cluster' : 'group',
    rows: layers
      .filter((l) => l.cluster !== null)
      .map((l) => ({
        layerId: l.id,
        layerName: l.name,
        groupId: l.cluster!,
        column: column.get(l.cluster!)!,
        params: l.params,
        shape: l.shape,
      })),
    own: layers
      .filter((l) => l.cluster === null)
      .map((l) => ({ layerId: l.id, layerName: l.name })),
  };
}

// The layers a layer shares with (itself included), as a key: stages number their groups
// independently, so "changed" means the partition changed, not the group's number.
function partnersByLayer(stage: SharingStageWire): Map<number, string> {
  const key = (l: { id: number; cluster: number | null }) => l.cluster ?? -1 - l.id;
  const members = new Map<number, number[]>();
  for (const layer of stage.sharing.layers) {
    const list = members.get(key(layer)) ?? [];
    list.push(layer.id);
    members.set(key(layer), list);
  }
  return new Map(
    stage.sharing.layers.map((l) => [
      l.id,
      [...members.get(key(l))!].sort((a, b) => a - b).join(','),
    ]),
  );
}

/** Layers whose sharing partners differ between `previous` and `current`. */
export function changedLayers(
  previous: SharingStageWire | undefined,
  current: SharingStageWire,
): Set<number> {
  if (!previous) return new Set();
  const before = partnersByLayer(previous);
  const after = partnersByLayer(current);
  return new Set([...after].filter(([id, key]) => before.get(id) !== key).map(([id]) => id));
}

export interface CoefficientRow {
  label: string;
  layerId: number | null;
  values: number[];
}

/** The checkpoint's coefficient vectors as rows (a 2-D vector gives one row per leading index). */
export function coefficientRows(report: SharingReport, stage?: SharingStageWire): CoefficientRow[] {
  const names = new Map((stage ?? report.stages[0])?.layers.map((l) => [l.layerId, l.layerName]));
  const rows: CoefficientRow[] = [];
  for (const c of report.coefficients) {
    const base = c.layerId !== null ? (names.get(c.layerId) ?? `layer ${c.layerId}`) : c.name;
    if (c.shape.length === 2 && c.shape[0] > 1) {
      const width = c.shape[1];
      for (let r = 0; r < c.shape[0]; r++) {
        rows.push({
          label: `${base}[${r}]`,
          layerId: c.layerId,
          values: c.values.slice(r * width, (r + 1) * width),
        });
      }
    } else rows.push({ label: base, layerId: c.layerId, values: c.values });
  }
  return rows.sort((a, b) => (a.layerId ?? Infinity) - (b.layerId ?? Infinity));
}

/** The largest |value|, the symmetric bound of the diverging scale (1 when all are zero). */
export function coefficientBound(rows: readonly CoefficientRow[]): number {
  let bound = 0;
  for (const row of rows)
    for (const v of row.values) if (Number.isFinite(v)) bound = Math.max(bound, Math.abs(v));
  return bound || 1;
}

/** Diverging colour for `value` in [-bound, bound]: blue (negative), white (0), red (positive). */
export function divergingColor(value: number, bound: number): string {
  const t = Math.max(-1, Math.min(1, value / bound));
  const mix = (from: number, to: number) => Math.round(from + (to - from) * Math.abs(t));
  const [r, g, b] =
    t < 0
      ? [mix(247, 33), mix(247, 102), mix(247, 172)]
      : [mix(247, 178), mix(247, 24), mix(247, 43)];
  return `rgb(${r}, ${g}, ${b})`;
}

/** A distinct colour per group column (golden-angle hues). */
export function groupColor(column: number): string {
  return `hsl(${Math.round((column * 137.508) % 360)} 62% 52%)`;
}

/** No changed layers (the first stage, or no stage). */
export const NO_LAYERS: ReadonlySet<number> = new Set();
