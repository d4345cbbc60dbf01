// The Run screen's state: the dataset (bundled sample or an imported folder, with progress and a
// preview), the training settings (defaults from the reference recipe) and Start. The sweep form
// over this config keeps its own state (sweepFormState.svelte.ts).
import { createContext } from 'svelte';
import type {
  BackendChoiceWire,
  DatasetFormatChoice,
  DatasetImportProgress,
  DatasetImportResult,
  DatasetInfo,
  RunConfigInput,
  RunIdWire,
  RunPresetWire,
} from '../../../src-main/contract/appApi';
import type { AppClient } from '../../lib/api';
import { assignDraft, draftOf } from '../../lib/state/draftFields';
import type { BudgetState } from '../budget/budgetState.svelte';
import type { DesignState } from '../design/designState.svelte';
import { parseApiError, type ToastState } from '../../lib/state/toasts.svelte';

export interface TrainingForm {
  epochs: number;
  batchSize: number;
  lr: number;
  momentum: number;
  weightDecay: number;
  schedule: 'step' | 'cosine' | 'constant';
  /** Step schedule: epochs where lr is multiplied by gamma, comma separated. */
  milestones: string;
  gamma: number;
  crop: number;
  flip: boolean;
  cutout: number;
  validationFraction: number;
  /** 0 = whole epochs; a small number makes a quick smoke run. */
  maxStepsPerEpoch: number;
}

/** The reference recipe (ssn.md §6.1) when the bundled preset cannot be read. */
export const REFERENCE_TRAINING: TrainingForm = {
  epochs: 200,
  batchSize: 128,
  lr: 0.1,
  momentum: 0.9,
  weightDecay: 5e-4,
  schedule: 'step',
  milestones: '60,120,160',
  gamma: 0.2,
  crop: 4,
  flip: true,
  cutout: 16,
  validationFraction: 0.1,
  maxStepsPerEpoch: 0,
};

/** A preset's training section as the form's fields (missing fields keep `base`'s). */
export function trainingFormOf(preset: RunPresetWire, base: TrainingForm): TrainingForm {
  const t = (preset.config.training ?? {}) as Record<string, unknown>;
  const schedule = (t.schedule ?? {}) as Record<string, unknown>;
  const augment = (t.augment ?? {}) as Record<string, unknown>;
  const num = (v: unknown, d: number) => (typeof v === 'number' ? v : d);
  return {
    ...base,
    epochs: num(t.epochs, base.epochs),
    batchSize: num(t.batchSize, base.batchSize),
    lr: num(t.lr, base.lr),
    momentum: num(t.momentum, base.momentum),
    weightDecay: num(t.weightDecay, base.weightDecay),
    schedule: (schedule.type as TrainingForm['schedule']) ?? base.schedule,
    milestones: Array.isArray(schedule.milestones)
      ? schedule.milestones.join(',')
      : base.milestones,
    gamma: num(schedule.gamma, base.gamma),
    crop: num(augment.crop, base.crop),
    flip: typeof augment.flip === 'boolean' ? augment.flip : base.flip,
    cutout: num(augment.cutout, base.cutout),
    validationFraction: num(t.validationFraction, base.validationFraction),
  };
}

/** The form as the config's `training` object. */
export function trainingConfigOf(form: TrainingForm): Record<string, unknown> {
  const schedule =
    form.schedule === 'step'
      ? { type: 'step', milestones: parseNumberList(form.milestones), gamma: form.gamma }
      : form.schedule === 'cosine'
        ? { type: 'cosine', minLr: 0 }
        : { type: 'constant' };
  return {
    epochs: form.epochs,
    batchSize: form.batchSize,
    lr: form.lr,
    momentum: form.momentum,
    weightDecay: form.weightDecay,
    schedule,
    augment: { crop: form.crop, flip: form.flip, cutout: form.cutout },
    validationFraction: form.validationFraction,
    maxStepsPerEpoch: form.maxStepsPerEpoch,
  };
}

/** "60, 120,160" → [60, 120, 160]; blanks are skipped. */
export function parseNumberList(text: string): number[] {
  return text
    .split(/[\s,]+/)
    .filter((s) => s.length > 0)
    .map(Number);
}

/**
 * Sweep budgets: "1%, 5%, 20000, 5e4, 50k" → ['1%', '5%', 20000, 50000, 50000]. Throws naming the
 * first item that is neither a count nor a percentage.
 */
export function parseBudgetList(text: string): (number | string)[] {
  const items = text.split(/[\s,;]+/).filter((s) => s.length > 0);
  return items.map((item) => {
    if (/^\d+(\.\d+)?%$/.test(item)) return item;
    const k = /^(\d+(\.\d+)?)([kKmM])$/.exec(item);
    const value = k ? Number(k[1]) * (k[3].toLowerCase() === 'k' ? 1e3 : 1e6) : Number(item);
    if (!Number.isFinite(value) || value <= 0 || !Number.isInteger(Math.round(value))) {
      throw new Error(
        `budget "${item}" is not a parameter count (e.g. 50000, 50k) or a percentage (e.g. 10%)`,
      );
    }
    return Math.round(value);
  });
}

/** The Run screen's fields kept in a draft. */
const RUN_FORM_DRAFT_KEYS = [
  'datasetId',
  'defaultsFrom',
  'training',
  'seed',
  'backend',
  'name',
  'followDataset',
] as const;

export class RunFormState {
  readonly #api: AppClient;
  readonly #design: DesignState;
  readonly #budget: BudgetState;
  readonly #toasts: ToastState | null;
  #datasets = $state.raw<DatasetInfo[]>([]);
  #presets = $state.raw<RunPresetWire[]>([]);
  #preview = $state.raw<DatasetImportResult | null>(null);
  #importing = $state(false);
  #importProgress = $state.raw<DatasetImportProgress | null>(null);
  #importError = $state<string | null>(null);
  #starting = $state(false);
  #startError = $state<string | null>(null);
  /** A stored draft was shown: loading keeps its training fields instead of the preset's. */
  #restored = false;

