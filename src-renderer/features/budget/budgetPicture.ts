// The Budget screen's picture (issue #12 item 11), as plain numbers: where the budget goes (one
// segment per group or bank, widths in proportion to their parameters), the unshared network
// layer by layer (coloured by the unit each layer draws on), the unshared network,
// the budget and every trainable number on one scale, and the past runs of the same
// architecture and dataset as accuracy-vs-budget points.
import type {
  InspectReportWire,
  RunListRowWire,
  SharingDescriptionWire,
} from '../../../src-main/contract/appApi';
import type { BudgetPoint } from '../compare/frontier';

export interface UnitSegment {
  id: number;
  label: string;
  params: number;
  /** Share of all the units' parameters, 0..1. */
  fraction: number;
  /** The SuperWeights cluster or SSN group (the colour key). */
  colorKey: number;
}

/** One segment per unit, in unit order; empty without units. */
export function unitSegments(sharing: SharingDescriptionWire | null): UnitSegment[] {
  if (!sharing || sharing.unitParams <= 0) return [];
  return sharing.units.map((u) => ({
    id: u.id,
    label: u.label,
    params: u.params,
    fraction: u.params / sharing.unitParams,
    colorKey: u.cluster ?? u.id,
  }));
}

export interface LayerSegment {
  id: number;
  name: string;
  /** The layer's unshared parameters. */
  params: number;
  /** Share of the unshared network's weight-bearing parameters, 0..1. */
  fraction: number;
  /** Colour key of the unit it draws on (as unitSegments), or null: its own weights. */
  colorKey: number | null;
  /** 'group 0', 'banks 2, 3', or 'own weights'. */
  drawsOn: string;
}

/** One segment per layer, sized by its unshared parameters; empty without a description. */
export function layerSegments(sharing: SharingDescriptionWire | null): LayerSegment[] {
  if (!sharing) return [];
  const total = sharing.layers.reduce((sum, l) => sum + l.params, 0);
  if (total <= 0) return [];
  const units = new Map(sharing.units.map((u) => [u.id, u]));
  const kind = sharing.unitKind ?? 'group';
  return sharing.layers.map((l) => {
    const first = l.units.length ? units.get(l.units[0]) : undefined;
    return {
      id: l.id,
      name: l.name,
      params: l.params,
      fraction: l.params / total,
      colorKey: first ? (first.cluster ?? first.id) : null,
      drawsOn: l.units.length
        ? `${kind}${l.units.length > 1 ? 's' : ''} ${l.units.join(', ')}`
        : 'own weights',
    };
  });
}

export interface TotalBar {
  key: 'unshared' | 'budget' | 'trainable';
  label: string;
  params: number;
  /** Width relative to the largest of the three, 0..1. */
  fraction: number;
}

/** The unshared network, the budget and every trainable number, on one scale. */
export function totalBars(report: InspectReportWire | null): TotalBar[] {
  if (!report) return [];
  const rows: Omit<TotalBar, 'fraction'>[] = [
    { key: 'unshared', label: 'unshared network', params: report.unsharedParams },
    { key: 'budget', label: 'budget parameters', params: report.budgetParams },
    { key: 'trainable', label: 'trainable parameters', params: report.trainableParams },
  ];
  const max = Math.max(1, ...rows.map((r) => r.params));
  return rows.map((r) => ({ ...r, fraction: r.params / max }));
}

/**
 * Past runs of `arch` on `dataset` (the dataset path a run stores; null: any) with a budget and
 * a test top-1, as accuracy-vs-budget points.
 */
export function pastRunPoints(
  rows: readonly RunListRowWire[],
  arch: string,
  dataset: string | null,
): BudgetPoint[] {
  return rows
    .filter((r) => r.arch === arch && (dataset === null || r.dataset === dataset))
    .filter((r) => r.budgetParams !== null && r.bestTestTop1 !== null && r.budgetParams > 0)
    .map((r) => ({
      id: r.id,
      method: r.method,
      budget: r.budgetParams!,
      accuracy: r.bestTestTop1!,
    }));
}
