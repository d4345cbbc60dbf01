// State of the runs table: the query (filter, sort, search), a paging cache filled as the user
// scrolls, a guard that drops responses to superseded queries, the multi-selection, the columns
// chosen, and the seed grouping (which reads every matching run, in pages of MAX_GROUP_PAGE).
// The shell keeps one for the app's lifetime (setRunsTable), so leaving the Runs screen and
// coming back keeps the query, the typed filters, the columns, the scroll position and the
// loaded rows, which are shown at once and re-read in the background.
import { createContext } from 'svelte';
import { SvelteMap } from 'svelte/reactivity';
import type {
  RunListQueryWire,
  RunRowWire,
  RunsClient,
  RunSortColumnWire,
  RunsTableFilter,
  RunsTableSort,
} from './runsClient';
import { clickSelection, idSet, type ClickModifiers } from '../../lib/state/selection';
import { pagesFor } from './virtualWindow';
import { RunSelection } from '../../lib/state/runsSelection.svelte';
import {
  columnFor,
  configPaths,
  CONFIG_COLUMN_PREFIX,
  DEFAULT_COLUMN_KEYS,
  EXTRA_METRIC_COLUMNS,
  RUN_COLUMNS,
  type RunColumn,
} from './runColumns';
import { groupBySeed, type SeedGroup } from './seedGroups';

/** Page size of the full read behind seed grouping (the store's largest page). */
export const MAX_GROUP_PAGE = 1000;

export interface RunsTableOptions {
  pageSize?: number;
  /** Delay before a search text or typed filter change reloads (ms). */
  searchDelayMs?: number;
  selection?: RunSelection;
}

export class RunsTableState {
  readonly pageSize: number;
  readonly selection: RunSelection;
  readonly #api: Pick<RunsClient, 'listRuns'>;
  readonly #searchDelayMs: number;

  #filter = $state.raw<RunsTableFilter>({ archived: false });
  #sort = $state.raw<RunsTableSort>({ column: 'createdAt', direction: 'desc' });
  #total = $state(0);
  #loaded = $state(false);
  #error = $state<string | null>(null);
  #anchor: number | null = null;
  readonly #pages = new SvelteMap<number, RunRowWire[]>();
  /** Pages requested for the current generation (loading or loaded). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
  #requested = new Set<number>();
  /** Bumped by every query change; a response for an older generation is dropped. */
  #generation = 0;
  #searchTimer: ReturnType<typeof setTimeout> | undefined;
  #pendingFilter: Partial<RunsTableFilter> = {};
  #columnKeys = $state.raw<readonly string[]>(DEFAULT_COLUMN_KEYS);
  #grouped = $state(false);
  #groups = $state.raw<SeedGroup[]>([]);
  /** Rows last asked for (the rows in view), re-read by reloadVisible. */
  #lastRange: [number, number] = [0, 1];
  /** The toolbar's text fields as typed ("250k" stays "250k"), kept with the query they made. */
  readonly inputs = $state({ search: '', tag: '', budgetMin: '', budgetMax: '' });
  /** Whether a screen shows the table now (between show and hide). */
  #visible = false;
  /** Where the table was scrolled, restored when the screen is shown again (never rendered). */
  scrollTop = 0;
  /** The table's last measured height, the first window's height when it is shown again. */
  viewportHeight = 0;

  constructor(api: Pick<RunsClient, 'listRuns'>, options: RunsTableOptions = {}) {
    this.#api = api;
    this.pageSize = options.pageSize ?? 100;
    this.#searchDelayMs = options.searchDelayMs ?? 200;
    this.selection = options.selection ?? new RunSelection();
  }

  get filter(): RunsTableFilter {
    return this.#filter;
  }
  get sort(): RunsTableSort {
    return this.#sort;
  }
  get total(): number {
    return this.#total;
  }
  /** Rows the table draws: runs, or seed groups when grouping. */
  get rowCount(): number {
    return this.#grouped ? this.#groups.length : this.#total;
  }
  get grouped(): boolean {
    return this.#grouped;
  }
  /** The seed groups of every matching run (empty unless grouping). */
  get groups(): readonly SeedGroup[] {
    return this.#groups;
  }

