import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WritableDb } from '../../../../src-main/store/db';
import { StoreError } from '../../../../src-main/store/errors';
import {
  buildListRunsQueries,
  listRuns,
  MAX_PAGE_SIZE,
} from '../../../../src-main/store/queries/listRuns';
import {
  setArchived,
  setNote,
  updateRunStatus,
  updateRunSummary,
  type RunRow,
} from '../../../../src-main/store/queries/runs';
import { addTag } from '../../../../src-main/store/queries/tags';
import { explainQueryPlan } from '../../../../src-main/store/sql';
import { DB_KINDS, cleanupFolders, createDb, ids, makeRun } from '../helpers/storeFixtures';

describe.each(DB_KINDS)('listRuns on a %s database', (kind) => {
  let db: WritableDb;
  let runs: RunRow[];

  // Eight runs, created one second apart: r0 oldest, r7 newest.
  beforeAll(() => {
    db = createDb(kind);
    const methods = [
      'ssn',
      'superweights',
      'unshared',
      'ssn',
      'ssn',
      'superweights',
      'unshared',
      'ssn',
    ] as const;
    runs = methods.map((method, i) =>
      makeRun(db, {
        name: i === 5 ? 'wide 100% budget' : `run-${i}`,
        method,
        arch: i < 4 ? 'wrn-16-4' : 'resnet-20',
        dataset: i % 2 ? 'cifar100' : 'cifar10',
        budgetParams: method === 'unshared' ? null : 1000 * (i + 1),
        createdAt: 1_000_000 + i * 1000,
      }),
    );
    const [r0, r1, r2, r3] = runs;
    updateRunStatus(db, r0.id, 'running');
    updateRunStatus(db, r0.id, 'completed');
    updateRunStatus(db, r1.id, 'running');
    updateRunStatus(db, r3.id, 'running');
    updateRunStatus(db, r3.id, 'failed', { error: 'NaN' });
    [0.7, 0.9, null, 0.8, null, 0.95, 0.6, null].forEach((best, i) =>
      updateRunSummary(db, runs[i].id, { bestValTop1: best }),
    );
    addTag(db, r0.id, 'baseline');
    addTag(db, r2.id, 'baseline');
    addTag(db, r2.id, 'paper');
    setNote(db, r1.id, 'Try the **kmeans** grouping next');
    setArchived(db, runs[6].id, true);
    setArchived(db, runs[7].id, true);
  });
  afterAll(() => {
    db.close();
    cleanupFolders();
  });

  const at = (...indexes: number[]) => indexes.map((i) => runs[i].id);

  it('lists every run newest first by default, with tags and without the config text', () => {
    const page = listRuns(db);
    expect(page.total).toBe(8);
    expect(ids(page.rows)).toEqual(at(7, 6, 5, 4, 3, 2, 1, 0));
    const r2 = page.rows.find((row) => row.id === runs[2].id);
    expect(r2?.tags).toEqual(['baseline', 'paper']);
    expect(r2).not.toHaveProperty('config');
    expect(r2).not.toHaveProperty('environment');
  });

  it('filters by one status or several', () => {
    expect(ids(listRuns(db, { filter: { status: 'completed' } }).rows)).toEqual(at(0));
    const page = listRuns(db, { filter: { status: ['running', 'failed'] } });
    expect(ids(page.rows)).toEqual(at(3, 1));
    expect(page.total).toBe(2);
  });

  it('filters by method, tag and archived flag together', () => {
    expect(ids(listRuns(db, { filter: { method: 'unshared' } }).rows)).toEqual(at(6, 2));
    expect(
      ids(listRuns(db, { filter: { method: ['ssn', 'unshared'], archived: false } }).rows),
    ).toEqual(at(4, 3, 2, 0));
    expect(ids(listRuns(db, { filter: { tag: 'baseline' } }).rows)).toEqual(at(2, 0));
    expect(ids(listRuns(db, { filter: { tag: 'paper', method: 'ssn' } }).rows)).toEqual([]);
    expect(ids(listRuns(db, { filter: { archived: true } }).rows)).toEqual(at(7, 6));
  });

  it('filters by an inclusive budget range, leaving out runs without a budget', () => {
    expect(ids(listRuns(db, { filter: { budgetMin: 2000, budgetMax: 5000 } }).rows)).toEqual(
      at(4, 3, 1),
    );
    expect(ids(listRuns(db, { filter: { budgetMin: 6000 } }).rows)).toEqual(at(7, 5));
  });

  it('finds text in the name, note, architecture or dataset, case-insensitively, or an exact id', () => {
    expect(ids(listRuns(db, { filter: { text: 'KMEANS' } }).rows)).toEqual(at(1));
    expect(ids(listRuns(db, { filter: { text: 'resnet', archived: false } }).rows)).toEqual(
      at(5, 4),
    );
    expect(listRuns(db, { filter: { text: 'cifar100' } }).total).toBe(4);
    expect(ids(listRuns(db, { filter: { text: runs[3].id } }).rows)).toEqual(at(3));
    expect(listRuns(db, { filter: { text: '   ' } }).total).toBe(8);
  });

  it('treats % and _ in the search text as plain characters', () => {
    expect(ids(listRuns(db, { filter: { text: '100%' } }).rows)).toEqual(at(5));
    expect(listRuns(db, { filter: { text: '%' } }).total).toBe(1);
    expect(listRuns(db, { filter: { text: 'run_' } }).total).toBe(0);
  });

  it('selects given ids', () => {
    expect(ids(listRuns(db, { filter: { ids: at(1, 4) } }).rows)).toEqual(at(4, 1));
    expect(listRuns(db, { filter: { ids: [] } }).total).toBe(0);
  });

  it('sorts by a nullable column with nulls last in both directions', () => {
    const desc = listRuns(db, { sort: { column: 'bestValTop1', direction: 'desc' } });
    expect(ids(desc.rows)).toEqual(at(5, 1, 3, 0, 6, 7, 4, 2));
    const asc = listRuns(db, { sort: { column: 'bestValTop1', direction: 'asc' } });
    expect(ids(asc.rows)).toEqual(at(6, 0, 3, 1, 5, 2, 4, 7));
  });

  it('sorts by name ascending', () => {
    const page = listRuns(db, {
      sort: { column: 'name', direction: 'asc' },
      filter: { archived: false },
    });
    expect(page.rows.map((row) => row.name)).toEqual([
      'run-0',
      'run-1',
      'run-2',
      'run-3',
      'run-4',
      'wide 100% budget',
    ]);
  });

  it('pages with a limit and offset, reporting the total over all pages', () => {
    const first = listRuns(db, { page: { limit: 3, offset: 0 } });
    const second = listRuns(db, { page: { limit: 3, offset: 3 } });
    const last = listRuns(db, { page: { limit: 3, offset: 6 } });
    expect([first.total, second.total, last.total]).toEqual([8, 8, 8]);
    expect([...ids(first.rows), ...ids(second.rows), ...ids(last.rows)]).toEqual(
      at(7, 6, 5, 4, 3, 2, 1, 0),
    );
    expect(listRuns(db, { page: { limit: 3, offset: 30 } }).rows).toEqual([]);
  });

  it('walks an index for the default list instead of sorting the whole table', () => {
    const { page } = buildListRunsQueries({ filter: { archived: false } });
    const plan = explainQueryPlan(db, page).join('\n');
    expect(plan).toMatch(/USING INDEX runs_archived_createdAt/);
    expect(plan).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
    const byTag = explainQueryPlan(db, buildListRunsQueries({ filter: { tag: 'x' } }).count).join(
      '\n',
    );
    expect(byTag).toMatch(/tags_tag|sqlite_autoindex_tags/);
  });

  it('refuses a sort column outside the allow-list, naming the valid ones', () => {
    const attempt = () =>
      listRuns(db, { sort: { column: 'config; DROP TABLE runs' as never, direction: 'asc' } });
    expect(attempt).toThrow(StoreError);
    expect(attempt).toThrow(
      /cannot sort the runs list by 'config; DROP TABLE runs'; sortable columns: createdAt/,
    );
    expect(() => listRuns(db, { sort: { column: 'name', direction: 'up' as never } })).toThrow(
      /'up' is neither/,
    );
  });

  it('refuses bad pages and filter values', () => {
    expect(() => listRuns(db, { page: { limit: 0, offset: 0 } })).toThrow(
      /page limit 0 must be an integer from 1 to 1000/,
    );
    expect(() => listRuns(db, { page: { limit: MAX_PAGE_SIZE + 1, offset: 0 } })).toThrow(
      StoreError,
    );
    expect(() => listRuns(db, { page: { limit: 10, offset: -1 } })).toThrow(/offset -1/);
    expect(() => listRuns(db, { page: { limit: 2.5, offset: 0 } })).toThrow(/limit 2.5/);
    expect(() => listRuns(db, { filter: { status: 'paused' as never } })).toThrow(
      /unknown status 'paused' in the runs filter; expected one of queued, running/,
    );
    expect(() => listRuns(db, { filter: { method: 'lora' as never } })).toThrow(
      /unknown method 'lora'/,
    );
    expect(() => listRuns(db, { filter: { budgetMin: Number.NaN } })).toThrow(/budgetMin NaN/);
  });
});

