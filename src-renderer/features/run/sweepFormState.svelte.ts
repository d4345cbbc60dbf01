// The Run screen's sweep form (issue #14 item 5): grid axes (methods, budgets, seeds, optionally
// architectures) over the Run screen's config, the executor (local queue or Slurm, with its
// #SBATCH options), a preview of the cells and the batch script, then Start. Fields are checked
// here first so a mistake is said in plain words beside the form; the service checks every cell
// again (a bad cell refuses the whole sweep, and that message is shown in the same place).
import { createContext } from 'svelte';
import type {
  MethodWire,
  RunConfigInput,
  SlurmOptions,
  SweepAxis,
  SweepExecutor,
  SweepPreviewWire,
  SweepSpec,
  SweepSummaryWire,
} from '../../../src-main/contract/appApi';
import type { AppClient } from '../../lib/api';
import { assignDraft, draftOf } from '../../lib/state/draftFields';
import { parseApiError, type ToastState } from '../../lib/state/toasts.svelte';
import { parseBudgetList } from './runFormState.svelte';

/** The Slurm fields as typed (strings, so a half-typed value is shown, not lost). */
export interface SlurmForm {
  partition: string;
  time: string;
  gres: string;
  cpus: string;
  mem: string;
  /** Extra #SBATCH options, one a line ("--account=lab"; a leading "#SBATCH" is dropped). */
  extra: string;
  /** Folder every node reaches, where the cells' run bundles go (blank: the data folder's). */
  sharedDir: string;
}

export const EMPTY_SLURM: SlurmForm = {
  partition: '',
  time: '',
  gres: '',
  cpus: '',
  mem: '',
  extra: '',
  sharedDir: '',
};

/** What the form's fields say, before any service sees them. */
export interface SweepFormFields {
  name: string;
  methods: MethodWire[];
  budgets: string;
  seeds: string;
  /** Architectures to vary, comma separated; blank keeps the design's. */
  archs: string;
  executor: SweepExecutor;
  slurm: SlurmForm;
}

// Slurm's --time forms: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS.
const SLURM_TIME = /^(\d+-\d{1,2}(:\d{1,2}){0,2}|\d+(:\d{1,2}){0,2})$/;
const SLURM_MEM = /^\d+[KMGT]?$/i;
const ONE_WORD = /^[^\s]+$/;

/** "0, 1 2" → [0, 1, 2]; throws naming an item that is not a whole number ≥ 0, or a repeat. */
export function parseSeedList(text: string): number[] {
  const items = text.split(/[\s,;]+/).filter((s) => s.length > 0);
  const seeds: number[] = [];
  for (const item of items) {
    const seed = Number(item);
    if (!/^\d+$/.test(item) || !Number.isSafeInteger(seed)) {
      throw new Error(`Seed "${item}" is not a whole number of 0 or more (e.g. 0, 1, 2).`);
    }
    if (seeds.includes(seed)) throw new Error(`Seed ${seed} is listed twice.`);
    seeds.push(seed);
  }
  return seeds;
}

/** The Slurm fields as the contract's options; throws naming the first field that is wrong. */
export function slurmOptionsOf(form: SlurmForm): SlurmOptions {
  const options: SlurmOptions = {};
  const partition = form.partition.trim();
  if (partition) {
    if (!ONE_WORD.test(partition)) {
      throw new Error(`Partition "${partition}" has a space in it; give one partition name.`);
    }
    options.partition = partition;
  }
  const time = form.time.trim();
  if (time) {
    if (!SLURM_TIME.test(time)) {
      throw new Error(
        `Time limit "${time}" is not a Slurm time: use minutes (30), HH:MM:SS (01:30:00) or D-HH:MM:SS (1-00:00:00).`,
      );
    }
    options.time = time;
  }
  const gres = form.gres.trim();
  if (gres) {
    if (!ONE_WORD.test(gres)) throw new Error(`GRES "${gres}" has a space in it (e.g. gpu:1).`);
    options.gres = gres;
  }
  const cpus = form.cpus.trim();
  if (cpus) {
    const n = Number(cpus);
    if (!/^\d+$/.test(cpus) || n < 1 || n > 1024) {
      throw new Error(`CPUs per task "${cpus}" must be a whole number from 1 to 1024.`);
    }
    options.cpus = n;
  }
  const mem = form.mem.trim();
  if (mem) {
    if (!SLURM_MEM.test(mem)) {
      throw new Error(`Memory "${mem}" is not a Slurm size: a number with K, M, G or T (e.g. 8G).`);
    }
    options.mem = mem;
  }
  const extra = form.extra
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/^#SBATCH\s+/, ''))
    .filter((line) => line.length > 0);
  for (const line of extra) {
    if (!line.startsWith('-')) {
      throw new Error(
        `Extra #SBATCH line "${line}" must be an option starting with - (e.g. --account=lab).`,
      );
    }
  }
  if (extra.length) options.extra = extra;
  const sharedDir = form.sharedDir.trim();
  if (sharedDir) options.sharedDir = sharedDir;
  return options;
}

/**
 * The sweep spec the fields describe over `base` (the Run screen's config), or throws with a
 * plain sentence naming the field. Axes in the order method, arch, budget, seed: the first
 * varies slowest, so one method's cells sit together.
 */