  /** The columns shown, name first. */
  get columns(): RunColumn[] {
    return this.#columnKeys.map(columnFor).filter((c): c is RunColumn => c !== undefined);
  }
  get columnKeys(): readonly string[] {
    return this.#columnKeys;
  }
  /**
   * What the column chooser offers: fixed columns, more metrics, every loaded config field.
   * Read only while the chooser is open; each page's (or the groups') config paths are listed
   * once per answer and kept, so neither a new page nor a re-read walks every loaded run again.
   */
  get availableColumns(): RunColumn[] {
    const lists = [...this.#pages.values()].map((rows) => this.#pathsOf(rows));
    if (this.#grouped) lists.push(this.#pathsOf(this.#groups));
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local, never rendered
    const paths = [...new Set(lists.flat())].sort();
    const config = paths.map((path) => columnFor(`${CONFIG_COLUMN_PREFIX}${path}`)!);
    return [...RUN_COLUMNS, ...EXTRA_METRIC_COLUMNS, ...config];
  }

  // Config paths per loaded page (or seed-group list), by identity: a page replaced by a new
  // answer or patched gets a new array and is listed again; dropped pages are collected.
  #paths = new WeakMap<readonly (RunRowWire | SeedGroup)[], string[]>();
  #pathsOf(list: readonly (RunRowWire | SeedGroup)[]): string[] {
    let paths = this.#paths.get(list);
    if (!paths) {
      paths = configPaths(list.flatMap((item) => ('runs' in item ? item.runs : [item])));
      this.#paths.set(list, paths);
    }
    return paths;
  }
  /** Shows or hides a column; the name column always stays. */
  setColumnVisible(key: string, visible: boolean): void {
    if (key === 'name' || !columnFor(key)) return;
    const keys = this.#columnKeys.filter((k) => k !== key);
    this.#columnKeys = visible ? [...keys, key] : keys;
  }

  /** Groups runs that differ only in seed (reads every matching run) or lists them again. */
  setGroupBySeed(on: boolean): Promise<void> {
    this.#grouped = on;
    return this.refresh();
  }
  /** Whether the first response for the current query has arrived. */
  get loaded(): boolean {
    return this.#loaded;
  }
  get error(): string | null {
    return this.#error;
  }

  /** The query listRuns gets for `page` under the current filter and sort. */
  queryFor(page: number): RunListQueryWire {
    return {
      filter: this.#filter,
      sort: this.#sort,
      page: { limit: this.pageSize, offset: page * this.pageSize },
    };
  }

  /** The query without paging (CSV export of what the table shows). */
  get exportQuery(): Omit<RunListQueryWire, 'page'> {
    return { filter: this.#filter, sort: this.#sort };
  }

  /** Row `index` if its page is loaded. */
  rowAt(index: number): RunRowWire | undefined {
    return this.#pages.get(Math.floor(index / this.pageSize))?.[index % this.pageSize];
  }

  /** The loaded row with this id, if any. */
  findRow(id: string): RunRowWire | undefined {
    for (const rows of this.#pages.values()) {
      const row = rows.find((r) => r.id === id);
      if (row) return row;
    }
    return undefined;
  }

  /**
   * The screen is shown: the first load, or on a return a re-read of what is in view that keeps
   * the cached rows (or seed groups) on screen until the new answers arrive.
   */
  show(): Promise<void> {
    this.#visible = true;
    if (!this.#loaded) return this.load();
    // The cached rows are drawn first; the re-read waits for that frame, or an early answer
    // would be drawn before the cached rows reach the screen.
    return afterNextPaint(() => {
      if (!this.#grouped) return this.reloadVisible();
      this.#generation++;
      return this.#loadGroups();
    });
  }

  /** Loads the first page of the current query (every matching run when grouping). */
  load(): Promise<void> {
    return this.#grouped ? this.#loadGroups() : this.ensureRows(0, 1);
  }

  async #loadGroups(): Promise<void> {
    const generation = this.#generation;
    const rows: RunRowWire[] = [];
    try {
      for (let offset = 0; ; offset += MAX_GROUP_PAGE) {
        const page = await this.#api.listRuns({
          filter: this.#filter,
          sort: this.#sort,
          page: { limit: MAX_GROUP_PAGE, offset },
        });
        if (generation !== this.#generation) return;
        rows.push(...page.rows);
        this.#total = page.total;
        if (page.rows.length < MAX_GROUP_PAGE || rows.length >= page.total) break;
      }
      this.#groups = groupBySeed(rows);
      this.#loaded = true;
      this.#error = null;
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#error = `listRuns: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  /** Fetches the pages covering rows [start, end) that are not loaded or loading. */
  async ensureRows(start: number, end: number): Promise<void> {
    if (this.#grouped) return;
    this.#lastRange = [start, end];
    const wanted = pagesFor(start, this.#loaded ? Math.min(end, this.#total) : end, this.pageSize);
    await Promise.all(wanted.filter((p) => !this.#requested.has(p)).map((p) => this.#fetch(p)));
  }

  async #fetch(page: number): Promise<void> {
    const generation = this.#generation;
    this.#requested.add(page);
    try {
      const result = await this.#api.listRuns(this.queryFor(page));
      if (generation !== this.#generation) return;
      this.#pages.set(page, result.rows);
      this.#total = result.total;
      this.#loaded = true;
      this.#error = null;
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#requested.delete(page);
      this.#error = `listRuns: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  /** Drops every cached page and reloads the first (a new query, or data changed). */
  refresh(): Promise<void> {
    this.#forget();
    return this.load();
  }

  /**
   * Another data folder: its runs are another list, so the cached rows and the scroll position
   * go (the query stays). Loads again only while the screen shows the table.
   */
  changeDataFolder(): Promise<void> {
    this.#forget();
    this.scrollTop = 0;
    return this.#visible ? this.load() : Promise.resolve();
  }

  /** The screen is left: the state stays for the next visit. */
  hide(): void {
    this.#visible = false;
  }

  #forget(): void {
    this.#generation++;
    this.#pages.clear();
    this.#requested.clear();
    this.#anchor = null;
    this.#loaded = false;
    this.#groups = [];
  }

  /**
   * Re-reads the rows in view, keeping every cached row on screen until its page's new answer
   * arrives (live status updates without a flash of empty rows).
   */
  reloadVisible(): Promise<void> {
    if (this.#grouped) return this.refresh();
    this.#generation++;
    this.#requested.clear();
    const [start, end] = this.#lastRange;
    return this.ensureRows(start, end);
  }

  /** Whether a loaded row is still changing (queued, running, stopping). */
  get hasActiveRows(): boolean {
    for (const rows of this.#pages.values()) {
      if (
        rows.some((r) => r.status === 'running' || r.status === 'queued' || r.status === 'stopping')
      )
        return true;
    }
    return false;
  }

  /** Clicking a header: sort by it, or flip the direction when it already sorts. */
  toggleSort(column: RunSortColumnWire): Promise<void> {
    const same = this.#sort.column === column;
    const numeric = !['name', 'status', 'method', 'arch', 'dataset'].includes(column);
    const direction = same
      ? this.#sort.direction === 'asc'
        ? 'desc'
        : 'asc'
      : numeric
        ? 'desc'
        : 'asc';
    this.#sort = { column, direction };
    return this.refresh();
  }

  /** Merges `patch` into the filter (undefined fields are removed) and reloads. */
  setFilter(patch: Partial<RunsTableFilter>): Promise<void> {
    const next: RunsTableFilter = { ...this.#filter, ...patch };
    for (const key of Object.keys(next) as (keyof RunsTableFilter)[]) {
      const value = next[key];
      if (value === undefined || (Array.isArray(value) && value.length === 0)) delete next[key];
    }
    this.#filter = next;
    return this.refresh();
  }

  /** Search text, applied after a short pause in typing. */
  setSearch(text: string): Promise<void> {
    return this.setFilterSoon({ text: text.trim() || undefined });
  }

  /**
   * A filter change from typing (search, tag, budget bounds): changes made within the pause
   * are merged and applied as one reload, so filters apply as you type without a request per key.
   */
  setFilterSoon(patch: Partial<RunsTableFilter>): Promise<void> {
    clearTimeout(this.#searchTimer);
    this.#pendingFilter = { ...this.#pendingFilter, ...patch };
    const apply = () => {
      const pending = this.#pendingFilter;
      this.#pendingFilter = {};
      return this.setFilter(pending);
    };
    if (this.#searchDelayMs <= 0) return apply();
    return new Promise((resolve) => {
      this.#searchTimer = setTimeout(() => void apply().then(resolve), this.#searchDelayMs);
    });
  }

  isSelected(id: string): boolean {
    return this.selection.has(id);
  }

  /** A click on row `index`, with the ctrl/cmd and shift keys as pressed. */
  click(index: number, modifiers: ClickModifiers): void {
    const row = this.rowAt(index);
    if (!row) return;
    const next = clickSelection(
      { ids: idSet(this.selection.ids), anchor: this.#anchor },
      index,
      row.id,
      modifiers,
      (i) => this.rowAt(i)?.id,
    );
    this.#anchor = next.anchor;
    this.selection.set(next.ids, row.id);
    if (next.missing.length) void this.#selectMissing(next.missing);
  }

  // A shift range over pages never scrolled into view: load them, then add their rows.
  async #selectMissing(indexes: number[]): Promise<void> {
    const generation = this.#generation;
    await this.ensureRows(indexes[0], indexes[indexes.length - 1] + 1);
    if (generation !== this.#generation) return;
    const ids = indexes.map((i) => this.rowAt(i)?.id).filter((id): id is string => !!id);
    this.selection.set([...this.selection.ids, ...ids]);
  }

  /** The checkbox of a run: adds it to or removes it from the selection, keeping the rest. */
  toggleChecked(id: string): void {
    const ids = this.selection.ids.filter((other) => other !== id);
    this.selection.set(this.selection.has(id) ? ids : [...ids, id], id);
  }

  /** A group's checkbox: selects all its runs, or removes them when all are selected. */
  toggleGroup(group: SeedGroup): void {
    const runIds = group.runs.map((run) => run.id);
    const all = runIds.every((id) => this.selection.has(id));
    const rest = this.selection.ids.filter((id) => !runIds.includes(id));
    this.selection.set(all ? rest : [...rest, ...runIds]);
  }

  /** Selects every loaded row. */
  selectLoaded(): void {
    const ids = [...this.#pages.values()].flat().map((row) => row.id);
    this.selection.set(ids);
  }

  /** Replaces a cached row (after tagging, a note, archiving); false when it is not loaded. */
  patchRow(id: string, patch: Partial<RunRowWire>): boolean {
    for (const [page, rows] of this.#pages) {
      const i = rows.findIndex((row) => row.id === id);
      if (i >= 0) {
        const next = rows.slice();
        next[i] = { ...rows[i], ...patch };
        this.#pages.set(page, next);
        return true;
      }
    }
    return false;
  }

  dispose(): void {
    clearTimeout(this.#searchTimer);
    this.#generation++;
  }
}

export const [getRunsTable, setRunsTable, hasRunsTable] = createContext<RunsTableState>();

/** Runs `task` once the next frame has been painted (at once where nothing paints). */
function afterNextPaint(task: () => Promise<void>): Promise<void> {
  if (typeof requestAnimationFrame === 'undefined') return task();
  return new Promise((resolve, reject) =>
    requestAnimationFrame(() => setTimeout(() => task().then(resolve, reject))),
  );
}
