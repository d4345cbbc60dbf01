// What one run holds, read in one place for `show` and the JSON export: the row with its config
// and environment parsed, tags, files, sharing groups and metric history.
import {
  getGroups,
  getMetricHistory,
  listRunFiles,
  listTags,
  requireRun,
  type GroupRow,
  type MetricHistory,
  type ReadableDb,
  type RunFileRow,
  type RunId,
  type RunRow,
} from '../../store';

/** A run row with its JSON columns parsed. */
export type RunView = Omit<RunRow, 'config' | 'environment' | 'archived'> & {
  config: Record<string, unknown>;
  environment: Record<string, unknown>;
  archived: boolean;
};

export interface RunDetails {
  run: RunView;
  tags: string[];
  files: RunFileRow[];
  groups: GroupRow[];
  metrics: MetricHistory;
}

/** The row with config and environment as objects. */
export function toRunView(row: RunRow): RunView {
  return {
    ...row,
    config: JSON.parse(row.config) as Record<string, unknown>,
    environment: JSON.parse(row.environment) as Record<string, unknown>,
    archived: row.archived === 1,
  };
}

/** Everything about run `id`; step metrics only when `steps` is true (they can be many). */
export function readRunDetails(
  db: ReadableDb,
  id: RunId,
  options: { steps?: boolean } = {},
): RunDetails {
  const run = toRunView(requireRun(db, id));
  return {
    run,
    tags: listTags(db, id),
    files: listRunFiles(db, id),
    groups: getGroups(db, id),
    metrics: getMetricHistory(db, id, { steps: options.steps ?? false }),
  };
}
