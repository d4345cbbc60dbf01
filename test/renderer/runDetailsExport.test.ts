// The run details panel's export buttons (issue #12 item 10): History CSV, History JSON and
// Config JSON ask the app for that run's file and save it as a download.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import RunsScreen from '../../src-renderer/features/runs/RunsScreen.svelte';
import { createFakeRunsApi, settle } from './fakesRuns';

afterEach(() => {
  cleanup();
  sessionStorage.clear();
  vi.restoreAllMocks();
});

describe('run details export', () => {
  it("saves the focused run's history as CSV and JSON and its config as JSON", async () => {
    const api = createFakeRunsApi(5);
    const saved: { name: string; type: string; text: string }[] = [];
    const blobs = new Map<string, Blob>();
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      const url = `blob:${blobs.size}`;
      blobs.set(url, blob as Blob);
      return url;
    });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      const blob = blobs.get(this.getAttribute('href') ?? '')!;
      saved.push({ name: this.download, type: blob.type, text: '' });
    });
    const { container } = render(RunsScreen, { api, pollMs: 0 });
    await settle();
    await fireEvent.click(container.querySelector<HTMLElement>('[role="rowgroup"] [role="row"]')!);
    const group = within(screen.getByRole('group', { name: 'Export this run' }));
    expect(group.getAllByRole('button').map((b) => b.textContent)).toEqual([
      'History CSV',
      'History JSON',
      'Config JSON',
    ]);
    for (const label of ['History CSV', 'History JSON', 'Config JSON']) {
      await fireEvent.click(group.getByRole('button', { name: label }));
      await settle();
    }
    const exports = api.calls.filter(
      (c) => c.method.startsWith('exportRun') || c.method === 'exportMetricsCsv',
    );
    expect(exports).toEqual([
      { method: 'exportMetricsCsv', args: ['run-00004'] },
      { method: 'exportRunJson', args: ['run-00004', { part: 'history' }] },
      { method: 'exportRunJson', args: ['run-00004', { part: 'config' }] },
    ]);
    expect(saved.map((s) => `${s.name} ${s.type}`)).toEqual([
      'run-00004-epochs.csv text/csv',
      'run-00004-history.json application/json',
      'run-00004-config.json application/json',
    ]);
  });

  it('shows why an export failed in place and saves nothing', async () => {
    const api = createFakeRunsApi(2);
    api.exportRunJson = async () => {
      throw Object.assign(new Error("exportRunJson: no run with id 'run-00001'"), {
        method: 'exportRunJson',
      });
    };
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const { container } = render(RunsScreen, { api, pollMs: 0 });
    await settle();
    await fireEvent.click(container.querySelector<HTMLElement>('[role="rowgroup"] [role="row"]')!);
    await fireEvent.click(screen.getByRole('button', { name: 'Config JSON' }));
    await settle();
    expect(click).not.toHaveBeenCalled();
    expect(container.textContent).toContain("no run with id 'run-00001'");
  });
});
