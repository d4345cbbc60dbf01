// The Sweeps view's derivations from one sweep (issue #14 item 5): the grid as a table (one row
// per setup (method, and arch or any other varied field), one column per budget, one chip per
// seed in each slot), mean ± std over seeds per slot, and the counts by state. Pure functions,
// so tests pin them down.
import type {
  SweepAxis,
  SweepCellState,
  SweepCellWire,
  SweepGridValue,
} from '../../../src-main/contract/appApi';

/** Mean, sample standard deviation (n − 1; 0 for one value) and how many values there were. */
export interface MeanStd {
  mean: number;
  std: number;
  n: number;
}

/** Mean ± std of the finite values, or null when there are none. */
export function meanStd(values: Iterable<number | null | undefined>): MeanStd | null {
  const finite = [...values].filter((v): v is number => v != null && Number.isFinite(v));
  if (finite.length === 0) return null;
  const mean = finite.reduce((sum, v) => sum + v, 0) / finite.length;
  const variance =
    finite.length > 1
      ? finite.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (finite.length - 1)
      : 0;
  return { mean, std: Math.sqrt(variance), n: finite.length };
}

/** The accuracy a sweep plots and averages: test top-1 of a completed cell. */
export function cellAccuracy(cell: SweepCellWire): number | null {
  if (cell.state !== 'completed') return null;
  const top1 = cell.metrics?.testTop1;
  return top1 != null && Number.isFinite(top1) ? top1 : null;
}

/** One slot of the grid: the cells of one setup and budget (one per seed), and their stats. */
export interface GridSlot {
  /** The budget column's value ("10%", 20000), or null when the sweep has no budget axis. */
  budget: SweepGridValue | null;
  /** The slot's cells by increasing seed. */
  cells: SweepCellWire[];
  /** Mean ± std of the completed cells' test top-1, or null while none has finished. */
  accuracy: MeanStd | null;
}

/** One row of the grid: a setup (every varied value but budget and seed). */
export interface GridRow {
  key: string;
  /** "ssn", or "ssn · arch=mlp" when more than the method varies. */
  label: string;
  method: string;
  values: Record<string, SweepGridValue>;
  /** One slot per budget column, in the columns' order. */
  slots: GridSlot[];
}

export interface GridLayout {
  /** Budget columns in the budget axis' order (one null column when budget is not varied). */
  columns: (SweepGridValue | null)[];
  rows: GridRow[];
}

// Axes that are not rows: budget is the column, seed the chips inside a slot.
const NOT_ROW = new Set(['budget', 'seed']);

/** The sweep's cells laid out as setup rows × budget columns; rows in the grid's order. */
export function gridLayout(
  axes: readonly SweepAxis[],
  cells: readonly SweepCellWire[],
): GridLayout {
  const budgetAxis = axes.find((a) => a.key === 'budget');
  const rowKeys = axes.map((a) => a.key).filter((k) => !NOT_ROW.has(k));
  const columns: (SweepGridValue | null)[] = budgetAxis ? [...budgetAxis.values] : [null];
  const rows = new Map<string, GridRow>();
  for (const cell of [...cells].sort((a, b) => a.index - b.index)) {
    const values = Object.fromEntries(
      rowKeys.filter((k) => k in cell.values).map((k) => [k, cell.values[k]]),
    );
    const key = JSON.stringify([cell.method, rowKeys.map((k) => values[k] ?? null)]);
    let row = rows.get(key);
    if (!row) {
      const others = rowKeys.filter((k) => k !== 'method').map((k) => `${k}=${values[k]}`);
      row = {
        key,
        label: [cell.method, ...others].join(' · '),
        method: cell.method,
        values,
        slots: columns.map((budget) => ({ budget, cells: [], accuracy: null })),
      };
      rows.set(key, row);
    }
    const column = budgetAxis ? columns.indexOf(cell.values.budget ?? null) : 0;
    // A cell whose budget is not a column (cannot happen for an expanded grid) still shows.
    const slot = row.slots[column < 0 ? 0 : column];
    slot.cells.push(cell);
  }
  for (const row of rows.values()) {
    for (const slot of row.slots) {
      slot.cells.sort((a, b) => a.seed - b.seed || a.index - b.index);
      slot.accuracy = meanStd(slot.cells.map(cellAccuracy));
    }
  }
  return { columns, rows: [...rows.values()] };
}

/** Cell counts by state, for the header badges (every state present, zero or not). */
export function countStates(cells: readonly SweepCellWire[]): Record<SweepCellState, number> {
  const counts: Record<SweepCellState, number> = {
    queued: 0,
    pending: 0,
    running: 0,
    completed: 0,
    failed: 0,
    timeout: 0,
    cancelled: 0,
  };
  for (const cell of cells) counts[cell.state]++;
  return counts;
}

/** States a cell can still leave on its own (cancel applies to these). */
export const UNFINISHED_STATES: readonly SweepCellState[] = ['queued', 'pending', 'running'];

/** Whether a sweep still has cells that may change without the user acting. */
export function isUnfinished(cells: readonly SweepCellWire[]): boolean {
  return cells.some((c) => UNFINISHED_STATES.includes(c.state));
}
