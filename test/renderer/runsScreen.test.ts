import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import RunsScreen from '../../src-renderer/features/runs/RunsScreen.svelte';
import { RunSelection } from '../../src-renderer/lib/state/runsSelection.svelte';
import { createFakeRunsApi, makeRunRow, settle } from './fakesRuns';

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

function bodyRows(container: HTMLElement): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>('[role="rowgroup"] [role="row"]')];
}

describe('the Runs screen', () => {
  it('renders only a window of rows for 10,000 runs', async () => {
    const api = createFakeRunsApi(10_000);
    const { container } = render(RunsScreen, { api, pollMs: 0 });
    await settle();
    expect(container.textContent).toContain('10,000');
    const rows = bodyRows(container);
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(60);
    expect(rows[0].dataset.runId).toBe('run-09999');
    // The spacer is as tall as every run, so the scrollbar is true to the list.
    const body = container.querySelector<HTMLElement>('[role="rowgroup"]')!;
    expect(body.style.height).toBe(`${10_000 * 30}px`);
    expect(api.listQueries).toHaveLength(1);
  });

  it('fetches the page under the scroll position and shows its rows', async () => {
    const api = createFakeRunsApi(10_000);
    const { container } = render(RunsScreen, { api, pollMs: 0 });
    await settle();
    const grid = screen.getByRole('grid', { name: 'Runs' });
    grid.scrollTop = 150_000;
    await fireEvent.scroll(grid);
    await settle();
    const offsets = api.listQueries.map((q) => q.page?.offset);
    expect(offsets).toContain(4900);
    const rows = bodyRows(container);
    expect(rows.length).toBeLessThan(60);
    expect(rows.map((r) => r.getAttribute('aria-rowindex'))).toContain('5002');
    expect(rows.some((r) => r.dataset.runId === 'run-05000')).toBe(true);
  });

  it('sorts by a column header on the server', async () => {
    const api = createFakeRunsApi(100);
    render(RunsScreen, { api, pollMs: 0 });
    await settle();
    await fireEvent.click(screen.getByRole('button', { name: /Best test/ }));
    await settle();
    expect(api.listQueries.at(-1)?.sort).toEqual({ column: 'bestTestTop1', direction: 'desc' });
    const header = screen.getByRole('columnheader', { name: /Best test/ });
    expect(header.getAttribute('aria-sort')).toBe('descending');
  });

  it('selects a range with shift-click and hands it to compare', async () => {
    const api = createFakeRunsApi(50);
    const selection = new RunSelection();
    let compared: readonly string[] = [];
    const { container } = render(RunsScreen, {
      api,
      selection,
      pollMs: 0,
      oncompare: (ids: readonly string[]) => (compared = ids),
    });
    await settle();
    const rows = bodyRows(container);
    await fireEvent.click(rows[2]);
    await fireEvent.click(rows[5], { shiftKey: true });
    expect(selection.ids).toEqual(['run-00047', 'run-00046', 'run-00045', 'run-00044']);
    expect(
      bodyRows(container).filter((r) => r.getAttribute('aria-selected') === 'true'),
    ).toHaveLength(4);
    await fireEvent.click(screen.getByRole('button', { name: 'Compare 4' }));
    expect(compared).toEqual(selection.ids);
  });

  it('asks for confirmation before deleting, and deletes nothing on cancel', async () => {
    const api = createFakeRunsApi(5);
    const { container } = render(RunsScreen, { api, pollMs: 0 });
    await settle();
    await fireEvent.click(bodyRows(container)[0]);
    await fireEvent.click(screen.getByRole('button', { name: 'Delete…' }));
    const dialog = screen.getByRole('alertdialog');
    expect(dialog.textContent).toContain('Delete this run?');
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(api.calls.some((c) => c.method === 'deleteRun')).toBe(false);

    await fireEvent.click(screen.getByRole('button', { name: 'Delete…' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await settle();
    expect(api.calls.filter((c) => c.method === 'deleteRun').map((c) => c.args)).toEqual([
      ['run-00004'],
    ]);
    expect(api.rows).toHaveLength(4);
    expect(bodyRows(container)).toHaveLength(4);
  });

  it('adds and removes tags and shows the note as escaped markdown', async () => {
    const rows = [makeRunRow(0, { note: '**good** <img src=x onerror=alert(1)>', tags: ['a'] })];
    const api = createFakeRunsApi(0, { rows });
    const { container } = render(RunsScreen, { api, pollMs: 0 });
    await settle();
    await fireEvent.click(bodyRows(container)[0]);
    const note = container.querySelector('[data-testid="note-html"]')!;
    expect(note.innerHTML).toContain('<strong>good</strong>');
    expect(note.querySelector('img')).toBeNull();

    await fireEvent.input(screen.getByLabelText('New tag'), { target: { value: 'best, sweep' } });
    await fireEvent.submit(screen.getByLabelText('New tag').closest('form')!);
    await settle();
    expect(api.calls.find((c) => c.method === 'tagRun')?.args).toEqual([
      'run-00000',
      ['best', 'sweep'],
    ]);
    await fireEvent.click(screen.getByRole('button', { name: 'Remove tag a' }));
    await settle();
    expect(api.rows[0].tags).toEqual(['best', 'sweep']);
    expect(screen.getByRole('list', { name: 'Tags' }).textContent).not.toContain('a×');
  });

  it('filters by status and method through listRuns', async () => {
    const api = createFakeRunsApi(30);
    render(RunsScreen, { api, pollMs: 0 });
    await settle();
    await fireEvent.change(screen.getByLabelText('Status filter'), { target: { value: 'failed' } });
    await fireEvent.change(screen.getByLabelText('Method filter'), { target: { value: 'ssn' } });
    await settle();
    expect(api.listQueries.at(-1)?.filter).toEqual({
      archived: false,
      status: ['failed'],
      method: ['ssn'],
    });
  });

  it('exports the filtered, sorted table as a CSV download', async () => {
    const api = createFakeRunsApi(10);
    const created: Blob[] = [];
    const createUrl = vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      created.push(blob as Blob);
      return 'blob:runs';
    });
    const clicked: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(`${this.download} ${this.href}`);
    });
    render(RunsScreen, { api, pollMs: 0 });
    await settle();
    await fireEvent.change(screen.getByLabelText('Method filter'), { target: { value: 'ssn' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await settle();
    expect(api.calls.find((c) => c.method === 'exportRunsCsv')?.args).toEqual([
      {
        filter: { archived: false, method: ['ssn'] },
        sort: { column: 'createdAt', direction: 'desc' },
      },
    ]);
    expect(await created[0].text()).toBe('id,name\r\n');
    expect(created[0].type).toBe('text/csv');
    expect(clicked).toEqual(['runs.csv blob:runs']);
    createUrl.mockRestore();
    click.mockRestore();
  });

  it('updates a row from a pushed status event and re-reads for a run not in view', async () => {
    const api = createFakeRunsApi(5);
    const listeners = new Map<string, (payload: unknown) => void>();
    const on = ((name: string, listener: (payload: unknown) => void) => {
      listeners.set(name, listener);
      return () => listeners.delete(name);
    }) as NonNullable<typeof api.on>;
    const { container, unmount } = render(RunsScreen, { api: { ...api, on }, pollMs: 0 });
    await settle();
    listeners.get('run.status')!({ runId: 'run-00004', status: 'running', error: null });
    await settle();
    expect(bodyRows(container)[0].textContent).toContain('running');
    const before = api.listQueries.length;
    listeners.get('run.status')!({ runId: 'run-new', status: 'queued', error: null });
    await settle();
    expect(api.listQueries.length).toBe(before + 1);
    unmount();
    expect(listeners.size).toBe(0);
  });
});
