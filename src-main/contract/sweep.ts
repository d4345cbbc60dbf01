// Sweeps (issue #14): a grid of run configs (method × budget × seed × ...) over one base config,
// run on the local queue or as one Slurm job array, with every cell's state and result kept in
// the store. Pure types and zod schemas shared by the services, the CLI, the transports and the
// renderer's Sweeps view; nothing here touches Node or Slurm.
import { z } from 'zod';
import { budgetSchema, runConfigSchema, type RunConfigInput } from './config';
import { ConfigError } from './errors';
import type { MethodWire, RunIdWire } from './wire';

/** Where a sweep's cells train: the local job queue, or a Slurm cluster (one job array). */
export const SWEEP_EXECUTORS = ['local', 'slurm'] as const;
export type SweepExecutor = (typeof SWEEP_EXECUTORS)[number];

/**
 * The config fields a grid may vary. `method`, `budget`, `seed` and `arch` are the budget-study
 * axes; the training ones let a sweep vary the recipe. Anything else is refused by name
 * (UnknownGridKeyError) so a typo never silently sweeps nothing.
 */
export const SWEEP_GRID_KEYS = [
  'method',
  'budget',
  'seed',
  'arch',
  'training.lr',
  'training.epochs',
  'training.batchSize',
  'training.weightDecay',
  'training.maxStepsPerEpoch',
] as const;
export type SweepGridKey = (typeof SWEEP_GRID_KEYS)[number];

/** One value of a grid axis: a number or a string ("10%", "ssn", "wrn-16-4"). */
export type SweepGridValue = string | number;

/** One grid axis: a config field and the values it takes, in order. */
export interface SweepAxis {
  key: string;
  values: SweepGridValue[];
}

/** Every state a sweep cell can be in. */
export const SWEEP_CELL_STATES = [
  /** Recorded, waiting in the local queue (or not yet handed to Slurm). */
  'queued',
  /** Submitted to Slurm, waiting for resources (PENDING). */
  'pending',
  'running',
  /** Finished and its result imported into the store. */
  'completed',
  /** Ended with a non-zero exit code (the cell keeps the code and its log's tail). */
  'failed',
  /** Killed by Slurm at its time limit. */
  'timeout',
  'cancelled',
] as const;
export type SweepCellState = (typeof SWEEP_CELL_STATES)[number];

/** States a cell can be resubmitted from. */
export const SWEEP_RESUBMITTABLE_STATES: readonly SweepCellState[] = [
  'failed',
  'cancelled',
  'timeout',
];

/** Slurm submission options; each maps to one `#SBATCH` line. */
export interface SlurmOptions {
  /** `--partition` (absent: the cluster's default partition). */
  partition?: string;
  /** `--time`, e.g. "01:00:00". */
  time?: string;
  /** `--gres`, e.g. "gpu:1". */
  gres?: string;
  /** `--cpus-per-task`. */
  cpus?: number;
  /** `--mem`, e.g. "8G". */
  mem?: string;
  /** Extra lines, each written as `#SBATCH <line>` ("--account=lab", "--qos=short"). */
  extra?: string[];
  /**
   * Folder every node can read and write (network storage) where each cell's run bundle goes:
   * `<sharedDir>/<sweep id>/cell-<n>`. Default: `sweeps/` under the data folder.
   */
  sharedDir?: string;
}

/** A sweep to start: a base config, the grid over it, and where it runs. */
export interface SweepSpec {
  /** Sweep name, also the prefix of the cells' run names (default: the base config's name). */
  name?: string;
  base: RunConfigInput;
  /** Axes, expanded as a cartesian product (the first axis varies slowest). */
  grid: SweepAxis[];
  executor?: SweepExecutor;
  slurm?: SlurmOptions;
}

/** The metrics a Sweeps view plots per cell (null until the cell's run is in the store). */
export interface SweepCellMetricsWire {
  bestValTop1: number | null;
  testTop1: number | null;
  trainableParams: number | null;
  budgetParams: number | null;
  /** The budget the cell asked for ("10%", 20000), as the config said. */
  budgetRequested: string | null;
}

