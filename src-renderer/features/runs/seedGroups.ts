// Grouping of runs that differ only in their seed: one row per setup with how many runs it has,
// their seeds, and mean ± std of every numeric column, so a result is read with its spread.
import type { RunRowWire } from './runsClient';
import type { RunColumn } from './runColumns';
import { formatNumber } from './format';

/** Mean, sample standard deviation and how many runs had a value. */
export interface ColumnStats {
  mean: number;
  /** Sample std (n − 1); 0 for a single value. */
  std: number;
  n: number;
}

export interface SeedGroup {
  /** The setup: everything but the seed and the name. */
  key: string;
  runs: RunRowWire[];
  seeds: number[];
}

// Fields that tell runs of one setup apart without changing the setup.
const NOT_SETUP = new Set(['seed', 'name']);

/** The setup key of a run: method, architecture, dataset and its config without seed and name. */
export function setupKey(row: RunRowWire): string {
  const fields = Object.entries(row.configFields ?? {})
    .filter(([path]) => !NOT_SETUP.has(path))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([row.method, row.arch, row.dataset, fields]);
}

/** Runs grouped by setup, in the order each setup first appears in `rows`. */
export function groupBySeed(rows: readonly RunRowWire[]): SeedGroup[] {
  const groups = new Map<string, SeedGroup>();
  for (const row of rows) {
    const key = setupKey(row);
    let group = groups.get(key);
    if (!group) {
      group = { key, runs: [], seeds: [] };
      groups.set(key, group);
    }
    group.runs.push(row);
    group.seeds.push(row.seed);
  }
  return [...groups.values()];
}

/** Mean ± std of a column over a group's runs that have a value; null when none has. */
export function columnStats(group: SeedGroup, column: RunColumn): ColumnStats | null {
  if (!column.value) return null;
  const values = group.runs
    .map((run) => column.value?.(run) ?? null)
    .filter((v): v is number => v !== null && Number.isFinite(v));
  if (values.length === 0) return null;
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const variance =
    values.length > 1
      ? values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1)
      : 0;
  return { mean, std: Math.sqrt(variance), n: values.length };
}

/** A group's cell: "mean ± std" for numbers, the shared value, or "mixed". */
export function groupCell(group: SeedGroup, column: RunColumn): string {
  if (column.key === 'name') {
    const n = group.runs.length;
    return `${group.runs[0].name} · ${n} run${n === 1 ? '' : 's'}`;
  }
  if (column.key === 'seed') return group.seeds.join(', ');
  const stats = columnStats(group, column);
  if (stats) {
    const format = column.format ?? formatNumber;
    return group.runs.length > 1
      ? `${format(stats.mean)} ± ${format(stats.std)}`
      : format(stats.mean);
  }
  const cells = new Set(group.runs.map((run) => column.cell(run)));
  return cells.size === 1 ? [...cells][0] : 'mixed';
}
