// Issue #12 item 6: the runs table's column chooser, checkboxes, seed grouping (mean ± std) and
// filters that apply as you type.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import RunsScreen from '../../src-renderer/features/runs/RunsScreen.svelte';
import { RunSelection } from '../../src-renderer/lib/state/runsSelection.svelte';
import { RunsTableState } from '../../src-renderer/features/runs/runsTableState.svelte';
import { columnFor, configPaths } from '../../src-renderer/features/runs/runColumns';
import { columnStats, groupBySeed, groupCell } from '../../src-renderer/features/runs/seedGroups';
import { createFakeRunsApi, makeRunRow, settle, type FakeRunsApi } from './fakesRuns';

afterEach(() => {
  cleanup();
  sessionStorage.clear();
  vi.useRealTimers();
});

/** Three seeds of one SSN setup, two of another lr, and one SuperWeights run. */
function seedRuns() {
  const setup = (
    i: number,
    seed: number,
    lr: number,
    method: 'ssn' | 'superweights',
    val: number,
  ) =>
    makeRunRow(i, {
      name: `${method} lr ${lr} seed ${seed}`,
      method,
      seed,
      bestValTop1: val,
      configFields: { arch: 'cnn', method, seed, 'training.lr': lr, 'ssn.combiner': 'wavg' },
    });
  return [
    setup(0, 1, 0.1, 'ssn', 0.6),
    setup(1, 2, 0.1, 'ssn', 0.7),
    setup(2, 3, 0.1, 'ssn', 0.8),
    setup(3, 1, 0.05, 'ssn', 0.5),
    setup(4, 2, 0.05, 'ssn', 0.5),
    setup(5, 1, 0.1, 'superweights', 0.9),
  ];
}

describe('the column chooser', () => {
  it('offers every config field the loaded runs have, and any metric', () => {
    expect(configPaths(seedRuns())).toEqual([
      'arch',
      'method',
      'seed',
      'ssn.combiner',
      'training.lr',
    ]);
    expect(columnFor('lastTestTop1')?.label).toBe('Last test');
    expect(columnFor('config:training.lr')?.cell(seedRuns()[3])).toBe('0.05');
    expect(columnFor('nonsense')).toBeUndefined();
  });

  it('adds a config column to the table when its box is ticked and never hides the name', async () => {
    const api = createFakeRunsApi(0, { rows: seedRuns() });
    render(RunsScreen, { api, pollMs: 0 });
    await settle();
    await fireEvent.click(screen.getByText('Columns'));
    const menu = screen.getByRole('group', { name: 'Columns' });
    expect(within(menu).getByLabelText('Name')).toHaveProperty('disabled', true);
    await fireEvent.click(within(menu).getByLabelText('training.lr'));
    await fireEvent.click(within(menu).getByLabelText('Last test'));
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent?.trim());
    expect(headers).toContain('training.lr');
    expect(headers.some((h) => h?.startsWith('Last test'))).toBe(true);
    expect(screen.getAllByRole('gridcell').some((c) => c.textContent?.trim() === '0.05')).toBe(
      true,
    );
    await fireEvent.click(within(menu).getByLabelText('Tags'));
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent?.trim())).not.toContain(
      'Tags',
    );
  });
});

describe('the cost of the column chooser (bench:ui: switching to the Runs screen)', () => {
  /** The fake runs API, its answers' configFields counting how often their keys are listed. */
  function countingApi() {
    const reads = { count: 0 };
    const fake = createFakeRunsApi(0, { rows: seedRuns() });
    const api: FakeRunsApi = {
      ...fake,
      async listRuns(query) {
        const page = await fake.listRuns(query);
        const rows = page.rows.map((row) => ({
          ...row,
          configFields: new Proxy(row.configFields, {
            ownKeys(target) {
              reads.count++;
              return Reflect.ownKeys(target);
            },
          }),
        }));
        return { ...page, rows };
      },
    };
    return { api, reads };
  }

  it("lists each loaded run's config fields once per page, however often the chooser asks", async () => {
    const { api, reads } = countingApi();
    const table = new RunsTableState(api);
    await table.load();
    const asked = [1, 2, 3].map(() => table.availableColumns.map((c) => c.key));
    expect(asked[0]).toContain('config:training.lr');
    expect(asked[2]).toEqual(asked[0]);
    expect(reads.count).toBe(seedRuns().length);
  });

  it('builds the list of columns only when the chooser is opened', async () => {
    const { api, reads } = countingApi();
    render(RunsScreen, { api, pollMs: 0 });
    await settle();
    expect(screen.queryByLabelText('training.lr')).toBeNull();
    expect(reads.count).toBe(0);
    await fireEvent.click(screen.getByText('Columns'));
    await settle();
    expect(screen.getByLabelText('training.lr')).toBeTruthy();
  });
});

