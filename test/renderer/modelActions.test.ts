// The run details panel's Export model (format picker, download in browser mode) and Evaluate.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import ModelActions from '../../src-renderer/features/runs/ModelActions.svelte';
import type { ModelExportWire } from '../../src-main/contract/appApi';

afterEach(cleanup);

const exported: ModelExportWire = {
  format: 'tfjs',
  path: '/data/runs/R1/exports/R1-tfjs',
  files: ['R1-tfjs/model.json', 'R1-tfjs/weights.bin'],
  bytes: 4096,
  compactBytes: 1024,
  materialisedParams: 1000,
  compactParams: 100,
  members: [0],
};

describe('Export model and Evaluate', () => {
  it('exports in the picked format and downloads every file it wrote', async () => {
    const exportModel = vi.fn(async () => exported);
    const ondownload = vi.fn();
    render(ModelActions, {
      runId: 'R1',
      status: 'completed',
      api: { exportModel, evaluateRun: vi.fn() },
      ondownload,
    });
    await fireEvent.change(screen.getByLabelText('Export format'), { target: { value: 'tfjs' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Export model' }));
    await vi.waitFor(() => expect(ondownload).toHaveBeenCalledTimes(2));
    expect(exportModel).toHaveBeenCalledWith('R1', { format: 'tfjs' });
    expect(ondownload).toHaveBeenCalledWith('/downloads/R1/R1-tfjs/model.json', 'model.json');
    expect(screen.getByRole('status').textContent).toContain('compact form 1 KB');
  });

  it('shows the evaluation, per member for an ensemble, and an error as an alert', async () => {
    const evaluateRun = vi.fn(async () => ({
      dataset: 'sample (test)',
      count: 1000,
      loss: 0.5,
      top1: 0.8,
      top5: 0.99,
      members: [{ top1: 0.7, top5: 0.98 }],
      notes: [],
    }));
    render(ModelActions, {
      runId: 'R1',
      status: 'completed',
      api: {
        exportModel: vi.fn(async () => {
          throw new Error('run R1 has no checkpoint');
        }),
        evaluateRun,
      },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Evaluate' }));
    await vi.waitFor(() =>
      expect(screen.getByRole('status').textContent).toContain('top-1 80.00%'),
    );
    expect(screen.getByRole('status').textContent).toContain('member 0: top-1 70.00%');
    await fireEvent.click(screen.getByRole('button', { name: 'Export model' }));
    await vi.waitFor(() =>
      expect(screen.getByRole('alert').textContent).toContain('no checkpoint'),
    );
  });

  it('disables both actions for a failed run', () => {
    render(ModelActions, {
      runId: 'R1',
      status: 'failed',
      api: { exportModel: vi.fn(), evaluateRun: vi.fn() },
    });
    expect(
      (screen.getByRole('button', { name: 'Export model' }) as HTMLButtonElement).disabled,
    ).toBe(true);
    expect((screen.getByRole('button', { name: 'Evaluate' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
  });
});
