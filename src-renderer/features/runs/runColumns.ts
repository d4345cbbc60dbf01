// The runs table's columns: header, width, how a cell is shown, and the server-side sort key.
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
}

export const RUN_COLUMNS: readonly RunColumn[] = [
  { key: 'name', label: 'Name', width: 220, sort: 'name', cell: (r) => r.name },
  { key: 'status', label: 'Status', width: 96, sort: 'status', cell: (r) => r.status },
  { key: 'method', label: 'Method', width: 104, sort: 'method', cell: (r) => r.method },
  { key: 'arch', label: 'Architecture', width: 110, sort: 'arch', cell: (r) => r.arch },
  { key: 'dataset', label: 'Dataset', width: 110, sort: 'dataset', cell: (r) => r.dataset },
  {
    key: 'budgetParams',
    label: 'Budget',
    width: 84,
    sort: 'budgetParams',
    align: 'right',
    cell: (r) => formatCompact(r.budgetParams),
  },
  {
    key: 'trainableParams',
    label: 'Trainable',
    width: 84,
    sort: 'trainableParams',
    align: 'right',
    cell: (r) => formatCompact(r.trainableParams),
  },
  {
    key: 'bestValTop1',
    label: 'Best val',
    width: 84,
    sort: 'bestValTop1',
    align: 'right',
    cell: (r) => formatPercent(r.bestValTop1, 2),
  },
  {
    key: 'bestTestTop1',
    label: 'Best test',
    width: 84,
    sort: 'bestTestTop1',
    align: 'right',
    cell: (r) => formatPercent(r.bestTestTop1, 2),
  },
  {
    key: 'lastLoss',
    label: 'Loss',
    width: 70,
    sort: 'lastLoss',
    align: 'right',
    cell: (r) => formatNumber(r.lastLoss),
  },
  {
    key: 'epochsDone',
    label: 'Epochs',
    width: 64,
    sort: 'epochsDone',
    align: 'right',
    cell: (r) => String(r.epochsDone),
  },
  {
    key: 'imagesPerSecond',
    label: 'img/s',
    width: 70,
    sort: 'imagesPerSecond',
    align: 'right',
    cell: (r) => formatCompact(r.imagesPerSecond),
  },
  {
    key: 'durationSeconds',
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

/** Sum of column widths: the table's minimum width. */
export const RUN_TABLE_WIDTH = RUN_COLUMNS.reduce((sum, c) => sum + c.width, 40);
