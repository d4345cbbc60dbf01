// The run configuration: one schema-versioned object that says everything a training run needs.
// It is validated at every edge (CLI flags and files, IPC, WebSocket), stored verbatim with the
// run, and is the only input the engine's trainer takes. Defaults live here, in one place,
// following the reference recipe (ssn.md §6.1) where one applies.
import { z } from 'zod';
import { ConfigError } from './errors';
import {
  LIMITS,
  archLimitIssue,
  budgetLimitIssue,
  depthLimitIssue,
  inputLimitIssue,
} from './limits';

export const CONFIG_SCHEMA_VERSION = 1;

export const METHODS = ['unshared', 'ssn', 'superweights'] as const;
export const BACKEND_CHOICES = [
  'auto',
  'node-gpu',
  'webgpu',
  'node',
  'onednn',
  'wasm',
  'cpu',
] as const;
export const DATASET_FORMATS = ['auto', 'idx', 'cifar10', 'cifar100', 'folder'] as const;

/** Refines a schema with one of limits.ts's checks (its message names value and limit). */
export function within<T extends z.ZodType>(
  schema: T,
  issue: (value: z.output<T>) => string | null,
) {
  return schema.superRefine((value, context) => {
    const message = issue(value);
    if (message) context.addIssue({ code: 'custom', message });
  });
}

/** `.max(limit)` with a message naming the value and the limit. */
const atMost = (what: string, limit: number) => ({
  error: (issue: { input?: unknown }) =>
    `${what} ${String(issue.input)} is over the limit of ${limit}`,
});

/** A budget: a parameter count, or a percentage of the unshared count such as "10%". */
export const budgetSchema = within(
  z.union([
    z.number().int().nonnegative(),
    z.string().regex(/^\d+(\.\d+)?%$/, 'a budget is a parameter count or a percentage like "10%"'),
  ]),
  budgetLimitIssue,
);

/** An architecture preset name, with wrn-D-K and resnet-D bounded before anything is built. */
export const archNameSchema = within(z.string().min(1), archLimitIssue);

/** Network input as HxWxC, each side bounded. */
export const inputSchema = within(
  z.string().regex(/^\d+x\d+x\d+$/, 'input is HxWxC, e.g. 32x32x3'),
  inputLimitIssue,
);

/** Upper bound of a class count (the lower one differs: the Design screen reports it itself). */
export const classesMax = atMost('classes', LIMITS.classes);

/** Free-form JSON (a design, method options) nested no deeper than LIMITS.jsonDepth. */
export const nestedSchema = <T extends z.ZodType>(schema: T) => within(schema, depthLimitIssue);

const scheduleSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('step'),
    /** Epochs at which the learning rate is multiplied by `gamma`. */
    milestones: z.array(z.number().int().positive()).default([]),
    gamma: z.number().positive().default(0.2),
  }),
  z.strictObject({ type: z.literal('cosine'), minLr: z.number().nonnegative().default(0) }),
  z.strictObject({ type: z.literal('constant') }),
]);

const augmentSchema = z.strictObject({
  /** Zero padding (pixels) before a random crop back to size; 0 turns cropping off. */
  crop: z.number().int().nonnegative().default(0),
  flip: z.boolean().default(false),
  /** Cutout hole size in pixels, applied after normalisation; 0 turns it off. */
  cutout: z.number().int().nonnegative().default(0),
});