/** One cell of a sweep: its grid values, state and, once finished, its run. */
export interface SweepCellWire {
  /** 0-based position in the grid; also the Slurm array task id. */
  index: number;
  /** The grid value of each axis for this cell, by key. */
  values: Record<string, SweepGridValue>;
  /** "method=ssn budget=10% seed=0". */
  label: string;
  /** The run name the cell's run gets. */
  name: string;
  method: MethodWire;
  seed: number;
  state: SweepCellState;
  /** The store's run for this cell: set at once for local cells, on import for Slurm cells. */
  runId: RunIdWire | null;
  /** Slurm job id of the cell's task (`<array job>_<index>`); null for local cells. */
  slurmJobId: string | null;
  /** Exit code of a failed task. */
  exitCode: number | null;
  /** Last lines of a failed task's log. */
  logTail: string | null;
  /** Where the cell's bundle is written (Slurm) ; null for local cells. */
  bundleDir: string | null;
  /** How many times the cell was (re)submitted. */
  attempts: number;
  metrics: SweepCellMetricsWire | null;
  updatedAt: number;
}

/** Cell counts by state. */
export type SweepCountsWire = Record<SweepCellState, number>;

/** A sweep in a list. */
export interface SweepListEntryWire {
  id: string;
  name: string;
  executor: SweepExecutor;
  createdAt: number;
  axes: SweepAxis[];
  cellCount: number;
  counts: SweepCountsWire;
}

/** A sweep with every cell. */
export interface SweepSummaryWire extends SweepListEntryWire {
  /** The base config as given. */
  base: RunConfigInput;
  slurm: SlurmOptions | null;
  /** Slurm job id of the latest array submission; null for local sweeps. */
  slurmJobId: string | null;
  /** The batch script submitted (Slurm), for the user to read. */
  script: string | null;
  cells: SweepCellWire[];
  /**
   * Why the cells could not be brought up to date just now (e.g. Slurm's commands are not
   * installed where the sweep is viewed); the cells show what was last known. Absent when the
   * refresh worked or none was asked for.
   */
  refreshError?: string;
}

/** What a dry run would start: every cell, validated, and the batch script for Slurm. */
export interface SweepPreviewWire {
  name: string;
  executor: SweepExecutor;
  cells: { index: number; label: string; name: string; values: Record<string, SweepGridValue> }[];
  /** The job-array batch script (Slurm only); the sweep id in it is a placeholder. */
  script: string | null;
}

// ---------------------------------------------------------------- schemas (the transports' edge)

export const sweepIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'a sweep id is 1-64 letters, digits, - or _');

/** Grid keys are checked by the service (UnknownGridKeyError names the key); values here. */
export const sweepAxisSchema = z.strictObject({
  key: z.string().min(1, 'a grid axis needs a key'),
  values: z.array(z.union([z.string(), z.number()])),
});

// One #SBATCH value must stay on its line: a newline would inject another script line.
const sbatchValue = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^\n\r]*$/, 'a Slurm option is one line');

export const slurmOptionsSchema = z.strictObject({
  partition: sbatchValue.optional(),
  time: sbatchValue.optional(),
  gres: sbatchValue.optional(),
  cpus: z.number().int().positive().max(1024).optional(),
  mem: sbatchValue.optional(),
  extra: z.array(sbatchValue).max(50).optional(),
  sharedDir: z.string().trim().min(1).max(4096).optional(),
});

export const sweepSpecSchema = z.strictObject({
  name: z.string().trim().max(200).optional(),
  base: runConfigSchema,
  grid: z.array(sweepAxisSchema).max(SWEEP_GRID_KEYS.length),
  executor: z.enum(SWEEP_EXECUTORS).optional(),
  slurm: slurmOptionsSchema.optional(),
});

/** Cell indexes to act on (cancel, resubmit); absent = every cell in a fitting state. */
export const sweepCellsSchema = z.array(z.number().int().nonnegative()).min(1).optional();

/** A budget grid value, checked with the config's own budget schema. */
export const sweepBudgetValueSchema = budgetSchema;

// ---------------------------------------------------------------- typed errors

/** A grid names a config field sweeps cannot vary (the message names it and the valid keys). */
export class UnknownGridKeyError extends ConfigError {
  readonly key: string;
  constructor(key: string) {
    super(`unknown grid key "${key}"; a grid varies ${SWEEP_GRID_KEYS.join(', ')}`);
    this.key = key;
  }
}

/** A grid axis with no values (it would expand to no cells at all). */
export class EmptyGridAxisError extends ConfigError {
  readonly key: string;
  constructor(key: string) {
    super(`grid key "${key}" has an empty value list; give at least one value`);
    this.key = key;
  }
}

/** One cell of a sweep is invalid; the whole sweep is refused and nothing is submitted. */
export class SweepCellError extends ConfigError {
  readonly cell: number;
  readonly label: string;
  constructor(cell: number, label: string, reason: string, options?: { cause?: unknown }) {
    super(`sweep cell ${cell} (${label}) is invalid, nothing was submitted: ${reason}`, options);
    this.cell = cell;
    this.label = label;
  }
}
