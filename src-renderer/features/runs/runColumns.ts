// The runs table's columns: header, width, how a cell is shown, the server-side sort key, and
// the number a seed group averages. Besides the fixed columns, the chooser offers more metrics
// and one column per config field the loaded runs have.
import type { RunRowWire, RunSortColumnWire } from './runsClient';
import { formatCompact, formatPercent } from '../../components/format';
import { formatDuration, formatNumber, formatTime } from './format';

export interface RunColumn {
  key: string;
  label: string;
  /** CSS width (px). */
  width: number;
  /** Column listRuns sorts by, or null when the column is not sortable. */
  sort: RunSortColumnWire | null;
  align?: 'left' | 'right';
  cell(row: RunRowWire): string;
  /** The number behind the cell, for mean ± std over a seed group; absent: not numeric. */
  value?(row: RunRowWire): number | null;
  /** How a group's mean or std is written (default: like the cell). */
  format?(value: number): string;
}

/** Prefix of a config column's key: `config:training.lr`. */
export const CONFIG_COLUMN_PREFIX = 'config:';

export const RUN_COLUMNS: readonly RunColumn[] = [
  { key: 'name', label: 'Name', width: 220, sort: 'name', cell: (r) => r.name },
  { key: 'status', label: 'Status', width: 96, sort: 'status', cell: (r) => r.status },
  { key: 'method', label: 'Method', width: 104, sort: 'method', cell: (r) => r.method },
  { key: 'arch', label: 'Architecture', width: 110, sort: 'arch', cell: (r) => r.arch },
  { key: 'dataset', label: 'Dataset', width: 110, sort: 'dataset', cell: (r) => r.dataset },
  {
    key: 'budgetParams',
    value: (r) => r.budgetParams,
    format: formatCompact,
    label: 'Budget',
    width: 84,
    sort: 'budgetParams',
    align: 'right',
    cell: (r) => formatCompact(r.budgetParams),
  },
  {
    key: 'trainableParams',
    value: (r) => r.trainableParams,
    format: formatCompact,
    label: 'Trainable',
    width: 84,
    sort: 'trainableParams',
    align: 'right',
    cell: (r) => formatCompact(r.trainableParams),
  },
  {
    key: 'bestValTop1',
    value: (r) => r.bestValTop1,
    format: (v) => formatPercent(v, 2),
    label: 'Best val',
    width: 84,
    sort: 'bestValTop1',
    align: 'right',
    cell: (r) => formatPercent(r.bestValTop1, 2),
  },
  {
    key: 'bestTestTop1',
    value: (r) => r.bestTestTop1,
    format: (v) => formatPercent(v, 2),
    label: 'Best test',
    width: 84,
    sort: 'bestTestTop1',
    align: 'right',
    cell: (r) => formatPercent(r.bestTestTop1, 2),
  },
  {
    key: 'lastLoss',
    value: (r) => r.lastLoss,
    label: 'Loss',
    width: 70,
    sort: 'lastLoss',
    align: 'right',
    cell: (r) => formatNumber(r.lastLoss),
  },
  {
    key: 'epochsDone',
    value: (r) => r.epochsDone,
    format: formatNumber,
    label: 'Epochs',
    width: 64,
    sort: 'epochsDone',
    align: 'right',
    cell: (r) => String(r.epochsDone),
  },
  {
    key: 'imagesPerSecond',
    value: (r) => r.imagesPerSecond,
    format: formatCompact,
    label: 'img/s',
    width: 70,
    sort: 'imagesPerSecond',
    align: 'right',
    cell: (r) => formatCompact(r.imagesPerSecond),
  },
  {
    key: 'durationSeconds',
    value: (r) => r.durationSeconds,
    format: formatDuration,
    label: 'Duration',
    width: 80,
    sort: 'durationSeconds',
    align: 'right',
    cell: (r) => formatDuration(r.durationSeconds),
  },
  {
    key: 'createdAt',
    label: 'Created',
    width: 132,
    sort: 'createdAt',
    cell: (r) => formatTime(r.createdAt),
  },
  { key: 'tags', label: 'Tags', width: 160, sort: null, cell: (r) => r.tags.join(', ') },
];