export const trainingSchema = z.strictObject({
  epochs: z
    .number()
    .int()
    .positive()
    .max(LIMITS.epochs, atMost('epochs', LIMITS.epochs))
    .default(3),
  batchSize: z
    .number()
    .int()
    .positive()
    .max(LIMITS.batchSize, atMost('batch size', LIMITS.batchSize))
    .default(128),
  lr: z.number().positive().default(0.1),
  momentum: z.number().min(0).max(1).default(0.9),
  nesterov: z.boolean().default(true),
  weightDecay: z.number().nonnegative().default(5e-4),
  /** Parameter-name substrings weight decay skips (coefficients are always skipped). */
  noDecay: z.array(z.string()).default([]),
  schedule: scheduleSchema.default({ type: 'cosine', minLr: 0 }),
  warmupEpochs: z.number().nonnegative().default(0),
  labelSmoothing: z.number().min(0).max(1).default(0),
  augment: augmentSchema.default({ crop: 0, flip: false, cutout: 0 }),
  /** Fraction of the training set held out for validation (the reference uses 10%). */
  validationFraction: z.number().min(0).max(0.9).default(0.1),
  evalBatchSize: z
    .number()
    .int()
    .positive()
    .max(LIMITS.batchSize, atMost('evaluation batch size', LIMITS.batchSize))
    .default(256),
  /** Stop after this many optimiser steps per epoch (0 = the whole epoch); for smoke tests. */
  maxStepsPerEpoch: z.number().int().nonnegative().default(0),
});

export const datasetSchema = z.strictObject({
  /** 'sample' (bundled Fashion-MNIST subset) or a folder path. */
  path: z.string().min(1).default('sample'),
  format: z.enum(DATASET_FORMATS).default('auto'),
});

export const runConfigSchema = z.strictObject({
  schemaVersion: z.literal(CONFIG_SCHEMA_VERSION).default(CONFIG_SCHEMA_VERSION),
  name: z.string().optional(),
  /** Architecture preset id (`wrn-16-4`, `resnet-20`, `mlp`, `cnn`) or 'design'. */
  arch: archNameSchema.default('cnn'),
  /** A user-edited layer list, used when arch is 'design'. Validated by the engine. */
  design: nestedSchema(z.unknown()).optional(),
  /** Number of classes; defaults to the dataset's. */
  classes: z.number().int().min(2).max(LIMITS.classes, classesMax).optional(),
  /** Network input as HxWxC; defaults to the dataset's shape (or 32x32x3 for WRN/ResNet). */
  input: inputSchema.optional(),
  dataset: datasetSchema.default({ path: 'sample', format: 'auto' }),
  method: z.enum(METHODS).default('unshared'),
  budget: budgetSchema.optional(),
  /** Method options, validated by the method's own module. */
  ssn: nestedSchema(z.record(z.string(), z.unknown())).default({}),
  superweights: nestedSchema(z.record(z.string(), z.unknown())).default({}),
  training: trainingSchema.default(trainingSchema.parse({})),
  seed: z.number().int().nonnegative().default(0),
  backend: z.enum(BACKEND_CHOICES).default('auto'),
  /**
   * The WebGPU adapter to use, by (part of) its name, where a machine has several GPUs: from
   * Settings, else NPAS_WEBGPU_ADAPTER; absent means the high-performance adapter.
   */
  webgpuAdapter: z.string().trim().min(1).max(200).optional(),
});

/** A fully defaulted, validated run configuration. */
export type RunConfig = z.infer<typeof runConfigSchema>;
/** What a user may write: every field optional. */
export type RunConfigInput = z.input<typeof runConfigSchema>;
export type TrainingConfig = RunConfig['training'];

/** Formats zod issues as `path: message` lines. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(config)'}: ${issue.message}`)
    .join('; ');
}

/** Validates and defaults a run configuration, throwing ConfigError naming each bad field. */
export function parseRunConfig(input: unknown, source = 'config'): RunConfig {
  const notObject = input === null || typeof input !== 'object' || Array.isArray(input);
  if (input !== undefined && notObject) {
    throw new ConfigError(
      `${source}: a run configuration is a JSON object, got ${describe(input)}`,
    );
  }
  const result = runConfigSchema.safeParse(input ?? {});
  if (!result.success) throw new ConfigError(`${source}: ${formatIssues(result.error.issues)}`);
  return result.data;
}

/** Names what a value is for a message ("null", "an array", "the number 3"). */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `the ${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`;
}
