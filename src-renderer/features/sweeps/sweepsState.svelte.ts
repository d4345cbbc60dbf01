// The Sweeps view's state: the list of sweeps, the selected sweep with every cell, and the cancel
// and resubmit actions. It stays live the way the run screens do, from pushes: `sweep.updated`
// (the service's own) and the runs' `run.status` / `run.finished` for local cells; a Slurm sweep
// with unfinished cells is also re-read every few seconds, since its states come from asking
// Slurm (getSweep runs sacct and imports finished bundles).
import { createContext } from 'svelte';
import type { SweepListEntryWire, SweepSummaryWire } from '../../../src-main/contract/appApi';
import type { AppClient } from '../../lib/api';
import { parseApiError, type ToastState } from '../../lib/state/toasts.svelte';
import { isUnfinished } from './sweepGrid';

/** How often an unfinished Slurm sweep is re-read (ms). */
export const SLURM_POLL_MS = 5000;

export class SweepsState {
  readonly #api: AppClient;
  readonly #toasts: ToastState | null;
  readonly #pollMs: number;
  #list = $state.raw<SweepListEntryWire[]>([]);
  #sweep = $state.raw<SweepSummaryWire | null>(null);
  #selectedId = $state<string | null>(null);
  #error = $state<string | null>(null);
  #acting = $state(false);
  // Reads of one sweep, in order: an older answer never overwrites a newer one.
  #readSeq = 0;

  constructor(api: AppClient, toasts: ToastState | null = null, pollMs = SLURM_POLL_MS) {
    this.#api = api;
    this.#toasts = toasts;
    this.#pollMs = pollMs;
  }

  get list(): readonly SweepListEntryWire[] {
    return this.#list;
  }
  /** The selected sweep with its cells (null until read, or when none is selected). */
  get sweep(): SweepSummaryWire | null {
    return this.#sweep;
  }
  get selectedId(): string | null {
    return this.#selectedId;
  }
  /** Why the selected sweep could not be read or acted on, in place. */
  get error(): string | null {
    return this.#error;
  }
  /** A cancel or resubmit is in flight. */
  get acting(): boolean {
    return this.#acting;
  }

  /** Re-reads the list of sweeps. */
  refreshList = async (): Promise<void> => {
    try {
      this.#list = await this.#api.listSweeps();
    } catch (error) {
      this.#toasts?.error(error, 'listSweeps');
    }
  };

  /** Shows sweep `id` (null: none) and reads it. */
  select = async (id: string | null): Promise<void> => {
    if (id !== this.#selectedId) {
      this.#selectedId = id;
      this.#sweep = null;
      this.#error = null;
    }
    // A sweep just started elsewhere (the Run screen's form) is not in the list read before it.
    if (id && !this.#list.some((s) => s.id === id)) void this.refreshList();
    await this.refreshSweep();
  };

  /** Re-reads the selected sweep. */
  refreshSweep = async (): Promise<void> => {
    const id = this.#selectedId;
    if (!id) return;
    const seq = ++this.#readSeq;
    try {
      const sweep = await this.#api.getSweep(id);
      if (seq !== this.#readSeq || id !== this.#selectedId) return;
      this.#sweep = sweep;
      this.#error = null;
    } catch (error) {
      if (seq === this.#readSeq) this.#error = parseApiError(error).message;
    }
  };

  /** Cancels `cells` of the selected sweep (all unfinished ones when absent). */
  cancel = (cells?: number[]): Promise<void> =>
    this.#act((id) => this.#api.cancelSweepCells(id, cells));

  /** Resubmits `cells` (all failed, cancelled and timed-out ones when absent). */
  resubmit = (cells?: number[]): Promise<void> =>
    this.#act((id) => this.#api.resubmitSweepCells(id, cells));

  async #act(call: (id: string) => Promise<SweepSummaryWire>): Promise<void> {
    const id = this.#selectedId;
    if (!id) return;
    this.#acting = true;
    this.#error = null;
    try {
      const sweep = await call(id);
      ++this.#readSeq;
      if (id === this.#selectedId) this.#sweep = sweep;
      void this.refreshList();
    } catch (error) {
      this.#error = parseApiError(error).message;
    } finally {
      this.#acting = false;
    }
  }

  /** Subscribes to pushes and polls Slurm; call from a component's setup or an $effect.root. */
  track = (): void => {
    $effect(() => {
      void this.refreshList();
      const offs = [
        this.#api.on('sweep.updated', ({ sweepId }) => {
          void this.refreshList();
          if (sweepId === this.#selectedId) void this.refreshSweep();
        }),
        this.#api.on('run.status', ({ runId }) => this.#onRun(runId)),
        this.#api.on('run.finished', ({ runId }) => this.#onRun(runId)),
      ];
      return () => offs.forEach((off) => off());
    });
    // Slurm states change without a push from this machine: re-read while cells are unfinished.
    $effect(() => {
      const sweep = this.#sweep;
      if (!sweep || sweep.executor !== 'slurm' || !isUnfinished(sweep.cells)) return;
      const timer = setInterval(() => void this.refreshSweep(), this.#pollMs);
      return () => clearInterval(timer);
    });
  };

  #onRun(runId: string): void {
    if (this.#sweep?.cells.some((c) => c.runId === runId)) {
      void this.refreshSweep();
      void this.refreshList();
    }
  }
}

export const [getSweeps, setSweeps] = createContext<SweepsState>();
