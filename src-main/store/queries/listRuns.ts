// The runs list: filter, sort (from an allow-list) and page, with the total for the pager
// (issue #5: fast at 10,000 runs; bench-store.ts measures it).
import type { ReadableDb } from '../db';
import { StoreError } from '../errors';
import type { RunId } from '../runId';
import {
  all,
  get,
  sql,
  sqlFragment,
  sqlIdentifier,
  sqlJoin,
  type SqlFragment,
  type SqlQuery,
} from '../sql';
import { RUN_SORT_COLUMNS } from '../../contract/wire';
import { flattenConfig, type ConfigScalar } from './flattenConfig';
import { RUN_METHODS, RUN_STATUSES, type RunMethod, type RunRow, type RunStatus } from './runs';

/** Columns the list may sort by: the contract's list, so UI and store never disagree. */
export { RUN_SORT_COLUMNS };
export type RunSortColumn = (typeof RUN_SORT_COLUMNS)[number];

export interface RunFilter {
  status?: RunStatus | readonly RunStatus[];
  method?: RunMethod | readonly RunMethod[];
  /** Runs carrying this tag. */
  tag?: string;
  /** Inclusive bounds on budgetParams. */
  budgetMin?: number;
  budgetMax?: number;
  /**
   * Case-insensitive substring of the name, note, architecture, dataset, method, a tag or a
   * config value (not a key), or an exact id.
   */
  text?: string;
  /** true: archived only; false: not archived; absent: both. */
  archived?: boolean;
  ids?: readonly RunId[];
}

export interface RunListQuery {
  filter?: RunFilter;
  sort?: { column: RunSortColumn; direction: 'asc' | 'desc' };
  page?: { limit: number; offset: number };
}

/**
 * A list row: the run without its config and environment text, plus its tags and its config
 * flattened to dotted scalar fields (the table's config columns).
 */
export type RunListRow = Omit<RunRow, 'config' | 'environment'> & {
  tags: string[];
  configFields: Record<string, ConfigScalar>;
};

export interface RunListPage {
  rows: RunListRow[];
  /** How many runs match the filter, over all pages. */
  total: number;
}

export const MAX_PAGE_SIZE = 1000;

const LIST_COLUMNS = sqlFragment`id, name, status, method, arch, dataset, budgetRequested,
  budgetParams, trainableParams, unsharedParams, configSchemaVersion, seed, createdAt, startedAt,
  finishedAt, updatedAt, error, bestValTop1, bestTestTop1, lastValTop1, lastTestTop1, lastLoss,
  imagesPerSecond, durationSeconds, epochsDone, phase, note, archived`;

// Columns that can be NULL sort their NULLs last in both directions; NOT NULL ones skip the
// clause so SQLite can walk their index.
const NOT_NULL_SORT: readonly RunSortColumn[] = [
  'createdAt',
  'updatedAt',
  'name',
  'status',
  'method',
  'arch',
  'dataset',
  'epochsDone',
];

/** One page of the runs list and the total count. */
export function listRuns(db: ReadableDb, query: RunListQuery = {}): RunListPage {
  const { page, count } = buildListRunsQueries(query);
  const rows = all<Omit<RunListRow, 'tags' | 'configFields'> & { tags: string; config: string }>(
    db,
    page,
  );
  const total = get<{ total: number }>(db, count)?.total ?? 0;
  return {
    rows: rows.map(({ config, ...row }) => ({
      ...row,
      tags: JSON.parse(row.tags) as string[],
      configFields: flattenConfig(JSON.parse(config)),
    })),
    total,
  };
}

/** The two statements behind `listRuns` (exported so tests and the benchmark can explain them). */
export function buildListRunsQueries(query: RunListQuery = {}): {
  page: SqlQuery;
  count: SqlQuery;
} {
  const where = whereClause(query.filter ?? {});
  const order = orderClause(query.sort ?? { column: 'createdAt', direction: 'desc' });
  const { limit, offset } = checkPage(query.page ?? { limit: 50, offset: 0 });
  return {
    page: sql`SELECT ${LIST_COLUMNS}, config,
      (SELECT json_group_array(tag) FROM tags WHERE tags.runId = runs.id) AS tags
    FROM runs WHERE ${where} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`,
    count: sql`SELECT count(*) AS total FROM runs WHERE ${where}`,
  };
}

