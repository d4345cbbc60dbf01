// Exports (issue #5, Command line): the runs table and one run's metric history as CSV, and one
// run with its config, metrics and groups as JSON.
import {
  getMetricHistory,
  listRuns,
  MAX_PAGE_SIZE,
  requireRun,
  type ReadableDb,
  type RunId,
  type RunListQuery,
  type RunListRow,
} from '../../store';
import { toCsv, type CsvValue } from './csv';
import { readRunDetails, type RunDetails } from './runDetails';

/** Format marker and version of the JSON export, for readers of old files. */
export const RUN_EXPORT_FORMAT = 'npas-run';
export const RUN_EXPORT_VERSION = 1;

export const RUNS_CSV_COLUMNS = [
  'id',
  'name',
  'status',
  'method',
  'arch',
  'dataset',
  'budgetRequested',
  'budgetParams',
  'trainableParams',
  'unsharedParams',
  'seed',
  'epochsDone',
  'bestValTop1',
  'bestTestTop1',
  'lastValTop1',
  'lastTestTop1',
  'lastLoss',
  'imagesPerSecond',
  'durationSeconds',
  'createdAt',
  'startedAt',
  'finishedAt',
  'tags',
  'archived',
  'error',
] as const;

export const EPOCH_CSV_COLUMNS = [
  'phase',
  'epoch',
  'lr',
  'seconds',
  'imagesPerSecond',
  'trainLoss',
  'trainAccuracy',
  'valLoss',
  'valTop1',
  'valTop5',
  'testLoss',
  'testTop1',
  'testTop5',
] as const;

export const STEP_CSV_COLUMNS = [
  'phase',
  'epoch',
  'step',
  'loss',
  'accuracy',
  'lr',
  'imagesPerSecond',
] as const;

const isoTime = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function runsCsvRow(row: RunListRow): Record<string, CsvValue> {
  return {
    ...row,
    createdAt: isoTime(row.createdAt),
    startedAt: isoTime(row.startedAt),
    finishedAt: isoTime(row.finishedAt),
    tags: row.tags.join(';'),
    archived: row.archived === 1,
  };
}

/** Every run matching `query`'s filter and sort (all pages), as CSV. */
export function exportRunsCsv(db: ReadableDb, query: Omit<RunListQuery, 'page'> = {}): string {
  const rows: RunListRow[] = [];
  for (let offset = 0; ; offset += MAX_PAGE_SIZE) {
    const page = listRuns(db, { ...query, page: { limit: MAX_PAGE_SIZE, offset } });
    rows.push(...page.rows);
    if (rows.length >= page.total || !page.rows.length) break;
  }
  return toCsv(RUNS_CSV_COLUMNS, rows.map(runsCsvRow));
}

/** One run's per-epoch metrics (or, with `steps`, per-step metrics) as CSV. */
export function exportMetricsCsv(
  db: ReadableDb,
  id: RunId,
  options: { steps?: boolean } = {},
): string {
  requireRun(db, id);
  const history = getMetricHistory(db, id, { steps: options.steps ?? false });
  if (options.steps) return toCsv(STEP_CSV_COLUMNS, history.steps);
  return toCsv(EPOCH_CSV_COLUMNS, history.epochs);
}

/** The JSON export of one run: config, environment, summary, tags, groups, files, metrics. */
export type RunExport = { format: typeof RUN_EXPORT_FORMAT; version: number } & RunDetails;

/** One run as a JSON-ready object (step metrics included). */
export function exportRunJson(db: ReadableDb, id: RunId): RunExport {
  return {
    format: RUN_EXPORT_FORMAT,
    version: RUN_EXPORT_VERSION,
    ...readRunDetails(db, id, { steps: true }),
  };
}
