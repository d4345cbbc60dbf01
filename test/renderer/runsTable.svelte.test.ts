import { describe, expect, it } from 'vitest';
import { RunsTableState } from '../../src-renderer/features/runs/runsTableState.svelte';
import {
  RunSelection,
  SELECTION_STORAGE_KEY,
} from '../../src-renderer/lib/state/runsSelection.svelte';
import type {
  RunListPageWire,
  RunListQueryWire,
} from '../../src-renderer/features/runs/runsClient';
import { rowWindow, pagesFor } from '../../src-renderer/features/runs/virtualWindow';
import { createFakeRunsApi, makeRunRow } from './fakesRuns';

const noShift = { shift: false, toggle: false };

describe('RunsTableState', () => {
  it('asks listRuns for the first page, newest first, without archived runs', async () => {
    const api = createFakeRunsApi(250);
    const table = new RunsTableState(api, { pageSize: 100 });
    await table.load();
    expect(api.listQueries).toEqual([
      {
        filter: { archived: false },
        sort: { column: 'createdAt', direction: 'desc' },
        page: { limit: 100, offset: 0 },
      },
    ]);
    expect(table.total).toBe(250);
    expect(table.rowAt(0)?.id).toBe('run-00249');
    expect(table.rowAt(100)).toBeUndefined();
  });

  it('fetches only the pages a row range needs, once', async () => {
    const api = createFakeRunsApi(1000);
    const table = new RunsTableState(api, { pageSize: 100 });
    await table.load();
    await Promise.all([table.ensureRows(250, 320), table.ensureRows(290, 330)]);
    expect(api.listQueries.map((q) => q.page?.offset)).toEqual([0, 200, 300]);
    expect(table.rowAt(320)?.id).toBe('run-00679');
  });

  it('sorts on the server: a header click sends the column, a second click flips it', async () => {
    const api = createFakeRunsApi(10);
    const table = new RunsTableState(api);
    await table.load();
    await table.toggleSort('bestTestTop1');
    await table.toggleSort('bestTestTop1');
    await table.toggleSort('name');
    expect(api.listQueries.slice(1).map((q) => q.sort)).toEqual([
      { column: 'bestTestTop1', direction: 'desc' },
      { column: 'bestTestTop1', direction: 'asc' },
      { column: 'name', direction: 'asc' },
    ]);
    expect(api.listQueries.every((q) => q.page?.offset === 0)).toBe(true);
  });

  it('sends filters and search text as the listRuns filter', async () => {
    const api = createFakeRunsApi(60);
    const table = new RunsTableState(api, { searchDelayMs: 0 });
    await table.setFilter({ status: ['completed'], method: ['ssn'] });
    await table.setFilter({ tag: 'sweep-1', budgetMin: 20_000, budgetMax: 50_000 });
    await table.setSearch('  wrn ');
    await table.setFilter({ archived: undefined, method: [] });
    expect(api.listQueries.map((q) => q.filter)).toEqual([
      { archived: false, status: ['completed'], method: ['ssn'] },
      {
        archived: false,
        status: ['completed'],
        method: ['ssn'],
        tag: 'sweep-1',
        budgetMin: 20_000,
        budgetMax: 50_000,
      },
      {
        archived: false,
        status: ['completed'],
        method: ['ssn'],
        tag: 'sweep-1',
        budgetMin: 20_000,
        budgetMax: 50_000,
        text: 'wrn',
      },
      { status: ['completed'], tag: 'sweep-1', budgetMin: 20_000, budgetMax: 50_000, text: 'wrn' },
    ]);
  });

  it('debounces search typing into one request', async () => {
    const api = createFakeRunsApi(20);
    const table = new RunsTableState(api, { searchDelayMs: 20 });
    void table.setSearch('w');
    void table.setSearch('wr');
    await table.setSearch('wrn');
    expect(api.listQueries.map((q) => q.filter?.text)).toEqual(['wrn']);
  });

  it('drops a slow answer to a superseded query', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => makeRunRow(i));
    const pending: ((page: RunListPageWire) => void)[] = [];
    const api = {
      listRuns: (_query: RunListQueryWire) =>
        new Promise<RunListPageWire>((resolve) => pending.push(resolve)),
    };
    const table = new RunsTableState(api);
    const first = table.load();
    const second = table.setFilter({ method: ['ssn'] });
    pending[1]({ rows: [rows[1]], total: 1 });
    await second;
    pending[0]({ rows, total: 5 });
    await first;
    expect(table.total).toBe(1);
    expect(table.rowAt(0)?.id).toBe(rows[1].id);
  });

  it('selects one row on click, toggles with ctrl/cmd and selects a range with shift', async () => {
    const api = createFakeRunsApi(30);
    const table = new RunsTableState(api);
    await table.load();
    const id = (i: number) => table.rowAt(i)!.id;
    table.click(3, noShift);
    expect(table.selection.ids).toEqual([id(3)]);
    table.click(7, { shift: true, toggle: false });
    expect(table.selection.ids).toEqual([3, 4, 5, 6, 7].map(id));
    table.click(5, { shift: false, toggle: true });
    expect(table.selection.ids).toEqual([3, 4, 6, 7].map(id));
    table.click(9, { shift: true, toggle: true });
    expect(new Set(table.selection.ids)).toEqual(new Set([3, 4, 5, 6, 7, 8, 9].map(id)));
    table.click(1, noShift);
    expect(table.selection.ids).toEqual([id(1)]);
    expect(table.selection.focused).toBe(id(1));
  });

  it('completes a shift range across pages that were never loaded', async () => {
    const api = createFakeRunsApi(500);
    const table = new RunsTableState(api, { pageSize: 50 });
    await table.load();
    table.click(2, noShift);
    await table.ensureRows(400, 410);
    table.click(405, { shift: true, toggle: false });
    await new Promise((r) => setTimeout(r, 0));
    await new Promise((r) => setTimeout(r, 0));
    expect(table.selection.size).toBe(404);
  });
});

describe('the virtual window', () => {
  it('covers the viewport plus overscan and never runs past the ends', () => {
    expect(rowWindow(0, 600, 30, 10_000, 8)).toEqual({ start: 0, end: 29, offset: 0 });
    expect(rowWindow(3000, 600, 30, 10_000, 8)).toEqual({ start: 92, end: 129, offset: 2760 });
    expect(rowWindow(299_700, 600, 30, 10_000, 8)).toEqual({
      start: 9982,
      end: 10_000,
      offset: 299_460,
    });
    expect(rowWindow(0, 600, 30, 0, 8)).toEqual({ start: 0, end: 0, offset: 0 });
    expect(pagesFor(95, 205, 100)).toEqual([0, 1, 2]);
  });
});

describe('RunSelection', () => {
  it('keeps the selection in the given storage so another screen can read it', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (key: string) => store.get(key) ?? null,
      setItem: (key: string, value: string) => void store.set(key, value),
    };
    const first = new RunSelection(storage);
    first.set(['b', 'a', 'b'], 'a');
    first.remove(['b']);
    const second = new RunSelection(storage);
    expect(second.ids).toEqual(['a']);
    expect(second.focused).toBe('a');
    store.set(SELECTION_STORAGE_KEY, '{not json');
    expect(new RunSelection(storage).ids).toEqual([]);
  });
});