export function sweepSpecOf(fields: SweepFormFields, base: RunConfigInput): SweepSpec {
  if (fields.methods.length === 0) throw new Error('Choose at least one method.');
  const budgets = parseBudgetList(fields.budgets);
  if (budgets.length === 0) throw new Error('Give at least one budget (e.g. 5%, 10%, 50k).');
  const seeds = parseSeedList(fields.seeds);
  if (seeds.length === 0) throw new Error('Give at least one seed (e.g. 0, 1, 2).');
  const archs = fields.archs.split(/[\s,;]+/).filter((s) => s.length > 0);
  const grid: SweepAxis[] = [{ key: 'method', values: [...fields.methods] }];
  if (archs.length) grid.push({ key: 'arch', values: archs });
  grid.push({ key: 'budget', values: budgets }, { key: 'seed', values: seeds });
  const name = fields.name.trim();
  const spec: SweepSpec = {
    ...(name ? { name } : {}),
    base,
    grid,
    executor: fields.executor,
  };
  if (fields.executor === 'slurm') spec.slurm = slurmOptionsOf(fields.slurm);
  return spec;
}

/** How many cells a grid expands to. */
export function cellCount(spec: SweepSpec): number {
  return spec.grid.reduce((n, axis) => n * axis.values.length, 1);
}

/** The fields a reload keeps (the preview and errors are made again from them). */
const SWEEP_FORM_DRAFT_KEYS = [
  'name',
  'methods',
  'budgets',
  'seeds',
  'archs',
  'executor',
  'slurm',
] as const satisfies readonly (keyof SweepFormState)[];

export class SweepFormState {
  readonly #api: AppClient;
  readonly #base: () => RunConfigInput;
  readonly #toasts: ToastState | null;
  #preview = $state.raw<SweepPreviewWire | null>(null);
  #previewOf = $state<string | null>(null);
  #serverError = $state<string | null>(null);
  #errorOf = $state<string | null>(null);
  #busy = $state<'preview' | 'start' | null>(null);

  name = $state('');
  methods = $state<MethodWire[]>(['ssn', 'superweights']);
  budgets = $state('5%, 10%');
  seeds = $state('0');
  archs = $state('');
  executor = $state<SweepExecutor>('local');
  slurm = $state<SlurmForm>({ ...EMPTY_SLURM });

  /** The spec the fields make, or the reason they make none (said beside the form). */
  readonly parsed = $derived.by(
    (): { spec: SweepSpec; error: null } | { spec: null; error: string } => {
      try {
        const fields: SweepFormFields = {
          name: this.name,
          methods: this.methods,
          budgets: this.budgets,
          seeds: this.seeds,
          archs: this.archs,
          executor: this.executor,
          slurm: this.slurm,
        };
        return {
          spec: $state.snapshot(sweepSpecOf(fields, this.#base())) as SweepSpec,
          error: null,
        };
      } catch (error) {
        return { spec: null, error: (error as Error).message };
      }
    },
  );
  readonly #key = $derived(this.parsed.spec ? JSON.stringify(this.parsed.spec) : null);
  /** Cells the current fields expand to (null while they do not parse). */
  readonly count = $derived(this.parsed.spec ? cellCount(this.parsed.spec) : null);

  /** `base` reads the Run screen's config (design, budget, dataset, training) at each change. */
  constructor(api: AppClient, base: () => RunConfigInput, toasts: ToastState | null = null) {
    this.#api = api;
    this.#base = base;
    this.#toasts = toasts;
  }

  /** The fields as a plain draft (kept across reloads with the other screens' drafts). */
  toDraft = (): Record<string, unknown> => draftOf(this, SWEEP_FORM_DRAFT_KEYS);

  /** Shows a stored draft (fields of the wrong kind are ignored). */
  fromDraft = (draft: Record<string, unknown>): void => {
    assignDraft(this, draft, SWEEP_FORM_DRAFT_KEYS);
  };

  /** The preview of the current fields; null once a field changed since it was made. */
  get preview(): SweepPreviewWire | null {
    return this.#previewOf !== null && this.#previewOf === this.#key ? this.#preview : null;
  }
  /** What is wrong: the fields' own problem, else the service's refusal of these fields. */
  get error(): string | null {
    if (this.parsed.error) return this.parsed.error;
    return this.#errorOf === this.#key ? this.#serverError : null;
  }
  get busy(): 'preview' | 'start' | null {
    return this.#busy;
  }
  /** Start is offered once the current fields were previewed without an error. */
  get canStart(): boolean {
    return this.preview !== null && this.#busy === null;
  }

  toggleMethod = (method: MethodWire, on: boolean): void => {
    const rest = this.methods.filter((m) => m !== method);
    this.methods = on ? [...rest, method] : rest;
  };

  /** Asks the service to expand and check every cell (and write the Slurm script); submits nothing. */
  previewSweep = async (): Promise<SweepPreviewWire | null> => {
    const { spec } = this.parsed;
    const key = this.#key;
    if (!spec) return null;
    this.#busy = 'preview';
    try {
      const preview = await this.#api.previewSweep(spec);
      this.#preview = preview;
      this.#previewOf = key;
      this.#serverError = null;
      return preview;
    } catch (error) {
      this.#fail(error, key);
      return null;
    } finally {
      this.#busy = null;
    }
  };

  /** Submits the previewed sweep; returns it, or null when refused (the reason shown in place). */
  start = async (): Promise<SweepSummaryWire | null> => {
    const { spec } = this.parsed;
    const key = this.#key;
    if (!spec || !this.canStart) return null;
    this.#busy = 'start';
    try {
      const sweep = await this.#api.submitSweep(spec);
      this.#previewOf = null;
      this.#toasts?.info(`Started sweep ${sweep.name}: ${sweep.cellCount} cells`);
      return sweep;
    } catch (error) {
      this.#fail(error, key);
      return null;
    } finally {
      this.#busy = null;
    }
  };

  #fail(error: unknown, key: string | null): void {
    this.#serverError = parseApiError(error).message;
    this.#errorOf = key;
    this.#previewOf = null;
  }
}

export const [getSweepForm, setSweepForm] = createContext<SweepFormState>();
