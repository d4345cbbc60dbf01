// Zod schemas of the AppApi's arguments, checked at every transport's edge before a service
// runs (codebases.md §3.3). They check types and allowed values; the services check meaning
// (a design that cannot be built, a budget below the method's minimum) with typed errors.
import { z } from 'zod';
import {
  BACKEND_CHOICES,
  DATASET_FORMATS,
  METHODS,
  archNameSchema,
  budgetSchema,
  classesMax,
  runConfigSchema,
  within,
} from './config';
import { LIMITS, inputLimitIssue } from './limits';
import { RUN_SORT_COLUMNS, RUN_STATUS_VALUES, THEMES } from './wire';

export const runIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'a run id is 1-64 letters, digits, - or _');
const methodSchema = z.enum(METHODS);
const statusSchema = z.enum(RUN_STATUS_VALUES);

export const settingsPatchSchema = z.strictObject({
  dataDir: z.string().trim().min(1, 'the data folder cannot be empty').optional(),
  backend: z.enum(BACKEND_CHOICES).optional(),
  webgpuAdapter: z.string().trim().max(200).optional(),
  theme: z.enum(THEMES).optional(),
});

// Only upper bounds here: a zero or fractional size is the engine's to report on the Design
// screen (returned, not a 400), while a huge one must not reach the builders at all.
const width = (what: string) =>
  z.number().max(LIMITS.layerWidth, {
    error: (issue) => `${what} ${String(issue.input)} is over the limit of ${LIMITS.layerWidth}`,
  });
const side = (what: string) =>
  z.number().max(LIMITS.inputSide, {
    error: (issue) => `${what} ${String(issue.input)} is over the limit of ${LIMITS.inputSide}`,
  });

const designLayerSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('conv'),
    filters: width('filters'),
    kernel: side('kernel'),
    stride: side('stride').optional(),
    padding: z.union([z.number(), z.literal('same'), z.literal('valid')]).optional(),
    batchNorm: z.boolean().optional(),
    relu: z.boolean().optional(),
  }),
  z.strictObject({ type: z.literal('dense'), units: width('units'), relu: z.boolean().optional() }),
  z.strictObject({
    type: z.enum(['maxPool', 'avgPool']),
    size: side('size'),
    stride: side('stride').optional(),
  }),
  z.strictObject({ type: z.literal('globalAvgPool') }),
  z.strictObject({ type: z.literal('flatten') }),
]);

export const designRequestSchema = z.strictObject({
  arch: archNameSchema,
  design: z
    .strictObject({
      name: z.string().optional(),
      layers: z.array(designLayerSchema).max(LIMITS.designLayers, {
        error: (issue) =>
          `a design of ${(issue.input as unknown[]).length} layers is over the limit of ${LIMITS.designLayers}`,
      }),
    })
    .optional(),
  // Free text while the user types (the engine reports a malformed one), but bounded.
  input: within(z.string(), inputLimitIssue).optional(),
  classes: z.number().max(LIMITS.classes, classesMax).optional(),
});

export const sweepRequestSchema = z.strictObject({
  base: runConfigSchema,
  budgets: z.array(budgetSchema),
  methods: z.array(methodSchema).min(1, 'a sweep needs at least one method'),
  seeds: z.array(z.number().int().nonnegative()).min(1, 'a sweep needs at least one seed'),
  name: z.string().optional(),
});

const oneOrMany = <T extends z.ZodType>(schema: T) => z.union([schema, z.array(schema)]);

export const runListQuerySchema = z.strictObject({
  filter: z
    .strictObject({
      status: oneOrMany(statusSchema).optional(),
      method: oneOrMany(methodSchema).optional(),
      tag: z.string().optional(),
      budgetMin: z.number().optional(),
      budgetMax: z.number().optional(),
      text: z.string().optional(),
      archived: z.boolean().optional(),
      ids: z.array(runIdSchema).optional(),
    })
    .optional(),
  sort: z
    .strictObject({
      column: z.enum(RUN_SORT_COLUMNS),
      direction: z.enum(['asc', 'desc']),
    })
    .optional(),
  page: z
    .strictObject({
      limit: z.number().int().min(1).max(1000),
      offset: z.number().int().nonnegative(),
    })
    .optional(),
});

/** A runs-list query without paging (exports take every matching run). */
export const runExportQuerySchema = runListQuerySchema.omit({ page: true });

export const tagsSchema = z
  .array(
    z.string().trim().min(1, 'a tag cannot be empty').max(64, 'a tag is at most 64 characters'),
  )
  .min(1, 'give at least one tag');

/** Export model request: a format name (checked by the service) and optional members. */
export const modelExportRequestSchema = z.strictObject({
  format: z.string().min(1, 'give an export format'),
  members: z.array(z.number().int().nonnegative()).min(1).optional(),
});

export const stepsOptionSchema = z.strictObject({ steps: z.boolean().optional() });

/** What a run's JSON export holds: everything, its metric history alone, or its config alone. */
export const RUN_JSON_PARTS = ['run', 'history', 'config'] as const;
export const runJsonOptionSchema = z.strictObject({ part: z.enum(RUN_JSON_PARTS).optional() });

export const datasetFormatSchema = z.enum(DATASET_FORMATS);