describe('listRuns search across tags, method and config values (issue #12 item 6)', () => {
  let db: WritableDb;
  let runs: RunRow[];

  beforeAll(() => {
    db = createDb('memory');
    runs = [
      makeRun(db, {
        name: 'alpha',
        method: 'superweights',
        config: { arch: 'wrn-16-4', seed: 1, method: 'superweights', ssn: { combiner: 'wavg' } },
      }),
      makeRun(db, {
        name: 'beta',
        method: 'ssn',
        config: { arch: 'wrn-16-4', seed: 2, method: 'ssn', training: { lr: 0.05 } },
      }),
      makeRun(db, { name: 'gamma', method: 'unshared', config: { arch: 'wrn-16-4', seed: 3 } }),
    ];
    addTag(db, runs[2].id, 'paper-figure');
  });
  afterAll(() => {
    db.close();
    cleanupFolders();
  });

  it('finds a run by one of its tags, in part and in any case', () => {
    expect(ids(listRuns(db, { filter: { text: 'Paper-Fig' } }).rows)).toEqual([runs[2].id]);
  });

  it('finds runs by their method name', () => {
    expect(ids(listRuns(db, { filter: { text: 'superweights' } }).rows)).toEqual([runs[0].id]);
    expect(ids(listRuns(db, { filter: { text: 'unshared' } }).rows)).toEqual([runs[2].id]);
  });

  it('finds runs by a config value but not by a config key', () => {
    expect(ids(listRuns(db, { filter: { text: 'wavg' } }).rows)).toEqual([runs[0].id]);
    expect(ids(listRuns(db, { filter: { text: '0.05' } }).rows)).toEqual([runs[1].id]);
    expect(listRuns(db, { filter: { text: 'combiner' } }).total).toBe(0);
  });

  it('lists each run with its config flattened to dotted scalar fields', () => {
    const beta = listRuns(db).rows.find((row) => row.id === runs[1].id);
    expect(beta?.configFields).toEqual({
      arch: 'wrn-16-4',
      seed: 2,
      method: 'ssn',
      'training.lr': 0.05,
    });
  });
});