  datasetId = $state('sample');
  importPath = $state('');
  importFormat = $state<DatasetFormatChoice>('auto');
  /** Which bundled preset the training defaults came from. */
  defaultsFrom = $state('cifar-recipe');
  training = $state<TrainingForm>({ ...REFERENCE_TRAINING });
  seed = $state(0);
  backend = $state<BackendChoiceWire>('auto');
  name = $state('');
  /** Whether choosing a dataset sets the design's input shape and classes. */
  followDataset = $state(true);

  readonly dataset = $derived(this.#datasets.find((d) => d.id === this.datasetId) ?? null);
  /** The full run config: design and budget from their screens, plus this form. */
  readonly config: RunConfigInput;

  constructor(
    api: AppClient,
    design: DesignState,
    budget: BudgetState,
    toasts: ToastState | null = null,
  ) {
    this.#api = api;
    this.#design = design;
    this.#budget = budget;
    this.#toasts = toasts;
    this.config = $derived.by((): RunConfigInput => {
      const ds = this.dataset;
      return {
        ...this.#budget.config,
        ...(this.name.trim() ? { name: this.name.trim() } : {}),
        dataset: { path: ds?.path ?? 'sample', format: ds?.format ?? 'auto' },
        training: trainingConfigOf($state.snapshot(this.training)) as RunConfigInput['training'],
        seed: this.seed,
        backend: this.backend,
      };
    });
  }

  get datasets(): readonly DatasetInfo[] {
    return this.#datasets;
  }
  get presets(): readonly RunPresetWire[] {
    return this.#presets;
  }
  get preview(): DatasetImportResult | null {
    return this.#preview;
  }
  get importing(): boolean {
    return this.#importing;
  }
  get importProgress(): DatasetImportProgress | null {
    return this.#importProgress;
  }
  get importError(): string | null {
    return this.#importError;
  }
  get starting(): boolean {
    return this.#starting;
  }
  get startError(): string | null {
    return this.#startError;
  }

  /** Loads datasets, run presets (the training defaults) and the selected dataset's preview. */
  load = async (): Promise<void> => {
    try {
      const [datasets, presets] = await Promise.all([
        this.#api.listDatasets(),
        this.#api.listRunPresets(),
      ]);
      this.#datasets = datasets;
      this.#presets = presets;
      if (!this.#restored) this.applyDefaults(this.defaultsFrom);
      // A restored dataset that no longer exists falls back to the bundled sample.
      if (!datasets.some((d) => d.id === this.datasetId)) this.datasetId = 'sample';
      await this.selectDataset(this.datasetId);
    } catch (error) {
      this.#toasts?.error(error);
    }
  };

  /** What the Run screen shows, as a draft kept across reloads (screenDrafts.svelte.ts). */
  toDraft = (): Record<string, unknown> => draftOf(this, RUN_FORM_DRAFT_KEYS);

  /** Shows a stored draft (fields of the wrong kind are ignored). */
  fromDraft = (draft: Record<string, unknown>): void => {
    assignDraft(this, draft, RUN_FORM_DRAFT_KEYS);
    this.#restored = true;
  };

  /** Resets the training fields to a bundled preset's (the reference recipe by default). */
  applyDefaults = (presetName: string): void => {
    this.defaultsFrom = presetName;
    const preset = this.#presets.find((p) => p.name === presetName);
    this.training = preset ? trainingFormOf(preset, REFERENCE_TRAINING) : { ...REFERENCE_TRAINING };
  };

  /** Selects a known dataset, shows its preview and (optionally) fits the design to it. */
  selectDataset = async (id: string): Promise<void> => {
    this.datasetId = id;
    const ds = this.dataset;
    if (ds && this.followDataset) {
      this.#design.setShape({
        height: ds.height,
        width: ds.width,
        channels: ds.channels,
        classes: ds.classes,
      });
    }
    try {
      this.#preview = await this.#api.previewDataset(id);
    } catch (error) {
      this.#preview = null;
      this.#toasts?.error(error, 'previewDataset');
    }
  };

  /** Imports the folder in `importPath`; progress arrives as dataset.importProgress events. */
  importDataset = async (): Promise<void> => {
    const path = this.importPath.trim();
    this.#importError = null;
    this.#importing = true;
    this.#importProgress = { path, stage: 'reading', fraction: 0, message: 'starting' };
    const off = this.#api.on('dataset.importProgress', (p) => {
      if (p.path === path) this.#importProgress = p;
    });
    try {
      const result = await this.#api.importDataset(path, this.importFormat);
      this.#datasets = await this.#api.listDatasets();
      this.#preview = result;
      await this.selectDataset(result.dataset.id);
      this.#toasts?.info(`Imported ${result.dataset.name}`);
    } catch (error) {
      // Shown beside the path field: it names the file or format that is wrong.
      this.#importError = parseApiError(error).message;
    } finally {
      off();
      this.#importing = false;
    }
  };

  /** Queues the run; returns its id, or null when the config was refused (error shown). */
  start = async (): Promise<RunIdWire | null> => {
    this.#starting = true;
    this.#startError = null;
    try {
      return await this.#api.startRun(this.config, this.name.trim() || undefined);
    } catch (error) {
      this.#startError = parseApiError(error).message;
      return null;
    } finally {
      this.#starting = false;
    }
  };
}

export const [getRunForm, setRunForm] = createContext<RunFormState>();
