// The Budget screen's state: the budget (parameters or % of the unshared count), the method and
// its options, and the live ledger (where the parameters go) recomputed through `inspect` as the
// slider moves: debounced, stale answers dropped, never waiting on training.
import { createContext } from 'svelte';
import type {
  InspectReportWire,
  MethodWire,
  RunConfigInput,
  RunListRowWire,
} from '../../../src-main/contract/appApi';
import type { AppClient } from '../../lib/api';
import { assignDraft, draftOf } from '../../lib/state/draftFields';
import type { DesignState } from '../design/designState.svelte';
import { createRequestSequencer, type RequestSequencer } from '../../lib/state/requestSequencer';
import { parseApiError } from '../../lib/state/toasts.svelte';

export type BudgetUnit = 'params' | 'percent';
export type SsnGroupMode = 'single' | 'type' | 'shape' | 'random' | 'learned' | 'manual';

export interface SsnOptions {
  combiner: 'wavg' | 'emb' | 'avg';
  upsampler: 'inter' | 'repeat' | 'mask' | 'wavg' | 'none';
  groups: SsnGroupMode;
  /** Group count for the random and learned modes. */
  groupCount: number;
  /** Store initialisation: the reference's, or resized layers at their own fan-in. */
  init: 'reference' | 'fanIn';
}

export interface SuperWeightsOptions {
  bins: number;
  maxTemplates: number;
  /** Search epochs before main training (0 keeps the depth bins). */
  searchEpochs: number;
  thresholdStart: number;
  thresholdDecrement: number;
  /** Epoch of the coefficient-unsharing test (0: never) and its threshold τc. */
  unshareEpoch: number;
  unshareThreshold: number;
  /** Ensemble members, comma separated ('28x7,28x4' or registry names); empty: one network. */
  members: string;
  /** Let the banks exceed a budget too small for one template each (a warning, not an error). */
  allowOverrun: boolean;
}

/** The method options as the run config's `ssn` object. */
export function ssnConfigOf(options: SsnOptions): Record<string, unknown> {
  const counted = options.groups === 'random' || options.groups === 'learned';
  return {
    combiner: options.combiner,
    upsampler: options.upsampler,
    groups: counted ? `${options.groups}:${options.groupCount}` : options.groups,
    init: options.init,
  };
}

/** The method options as the run config's `superweights` object. */
export function superWeightsConfigOf(options: SuperWeightsOptions): Record<string, unknown> {
  const config: Record<string, unknown> = {
    bins: options.bins,
    maxTemplates: options.maxTemplates,
    search: {
      epochs: options.searchEpochs,
      thresholdStart: options.thresholdStart,
      thresholdDecrement: options.thresholdDecrement,
    },
    unshare: { epoch: options.unshareEpoch, threshold: options.unshareThreshold },
  };
  if (options.members.trim()) config.members = options.members.trim();
  if (options.allowOverrun) config.allowOverrun = true;
  return config;
}

/** Low budget (fewer parameters than the network) or high (extra capacity), or equal. */
export function regimeOf(
  budget: number | null,
  unshared: number | null,
): 'low' | 'high' | 'equal' | null {
  if (budget === null || unshared === null || unshared <= 0) return null;
  if (budget < unshared) return 'low';
  return budget > unshared ? 'high' : 'equal';
}

/** The Budget screen's fields kept in a draft. */
const BUDGET_DRAFT_KEYS = ['method', 'unit', 'value', 'ssn', 'superweights'] as const;

export class BudgetState {
  readonly #api: AppClient;
  readonly #design: DesignState;
  readonly #inspect: RequestSequencer<RunConfigInput>;
  #report = $state.raw<InspectReportWire | null>(null);
  #error = $state<string | null>(null);
  #busy = $state(false);

  method = $state<MethodWire>('ssn');
  unit = $state<BudgetUnit>('percent');
  /** The budget in `unit`s; null: the method's default (no explicit budget). */
  value = $state<number | null>(10);
  ssn = $state<SsnOptions>({
    combiner: 'wavg',
    upsampler: 'inter',
    groups: 'single',
    groupCount: 4,
    init: 'reference',
  });
  superweights = $state<SuperWeightsOptions>({
    bins: 4,
    maxTemplates: 8,
    searchEpochs: 0,
    thresholdStart: 0.1,
    thresholdDecrement: 0.05,
    unshareEpoch: 0,
    unshareThreshold: 0.9,
    members: '',
    allowOverrun: false,
  });

