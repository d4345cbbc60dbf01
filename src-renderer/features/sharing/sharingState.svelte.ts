// State of the sharing inspector: the run's SharingReport (a response for a run no longer shown
// is dropped), the chosen stage, and what is derived from them: the layers × groups grid, the
// layers whose sharing changed since the previous stage, and the coefficient rows.
import type { RunsClient, SharingReport } from '../runs/runsClient';
import {
  changedLayers,
  NO_LAYERS,
  coefficientBound,
  coefficientRows,
  orderStages,
  sharingGrid,
  type SharingGrid,
} from './sharingModel';

export class SharingState {
  readonly #api: Pick<RunsClient, 'getSharing'>;
  #runId = $state<string | null>(null);
  #report = $state.raw<SharingReport | null>(null);
  #error = $state<string | null>(null);
  #loading = $state(false);
  #stageName = $state<string | null>(null);
  /** Group the user points at: its layers are highlighted. */
  highlightedGroup = $state<number | null>(null);

  constructor(api: Pick<RunsClient, 'getSharing'>) {
    this.#api = api;
  }

  get runId(): string | null {
    return this.#runId;
  }
  get report(): SharingReport | null {
    return this.#report;
  }
  get error(): string | null {
    return this.#error;
  }
  get loading(): boolean {
    return this.#loading;
  }

  readonly stages = $derived(orderStages(this.#report?.stages ?? []));
  /** The chosen stage, else 'main', else the last one. */
  readonly stage = $derived(
    this.stages.find((s) => s.stage === this.#stageName) ??
      this.stages.find((s) => s.stage === 'main') ??
      this.stages[this.stages.length - 1],
  );
  readonly previousStage = $derived(
    this.stage ? this.stages[this.stages.indexOf(this.stage) - 1] : undefined,
  );
  readonly grid = $derived<SharingGrid>(
    this.stage ? sharingGrid(this.stage) : { groups: [], columnKind: 'group', rows: [], own: [] },
  );
  readonly changed = $derived(
    this.stage ? changedLayers(this.previousStage, this.stage) : NO_LAYERS,
  );
  readonly coefficients = $derived(this.#report ? coefficientRows(this.#report, this.stage) : []);
  readonly coefficientBound = $derived(coefficientBound(this.coefficients));

  selectStage(stage: string): void {
    this.#stageName = stage;
  }

  /** Shows run `runId`'s sharing (reloads when it is already shown). */
  async load(runId: string | null): Promise<void> {
    this.#runId = runId;
    this.#report = null;
    this.#error = null;
    this.highlightedGroup = null;
    if (!runId) return;
    this.#loading = true;
    try {
      const report = await this.#api.getSharing(runId);
      if (this.#runId !== runId) return;
      this.#report = report;
    } catch (error) {
      if (this.#runId !== runId) return;
      this.#error = `getSharing: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      if (this.#runId === runId) this.#loading = false;
    }
  }
}