describe('grouping by seed', () => {
  it('puts runs that differ only in seed together, with their seeds and counts', () => {
    const groups = groupBySeed(seedRuns());
    expect(groups.map((g) => g.seeds)).toEqual([[1, 2, 3], [1, 2], [1]]);
  });

  it('derives mean ± sample std of a metric over a group', () => {
    const [three, two, one] = groupBySeed(seedRuns());
    const val = columnFor('bestValTop1')!;
    const stats = columnStats(three, val)!;
    expect(stats.n).toBe(3);
    expect(stats.mean).toBeCloseTo(0.7, 12);
    expect(stats.std).toBeCloseTo(0.1, 12);
    expect(groupCell(three, val)).toBe('70.00% ± 10.00%');
    expect(columnStats(two, val)).toEqual({ mean: 0.5, std: 0, n: 2 });
    expect(groupCell(one, val)).toBe('90.00%');
    expect(groupCell(three, columnFor('name')!)).toBe('ssn lr 0.1 seed 1 · 3 runs');
  });

  it('shows one row per setup when "Group by seed" is ticked, reading every matching run', async () => {
    const api = createFakeRunsApi(0, { rows: seedRuns() });
    const { container } = render(RunsScreen, { api, pollMs: 0 });
    await settle();
    await fireEvent.click(screen.getByLabelText('Group by seed'));
    await settle();
    const rows = [...container.querySelectorAll<HTMLElement>('[role="rowgroup"] [role="row"]')];
    expect(rows.map((r) => r.dataset.groupSize)).toEqual(['1', '2', '3']);
    expect(container.textContent).toMatch(/70\.00% ± 10\.00%/);
    expect(api.listQueries.at(-1)?.page).toEqual({ limit: 1000, offset: 0 });
  });
});

describe('checkboxes', () => {
  it('adds and removes runs with their checkboxes, keeping the others selected', async () => {
    const api = createFakeRunsApi(0, { rows: seedRuns() });
    const selection = new RunSelection(null);
    render(RunsScreen, { api, pollMs: 0, selection });
    await settle();
    await fireEvent.click(screen.getByLabelText('Select ssn lr 0.1 seed 1'));
    await fireEvent.click(screen.getByLabelText('Select superweights lr 0.1 seed 1'));
    expect(selection.ids).toEqual(['run-00000', 'run-00005']);
    await fireEvent.click(screen.getByLabelText('Select ssn lr 0.1 seed 1'));
    expect(selection.ids).toEqual(['run-00005']);
    expect(screen.getByRole('button', { name: /Compare 1/ })).toHaveProperty('disabled', false);
  });

  it('draws row checkboxes without a native input per row (bench:ui), ticked in aria-checked and by Space', async () => {
    const api = createFakeRunsApi(0, { rows: seedRuns() });
    const selection = new RunSelection(null);
    const { container } = render(RunsScreen, { api, pollMs: 0, selection });
    await settle();
    const grid = screen.getByRole('grid', { name: 'Runs' });
    expect(grid.querySelectorAll('input').length).toBe(0);
    const box = screen.getByRole('checkbox', { name: 'Select ssn lr 0.1 seed 1' });
    expect(box.getAttribute('aria-checked')).toBe('false');
    await fireEvent.click(box);
    expect(box.getAttribute('aria-checked')).toBe('true');
    // A click selects that row alone and puts the cursor on it; Space flips its box.
    const rows = container.querySelectorAll<HTMLElement>('[role="rowgroup"] [role="row"]');
    const id = rows[1].dataset.runId!;
    await fireEvent.click(rows[1]);
    expect(selection.ids).toEqual([id]);
    await fireEvent.keyDown(grid, { key: ' ' });
    expect(selection.ids).toEqual([]);
    await fireEvent.keyDown(grid, { key: ' ' });
    expect(selection.ids).toEqual([id]);
  });

  it('selects all runs of a seed group with its checkbox', async () => {
    const api = createFakeRunsApi(0, { rows: seedRuns() });
    const table = new RunsTableState(api, { selection: new RunSelection(null) });
    await table.setGroupBySeed(true);
    // Newest first: the SuperWeights run is its own group, then lr 0.05 (two seeds).
    table.toggleGroup(table.groups[1]);
    expect(table.selection.ids).toEqual(['run-00004', 'run-00003']);
    table.toggleGroup(table.groups[0]);
    expect(table.selection.ids).toEqual(['run-00004', 'run-00003', 'run-00005']);
    table.toggleGroup(table.groups[1]);
    expect(table.selection.ids).toEqual(['run-00005']);
    table.toggleGroup(table.groups[0]);
    expect(table.selection.ids).toEqual([]);
  });
});

describe('filters that apply as you type', () => {
  it('reloads once after a pause in typing a tag or a budget bound, with no Apply', async () => {
    vi.useFakeTimers();
    const api = createFakeRunsApi(0, {
      rows: seedRuns().map((row, i) => ({ ...row, tags: i === 2 ? ['best'] : [] })),
    });
    render(RunsScreen, { api, pollMs: 0 });
    await vi.advanceTimersByTimeAsync(10);
    const before = api.listQueries.length;
    const tag = screen.getByLabelText('Tag filter');
    for (const text of ['b', 'be', 'bes', 'best'])
      await fireEvent.input(tag, { target: { value: text } });
    await fireEvent.input(screen.getByLabelText('Budget maximum'), { target: { value: '900k' } });
    expect(api.listQueries.length).toBe(before);
    await vi.advanceTimersByTimeAsync(300);
    expect(api.listQueries.length).toBe(before + 1);
    expect(api.listQueries.at(-1)?.filter).toMatchObject({ tag: 'best', budgetMax: 900_000 });
    expect(screen.getAllByRole('row').filter((r) => r.dataset.runId)).toHaveLength(1);
  });
});