  /** The unshared parameter count of the design (from the ledger, else the design report). */
  readonly unsharedParams: number | null;
  /** The config the ledger (and a run) is built from: design, method, options and budget. */
  readonly config: RunConfigInput;
  /** The budget in parameters (null: method default, or the unshared count still unknown). */
  readonly budgetParams = $derived.by((): number | null => {
    if (this.value === null) return null;
    if (this.unit === 'params') return Math.round(this.value);
    return this.unsharedParams === null
      ? null
      : Math.round((this.value / 100) * this.unsharedParams);
  });
  readonly regime = $derived.by(() => regimeOf(this.budgetParams, this.unsharedParams));
  /** What is wrong with the typed budget, in plain words (checked here, before any request). */
  readonly fieldError = $derived.by((): string | null => {
    if (this.method === 'unshared' || this.value === null) return null;
    if (!Number.isFinite(this.value) || this.value <= 0) {
      return this.unit === 'percent'
        ? 'The budget must be above 0%: enter a percentage of the network, e.g. 10.'
        : 'The budget must be above 0 parameters: enter a count, e.g. 50000.';
    }
    return null;
  });
  /** The engine advised allowing a SuperWeights overrun: the screen offers that switch. */
  readonly overrunAdvised = $derived(
    this.method === 'superweights' && /allow the overrun/.test(this.#error ?? ''),
  );
  /** Slider range: a thousandth of the network to four times it. */
  readonly sliderMin = $derived.by(() =>
    Math.max(10, Math.floor((this.unsharedParams ?? 10_000) / 1000)),
  );
  readonly sliderMax = $derived.by(() => Math.max(100, (this.unsharedParams ?? 10_000) * 4));

  // Ledger totals, derived from the latest report.
  /** Groups or banks and each layer's units: the engine's one sharing description. */
  readonly sharing = $derived(this.#report?.sharing ?? null);
  readonly ledgerBudget = $derived(this.#report?.budgetParams ?? null);
  readonly ledgerTrainable = $derived(this.#report?.trainableParams ?? null);
  /** Trainable numbers outside the budget (batch norm, coefficients, classifier...). */
  readonly ledgerOverhead = $derived(
    this.#report ? this.#report.trainableParams - this.#report.budgetParams : null,
  );
  /** Budget as a fraction of the unshared network, per the ledger. */
  readonly ledgerRatio = $derived(
    this.#report && this.#report.unsharedParams > 0
      ? this.#report.budgetParams / this.#report.unsharedParams
      : null,
  );

  constructor(api: AppClient, design: DesignState, options: { delayMs?: number } = {}) {
    this.#api = api;
    this.#design = design;
    this.unsharedParams = $derived(this.#report?.unsharedParams ?? this.#design.totalParams);
    this.config = $derived.by((): RunConfigInput => {
      const req = this.#design.request;
      const config: RunConfigInput = {
        arch: req.arch,
        input: req.input,
        classes: req.classes,
        method: this.method,
      };
      if (req.design) config.design = req.design;
      if (this.method !== 'unshared' && this.value !== null) {
        config.budget =
          this.unit === 'percent' ? `${Number(this.value.toFixed(3))}%` : Math.round(this.value);
      }
      if (this.method === 'ssn') config.ssn = ssnConfigOf($state.snapshot(this.ssn));
      if (this.method === 'superweights') {
        config.superweights = superWeightsConfigOf($state.snapshot(this.superweights));
      }
      return config;
    });
    this.#inspect = createRequestSequencer<RunConfigInput, InspectReportWire>(
      {
        request: (config) => this.#api.inspect(config),
        onResult: (report) => {
          this.#report = report;
          this.#error = null;
        },
        // Shown in place: a budget below the method's minimum is an answer, not a crash. The
        // previous ledger is dropped: it described another budget or method.
        onError: (error) => {
          this.#error = parseApiError(error).message;
          this.#report = null;
        },
        onBusy: (busy) => (this.#busy = busy),
      },
      options.delayMs ?? 50,
    );
  }

  get report(): InspectReportWire | null {
    return this.#report;
  }
  /** Why the current budget/method cannot be built: the typed value, else the engine's answer. */
  get error(): string | null {
    return this.fieldError ?? this.#error;
  }
  get busy(): boolean {
    return this.#busy;
  }
  get inspectCalls(): number {
    return this.#inspect.sent;
  }

  /** Recomputes the ledger whenever the config changes; call in a component or $effect.root. */
  track = (): void => {
    $effect(() => {
      // An invalid design has no ledger; the Design screen says why.
      if (this.#design.error) return;
      // An invalid budget is said in place, and the ledger of another budget is not shown.
      if (this.fieldError) {
        this.#inspect.cancel();
        this.#report = null;
        return;
      }
      this.#inspect.schedule(this.config);
    });
    $effect(() => () => this.#inspect.cancel());
  };

  /** Finished runs of `arch`, for the accuracy-vs-budget points under the slider. */
  pastRuns = async (arch: string): Promise<RunListRowWire[]> => {
    const page = await this.#api.listRuns({
      filter: { text: arch, status: 'completed' },
      page: { limit: 1000, offset: 0 },
    });
    return page.rows;
  };

  /** What the Budget screen shows, as a draft kept across reloads (screenDrafts.svelte.ts). */
  toDraft = (): Record<string, unknown> => draftOf(this, BUDGET_DRAFT_KEYS);

  /** Shows a stored draft (fields of the wrong kind are ignored; a null budget is the default). */
  fromDraft = (draft: Record<string, unknown>): void => {
    assignDraft(this, draft, BUDGET_DRAFT_KEYS);
    if (draft.value === null) this.value = null;
  };

  /** Sets the budget from a parameter count (the slider), keeping the current unit. */
  setParams = (params: number): void => {
    if (this.unit === 'params' || !this.unsharedParams) {
      this.unit = 'params';
      this.value = Math.round(params);
    } else {
      this.value = Number(((params / this.unsharedParams) * 100).toFixed(3));
    }
  };

  /** Switches unit, converting the current value so the budget stays the same. */
  setUnit = (unit: BudgetUnit): void => {
    if (unit === this.unit) return;
    const params = this.budgetParams;
    this.unit = unit;
    if (params === null || !this.unsharedParams) return;
    this.value =
      unit === 'params' ? params : Number(((params / this.unsharedParams) * 100).toFixed(3));
  };
}

export const [getBudget, setBudget] = createContext<BudgetState>();
