// The `sql` tagged template and its helpers (codebases.md §3.4, after Signal's ts/sql/util):
// interpolated values become `?` parameters, fragments compose, and statements are cached.
import type Database from 'better-sqlite3';
import { assert } from '../contract/assert';
import type { ReadableDb, WritableDb } from './db';

/** A value SQLite can bind. */
export type SqlValue = string | number | bigint | Buffer | null;

/** A piece of SQL with its parameters, made by `sqlFragment`, `sqlJoin` or `sqlIdentifier`. */
export class SqlFragment {
  constructor(
    readonly text: string,
    readonly values: readonly SqlValue[],
  ) {}
}

/** A complete statement: text with `?` placeholders and the values to bind, in order. */
export interface SqlQuery {
  readonly text: string;
  readonly values: readonly SqlValue[];
}

type Interpolation = SqlValue | SqlFragment;

function build(strings: TemplateStringsArray, interpolations: Interpolation[]): SqlFragment {
  let text = strings[0];
  const values: SqlValue[] = [];
  interpolations.forEach((item, index) => {
    if (item instanceof SqlFragment) {
      text += item.text;
      values.push(...item.values);
    } else {
      assert(item !== undefined, `sql: interpolation ${index} is undefined (use null)`);
      text += '?';
      values.push(item);
    }
    text += strings[index + 1];
  });
  return new SqlFragment(text, values);
}

/** A statement: `sql\`SELECT * FROM runs WHERE id = ${id}\`` binds `id` as a parameter. */
export function sql(strings: TemplateStringsArray, ...interpolations: Interpolation[]): SqlQuery {
  const { text, values } = build(strings, interpolations);
  return { text, values };
}

/** A reusable piece of a statement, interpolated into `sql` or another fragment. */
export function sqlFragment(
  strings: TemplateStringsArray,
  ...interpolations: Interpolation[]
): SqlFragment {
  return build(strings, interpolations);
}

/** Joins values or fragments with a separator, e.g. an IN list or `AND`-ed conditions. */
export function sqlJoin(items: readonly Interpolation[], separator = ', '): SqlFragment {
  const parts: string[] = [];
  const values: SqlValue[] = [];
  for (const item of items) {
    if (item instanceof SqlFragment) {
      parts.push(item.text);
      values.push(...item.values);
    } else {
      parts.push('?');
      values.push(item);
    }
  }
  return new SqlFragment(parts.join(separator), values);
}

/**
 * A quoted identifier (column or table name). Identifiers cannot be bound, so callers must take
 * `name` from an allow-list, never from input; the pattern check is a second line of defence.
 */
export function sqlIdentifier(name: string): SqlFragment {
  assert(
    /^[A-Za-z_][A-Za-z0-9_]*$/.test(name),
    `sqlIdentifier: '${name}' is not a plain identifier`,
  );
  return new SqlFragment(`"${name}"`, []);
}

// Prepared statements per connection: preparing is the costly step of a small query. Bounded,
// because IN lists of different lengths make different texts.
const STATEMENT_CACHE_SIZE = 256;
const statementCache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function prepare(db: ReadableDb, text: string): Database.Statement {
  let cache = statementCache.get(db);
  if (!cache) {
    cache = new Map();
    statementCache.set(db, cache);
  }
  let statement = cache.get(text);
  if (!statement) {
    statement = db.prepare(text);
    if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(text, statement);
  }
  return statement;
}

/** Every row a query returns. */
export function all<T>(db: ReadableDb, query: SqlQuery): T[] {
  return prepare(db, query.text).all(...query.values) as T[];
}

/** The first row a query returns, or undefined. */
export function get<T>(db: ReadableDb, query: SqlQuery): T | undefined {
  return prepare(db, query.text).get(...query.values) as T | undefined;
}

/** Runs a statement that returns no rows; reports changes and the last rowid. */
export function run(db: WritableDb, query: SqlQuery): Database.RunResult {
  return prepare(db, query.text).run(...query.values);
}

/** SQLite's plan for a query, one `detail` line per step, for tests that check index use. */
export function explainQueryPlan(db: ReadableDb, query: SqlQuery): string[] {
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${query.text}`).all(...query.values) as {
    detail: string;
  }[];
  return rows.map((row) => row.detail);
}