function asList<T>(value: T | readonly T[]): readonly T[] {
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

function checkMembers<T extends string>(
  values: readonly T[],
  valid: readonly string[],
  what: string,
) {
  for (const value of values) {
    if (!valid.includes(value)) {
      throw new StoreError(
        `unknown ${what} '${value}' in the runs filter; expected one of ${valid.join(', ')}`,
      );
    }
  }
}

function checkNumber(value: number | undefined, what: string): void {
  if (value !== undefined && !Number.isFinite(value)) {
    throw new StoreError(`${what} ${value} in the runs filter is not a finite number`);
  }
}

function whereClause(filter: RunFilter): SqlFragment {
  const conditions: SqlFragment[] = [sqlFragment`1`];
  if (filter.status !== undefined) {
    const statuses = asList(filter.status);
    checkMembers(statuses, RUN_STATUSES, 'status');
    conditions.push(sqlFragment`status IN (${sqlJoin(statuses)})`);
  }
  if (filter.method !== undefined) {
    const methods = asList(filter.method);
    checkMembers(methods, RUN_METHODS, 'method');
    conditions.push(sqlFragment`method IN (${sqlJoin(methods)})`);
  }
  if (filter.tag !== undefined) {
    conditions.push(sqlFragment`id IN (SELECT runId FROM tags WHERE tag = ${filter.tag})`);
  }
  checkNumber(filter.budgetMin, 'budgetMin');
  checkNumber(filter.budgetMax, 'budgetMax');
  if (filter.budgetMin !== undefined)
    conditions.push(sqlFragment`budgetParams >= ${filter.budgetMin}`);
  if (filter.budgetMax !== undefined)
    conditions.push(sqlFragment`budgetParams <= ${filter.budgetMax}`);
  if (filter.text !== undefined && filter.text.trim() !== '') {
    const text = filter.text.trim();
    const pattern = `%${text.replace(/[\\%_]/g, '\\$&')}%`;
    // Config values, not keys: searching "lr" must not match every run. Tags and config are
    // searched last, so the cheap column tests short-circuit them, and a LIKE on the config
    // text skips the JSON walk for runs whose config cannot match (10,000 runs: see README).
    conditions.push(sqlFragment`(id = ${text}
      OR name LIKE ${pattern} ESCAPE '\\' OR note LIKE ${pattern} ESCAPE '\\'
      OR arch LIKE ${pattern} ESCAPE '\\' OR dataset LIKE ${pattern} ESCAPE '\\'
      OR method LIKE ${pattern} ESCAPE '\\'
      OR EXISTS (SELECT 1 FROM tags WHERE tags.runId = runs.id AND tag LIKE ${pattern} ESCAPE '\\')
      OR (config LIKE ${pattern} ESCAPE '\\' AND EXISTS (SELECT 1 FROM json_tree(runs.config) AS leaf
        WHERE leaf.type NOT IN ('object', 'array')
          AND CAST(leaf.value AS TEXT) LIKE ${pattern} ESCAPE '\\')))`);
  }
  if (filter.archived !== undefined)
    conditions.push(sqlFragment`archived = ${filter.archived ? 1 : 0}`);
  if (filter.ids !== undefined) conditions.push(sqlFragment`id IN (${sqlJoin(filter.ids)})`);
  return sqlJoin(conditions, ' AND ');
}

function orderClause(sort: { column: RunSortColumn; direction: 'asc' | 'desc' }): SqlFragment {
  if (!RUN_SORT_COLUMNS.includes(sort.column)) {
    throw new StoreError(
      `cannot sort the runs list by '${sort.column}'; sortable columns: ${RUN_SORT_COLUMNS.join(', ')}`,
    );
  }
  if (sort.direction !== 'asc' && sort.direction !== 'desc') {
    throw new StoreError(`sort direction '${sort.direction}' is neither 'asc' nor 'desc'`);
  }
  const direction = sort.direction === 'asc' ? sqlFragment`ASC` : sqlFragment`DESC`;
  const nulls = NOT_NULL_SORT.includes(sort.column) ? sqlFragment`` : sqlFragment` NULLS LAST`;
  // The id breaks ties, so paging never repeats or skips a run.
  return sqlFragment`${sqlIdentifier(sort.column)} ${direction}${nulls}, id ${direction}`;
}

function checkPage(page: { limit: number; offset: number }): { limit: number; offset: number } {
  const { limit, offset } = page;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new StoreError(`page limit ${limit} must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  if (!Number.isInteger(offset) || offset < 0) {
    throw new StoreError(`page offset ${offset} must be a non-negative integer`);
  }
  return { limit, offset };
}