/** Metrics of a run the table does not show until chosen. */
export const EXTRA_METRIC_COLUMNS: readonly RunColumn[] = [
  metricColumn(
    'lastValTop1',
    'Last val',
    (r) => r.lastValTop1,
    (v) => formatPercent(v, 2),
  ),
  metricColumn(
    'lastTestTop1',
    'Last test',
    (r) => r.lastTestTop1,
    (v) => formatPercent(v, 2),
  ),
  metricColumn('unsharedParams', 'Unshared', (r) => r.unsharedParams, formatCompact),
  metricColumn('seed', 'Seed', (r) => r.seed, formatNumber),
];

function metricColumn(
  key: RunSortColumnWire | 'unsharedParams' | 'seed',
  label: string,
  value: (row: RunRowWire) => number | null,
  format: (value: number) => string,
): RunColumn {
  const sortable = (['lastValTop1', 'lastTestTop1'] as readonly string[]).includes(key)
    ? (key as RunSortColumnWire)
    : null;
  return {
    key,
    label,
    width: 84,
    sort: sortable,
    align: 'right',
    value,
    format,
    cell: (r) => {
      const v = value(r);
      return v === null ? '—' : format(v);
    },
  };
}

/** A column showing one config field (dotted path), numeric when its values are numbers. */
export function configColumn(path: string): RunColumn {
  const read = (row: RunRowWire) => row.configFields?.[path];
  return {
    key: `${CONFIG_COLUMN_PREFIX}${path}`,
    label: path,
    width: Math.min(160, Math.max(72, path.length * 8 + 16)),
    sort: null,
    align: 'right',
    cell: (row) => {
      const v = read(row);
      return v === undefined || v === null
        ? '—'
        : typeof v === 'number'
          ? formatNumber(v)
          : String(v);
    },
    value: (row) => {
      const v = read(row);
      return typeof v === 'number' ? v : null;
    },
    format: formatNumber,
  };
}

/** Every config path any of `rows` has, sorted: the chooser's config columns. */
export function configPaths(rows: Iterable<RunRowWire>): string[] {
  const paths = new Set<string>();
  for (const row of rows) for (const path of Object.keys(row.configFields ?? {})) paths.add(path);
  return [...paths].sort();
}

/** The columns shown by default (the name is always first and cannot be hidden). */
export const DEFAULT_COLUMN_KEYS: readonly string[] = RUN_COLUMNS.map((c) => c.key);

/** The column behind `key` (fixed, extra metric or config), or undefined for an unknown key. */
export function columnFor(key: string): RunColumn | undefined {
  if (key.startsWith(CONFIG_COLUMN_PREFIX))
    return configColumn(key.slice(CONFIG_COLUMN_PREFIX.length));
  return [...RUN_COLUMNS, ...EXTRA_METRIC_COLUMNS].find((c) => c.key === key);
}

/** Extra room a numeric column needs for a seed group's "mean ± std". */
export const GROUP_EXTRA_WIDTH = 72;

/** A column's width; numeric ones widen when rows are seed groups. */
export function columnWidth(column: RunColumn, grouped = false): number {
  return grouped && column.value ? column.width + GROUP_EXTRA_WIDTH : column.width;
}

/** Width of the check column plus `columns`: the table's minimum width. */
export function tableWidth(columns: readonly RunColumn[], grouped = false): number {
  return columns.reduce((sum, c) => sum + columnWidth(c, grouped), CHECK_COLUMN_WIDTH);
}

/** The pinned selection column (checkbox and status dot). */
export const CHECK_COLUMN_WIDTH = 56;

/** Sum of the default column widths: the table's minimum width. */
export const RUN_TABLE_WIDTH = tableWidth(RUN_COLUMNS);
