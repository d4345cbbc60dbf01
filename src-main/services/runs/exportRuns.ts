// Exports (issue #5, Command line; issue #12 item 10): the runs table (with one column per
// flattened config key) and one run's metric history as CSV; one run with its config, metrics
// and groups, its history alone, or its config alone as JSON.
import {
  getMetricHistory,
  listRuns,
  MAX_PAGE_SIZE,
  requireRun,
  type MetricHistory,
  type ReadableDb,
  type RunId,
  type RunListQuery,
  type RunListRow,
} from '../../store';
import { flattenForCsv, toCsv, type CsvValue } from './csv';
import { readRunDetails, type RunDetails } from './runDetails';

/** Format marker and version of the JSON export, for readers of old files. */
export const RUN_EXPORT_FORMAT = 'npas-run';
export const RUN_EXPORT_VERSION = 1;
export const RUN_HISTORY_EXPORT_FORMAT = 'npas-run-history';

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

function runsCsvRow(
  { configFields: _fields, ...row }: RunListRow,
  config: Record<string, CsvValue>,
): Record<string, CsvValue> {
  // configFields is left out: the config.<path> columns already carry it.
  return {
    ...config,
    ...row,
    createdAt: isoTime(row.createdAt),
    startedAt: isoTime(row.startedAt),
    finishedAt: isoTime(row.finishedAt),
    tags: row.tags.join(';'),
    archived: row.archived === 1,
  };
}

/**
 * Every run matching `query`'s filter and sort (all pages), as CSV: the table's columns, then
 * one `config.<path>` column per key any exported run's config has (sorted; empty where a run
 * lacks it), so runs can be told apart by lr, batch size, method options...
 */
export function exportRunsCsv(db: ReadableDb, query: Omit<RunListQuery, 'page'> = {}): string {
  const rows: RunListRow[] = [];
  for (let offset = 0; ; offset += MAX_PAGE_SIZE) {
    const page = listRuns(db, { ...query, page: { limit: MAX_PAGE_SIZE, offset } });
    rows.push(...page.rows);
    if (rows.length >= page.total || !page.rows.length) break;
  }
  const configs = rows.map((row) =>
    flattenForCsv(JSON.parse(requireRun(db, row.id).config) as unknown, 'config'),
  );
  const configColumns = [...new Set(configs.flatMap((c) => Object.keys(c)))].sort();
  return toCsv(
    [...RUNS_CSV_COLUMNS, ...configColumns],
    rows.map((row, i) => runsCsvRow(row, configs[i])),
  );
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

/** The JSON export of one run's history: every epoch and every step it recorded. */
export interface RunHistoryExport {
  format: typeof RUN_HISTORY_EXPORT_FORMAT;
  version: number;
  runId: RunId;
  name: string;
  epochs: MetricHistory['epochs'];
  steps: MetricHistory['steps'];
}

/** One run's metric history (epochs and steps) as a JSON-ready object. */
export function exportRunHistoryJson(db: ReadableDb, id: RunId): RunHistoryExport {
  const run = requireRun(db, id);
  const history = getMetricHistory(db, id, { steps: true });
  return {
    format: RUN_HISTORY_EXPORT_FORMAT,
    version: RUN_EXPORT_VERSION,
    runId: id,
    name: run.name,
    epochs: history.epochs,
    steps: history.steps,
  };
}

/** One run's config exactly as stored: a file `npas train --config` can run again. */
export function exportRunConfigJson(db: ReadableDb, id: RunId): Record<string, unknown> {
  return JSON.parse(requireRun(db, id).config) as Record<string, unknown>;
}
