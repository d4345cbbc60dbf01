// Coming back to the Runs screen in the running app: the shell's table state outlives the
// screen, so the query, what was typed, the scroll position and the loaded rows are still there,
// shown at once while the rows in view are re-read.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import App from '../../src-renderer/App.svelte';
import { createFakeApi, settle } from './fakes';
import { createFakeRunsApi } from './fakesRuns';

const ANSWER_DELAY_MS = 40;

function settingsView(dataDir: string) {
  return {
    dataDir,
    backend: 'auto' as const,
    webgpuAdapter: '',
    theme: 'light' as const,
    defaultDataDir: '/data',
    settingsFile: `${dataDir}/settings.json`,
    dataDirError: null,
  };
}

function renderAppOnRuns(count: number) {
  history.replaceState(null, '', '#/runs');
  const runs = createFakeRunsApi(count, { delayMs: ANSWER_DELAY_MS });
  const fake = createFakeApi({
    listRuns: runs.listRuns,
    getSettings: async () => settingsView('/data'),
  });
  render(App, { props: { api: fake.api } });
  return Object.assign(runs, { emit: fake.emit });
}

function bodyRowIds(): string[] {
  const rows = document.querySelectorAll<HTMLElement>('[role="rowgroup"] [role="row"]');
  return [...rows].map((row) => row.dataset.runId ?? '');
}

async function goTo(screenName: 'Runs' | 'Settings') {
  await fireEvent.click(screen.getByRole('link', { name: screenName }));
}

describe('returning to the Runs screen', () => {
  afterEach(() => {
    cleanup();
    sessionStorage.clear();
    history.replaceState(null, '', '#/design');
  });

  it('shows the rows it had at once, keeps the search, filters and scroll, and re-reads them', async () => {
    const runs = renderAppOnRuns(10_000);
    await settle(ANSWER_DELAY_MS * 2);
    await fireEvent.input(screen.getByPlaceholderText(/name, tag, method/), {
      target: { value: '#9' },
    });
    await fireEvent.change(screen.getByLabelText('Method filter'), { target: { value: 'ssn' } });
    await fireEvent.input(screen.getByLabelText('Budget minimum'), { target: { value: '20k' } });
    await settle(400);
    const grid = screen.getByRole('grid', { name: 'Runs' });
    grid.scrollTop = 900;
    await fireEvent.scroll(grid);
    await settle(ANSWER_DELAY_MS * 2);
    const shown = bodyRowIds();
    const filter = runs.listQueries.at(-1)!.filter;
    expect(filter).toEqual({ archived: false, text: '#9', method: ['ssn'], budgetMin: 20_000 });
    expect(shown.filter(Boolean).length).toBeGreaterThan(10);

    await goTo('Settings');
    await settle(ANSWER_DELAY_MS * 2);
    expect(bodyRowIds()).toEqual([]);
    const asked = runs.listQueries.length;

    await goTo('Runs');
    // Before any answer can arrive (the fake answers after 40 ms), the cached rows are drawn.
    expect(bodyRowIds()).toEqual(shown);
    expect(screen.getByRole('grid', { name: 'Runs' }).scrollTop).toBe(900);
    expect((screen.getByPlaceholderText(/name, tag, method/) as HTMLInputElement).value).toBe('#9');
    expect((screen.getByLabelText('Method filter') as HTMLSelectElement).value).toBe('ssn');
    expect((screen.getByLabelText('Budget minimum') as HTMLInputElement).value).toBe('20k');
    // ...and the rows in view are asked for again under the same query.
    await settle(ANSWER_DELAY_MS * 2);
    const reread = runs.listQueries.slice(asked);
    expect(reread.length).toBeGreaterThan(0);
    expect(reread.every((query) => JSON.stringify(query.filter) === JSON.stringify(filter))).toBe(
      true,
    );
    expect(bodyRowIds()).toEqual(shown);
  });

  it('shows rows another process added while the screen was away, once re-read', async () => {
    const runs = renderAppOnRuns(30);
    await settle(ANSWER_DELAY_MS * 2);
    expect(bodyRowIds()[0]).toBe('run-00029');
    await goTo('Settings');
    runs.rows.push({ ...runs.rows[0], id: 'run-new', name: 'added by the CLI', createdAt: 9e12 });
    await goTo('Runs');
    expect(bodyRowIds()[0]).toBe('run-00029');
    await settle(ANSWER_DELAY_MS * 2);
    expect(bodyRowIds()[0]).toBe('run-new');
    expect(screen.getByRole('heading', { level: 1, name: /Runs/ }).textContent).toContain('31');
  });

  it('drops the rows and scroll of one data folder when another is chosen', async () => {
    const runs = renderAppOnRuns(300);
    await settle(ANSWER_DELAY_MS * 2);
    const grid = screen.getByRole('grid', { name: 'Runs' });
    grid.scrollTop = 600;
    await fireEvent.scroll(grid);
    await settle(ANSWER_DELAY_MS * 2);
    expect(bodyRowIds()).toContain('run-00279');
    await goTo('Settings');
    runs.rows.splice(0, runs.rows.length, { ...runs.rows[0], id: 'run-other', name: 'other' });
    runs.emit('settings.changed', settingsView('/other'));
    await settle();
    await goTo('Runs');
    expect(bodyRowIds().filter(Boolean)).toEqual([]);
    expect(screen.getByRole('grid', { name: 'Runs' }).scrollTop).toBe(0);
    await settle(ANSWER_DELAY_MS * 2);
    expect(bodyRowIds().filter(Boolean)).toEqual(['run-other']);
  });
});
