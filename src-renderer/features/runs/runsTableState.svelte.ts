// State of the runs table: the query (filter, sort, search), a paging cache filled as the user
// scrolls, a guard that drops responses to superseded queries, and the multi-selection.
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

export interface RunsTableOptions {
  pageSize?: number;
  /** Delay before a search text change reloads (ms). */
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
  /** Rows last asked for (the rows in view), re-read by reloadVisible. */
  #lastRange: [number, number] = [0, 1];

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

  /** Loads the first page of the current query. */
  load(): Promise<void> {
    return this.ensureRows(0, 1);
  }

  /** Fetches the pages covering rows [start, end) that are not loaded or loading. */
  async ensureRows(start: number, end: number): Promise<void> {
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
    this.#generation++;
    this.#pages.clear();
    this.#requested.clear();
    this.#anchor = null;
    this.#loaded = false;
    return this.load();
  }

  /**
   * Re-reads the rows in view, keeping every cached row on screen until its page's new answer
   * arrives (live status updates without a flash of empty rows).
   */
  reloadVisible(): Promise<void> {
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
    clearTimeout(this.#searchTimer);
    const apply = () => this.setFilter({ text: text.trim() || undefined });
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
