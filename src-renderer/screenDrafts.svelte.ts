// What the Design, Budget and Run screens show (the sweep form too), kept per data folder across
// reloads and app restarts (issue #12 item 2): a reload used to forget everything, and Start then
// started the
// defaults (a 200-epoch CNN with SSN at 10%) instead of what the screens had shown. Each screen's
// state gives a plain draft and takes one back; this class stores them in localStorage under the
// data folder's key, restores them before the screens load their defaults, and saves on change.
import type { BudgetState } from './features/budget/budgetState.svelte';
import type { DesignState } from './features/design/designState.svelte';
import type { RunFormState } from './features/run/runFormState.svelte';
import type { SweepFormState } from './features/run/sweepFormState.svelte';

/** Bump when a draft's shape changes incompatibly: older drafts are then ignored. */
const VERSION = 1;

export interface ScreenDraftsData {
  version: number;
  design: Record<string, unknown>;
  budget: Record<string, unknown>;
  runForm: Record<string, unknown>;
  /** Absent from drafts saved before the sweep form was kept. */
  sweepForm?: Record<string, unknown>;
}

/** The storage key of a data folder's drafts. */
export function draftsKey(dataDir: string): string {
  return `npas.screens:${dataDir}`;
}

export class ScreenDrafts {
  #dataDir: string | null = null;

  constructor(
    private readonly storage: Storage | null,
    private readonly design: DesignState,
    private readonly budget: BudgetState,
    private readonly runForm: RunFormState,
    private readonly sweepForm: SweepFormState,
  ) {}

  /** The drafts as stored now (for tests and the save effect). */
  snapshot = (): ScreenDraftsData => ({
    version: VERSION,
    design: this.design.toDraft(),
    budget: this.budget.toDraft(),
    runForm: this.runForm.toDraft(),
    sweepForm: this.sweepForm.toDraft(),
  });

  /**
   * Restores the drafts of `dataDir` (none stored, unreadable or of another version: the
   * screens keep their defaults). Returns whether a draft was applied.
   */
  restore = (dataDir: string | null): boolean => {
    this.#dataDir = dataDir;
    if (!this.storage || dataDir === null) return false;
    const text = this.storage.getItem(draftsKey(dataDir));
    if (!text) return false;
    let data: Partial<ScreenDraftsData>;
    try {
      data = JSON.parse(text) as Partial<ScreenDraftsData>;
    } catch {
      // A corrupt draft is dropped: the defaults are a valid state, the draft is not.
      this.storage.removeItem(draftsKey(dataDir));
      return false;
    }
    if (data.version !== VERSION) return false;
    if (data.design) this.design.fromDraft(data.design);
    if (data.budget) this.budget.fromDraft(data.budget);
    if (data.runForm) this.runForm.fromDraft(data.runForm);
    if (data.sweepForm) this.sweepForm.fromDraft(data.sweepForm);
    return true;
  };

  /** Saves the drafts whenever a screen's state changes; call in a component or $effect.root. */
  track = (): void => {
    $effect(() => {
      const text = JSON.stringify(this.snapshot());
      if (this.storage && this.#dataDir !== null)
        this.storage.setItem(draftsKey(this.#dataDir), text);
    });
  };
}
