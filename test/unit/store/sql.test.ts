import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { WritableDb } from '../../../src-main/store/db';
import {
  all,
  explainQueryPlan,
  get,
  run,
  sql,
  sqlFragment,
  sqlIdentifier,
  sqlJoin,
} from '../../../src-main/store/sql';
import { AssertionError } from '../../../src-main/contract/errors';

describe('sql tagged template', () => {
  it('turns every interpolated value into a ? parameter, in order', () => {
    const id = "x'; DROP TABLE runs; --";
    const query = sql`SELECT * FROM runs WHERE id = ${id} AND seed > ${3} AND note IS ${null}`;
    expect(query.text).toBe('SELECT * FROM runs WHERE id = ? AND seed > ? AND note IS ?');
    expect(query.values).toEqual([id, 3, null]);
  });

  it('inlines fragments with their own parameters at the right place', () => {
    const filter = sqlFragment`status = ${'running'}`;
    const query = sql`SELECT * FROM runs WHERE seed = ${1} AND ${filter} LIMIT ${10}`;
    expect(query.text).toBe('SELECT * FROM runs WHERE seed = ? AND status = ? LIMIT ?');
    expect(query.values).toEqual([1, 'running', 10]);
  });

  it('joins values and fragments into IN lists and conditions', () => {
    const list = sqlJoin(['a', 'b', 'c']);
    expect(list.text).toBe('?, ?, ?');
    const conditions = sqlJoin([sqlFragment`x = ${1}`, sqlFragment`y = ${2}`], ' AND ');
    const query = sql`SELECT 1 WHERE id IN (${list}) AND ${conditions}`;
    expect(query.text).toBe('SELECT 1 WHERE id IN (?, ?, ?) AND x = ? AND y = ?');
    expect(query.values).toEqual(['a', 'b', 'c', 1, 2]);
    expect(sqlJoin([]).text).toBe('');
  });

  it('quotes plain identifiers and refuses anything else', () => {
    expect(sqlIdentifier('bestValTop1').text).toBe('"bestValTop1"');
    expect(() => sqlIdentifier('name; DROP TABLE runs')).toThrow(AssertionError);
    expect(() => sqlIdentifier('"x"')).toThrow(/not a plain identifier/);
  });

  it('refuses undefined, which SQLite cannot bind', () => {
    const missing = undefined as unknown as string;
    expect(() => sql`SELECT ${missing}`).toThrow(/interpolation 0 is undefined/);
  });
});

describe('sql runners', () => {
  let db: WritableDb;
  afterEach(() => db?.close());

  it('run, get and all bind parameters and reuse prepared statements', () => {
    db = new Database(':memory:') as WritableDb;
    run(db, sql`CREATE TABLE t (a INTEGER, b TEXT) STRICT`);
    for (let i = 0; i < 5; i++) run(db, sql`INSERT INTO t VALUES (${i}, ${`v${i}`})`);
    expect(get<{ b: string }>(db, sql`SELECT b FROM t WHERE a = ${3}`)).toEqual({ b: 'v3' });
    expect(get(db, sql`SELECT b FROM t WHERE a = ${99}`)).toBeUndefined();
    const rows = all<{ a: number }>(
      db,
      sql`SELECT a FROM t WHERE a IN (${sqlJoin([1, 4])}) ORDER BY a`,
    );
    expect(rows).toEqual([{ a: 1 }, { a: 4 }]);
    expect(run(db, sql`DELETE FROM t WHERE a < ${2}`).changes).toBe(2);
  });

  it('explains which index a query uses', () => {
    db = new Database(':memory:') as WritableDb;
    run(db, sql`CREATE TABLE t (a INTEGER, b TEXT) STRICT`);
    run(db, sql`CREATE INDEX t_a ON t (a)`);
    const plan = explainQueryPlan(db, sql`SELECT b FROM t WHERE a = ${1}`);
    expect(plan.join('\n')).toMatch(/USING INDEX t_a/);
  });
});
