// The one contract between the UI and the main process. Every transport (Electron IPC, the
// browser mode's HTTP + WebSocket bridge) registers exactly APP_API_METHODS and nothing else;
// arguments are validated at the edge with the schemas in APP_API_ARGS. Wire types live in
// wire.ts and events in events.ts; both are re-exported here so the UI imports one module.
import { MAX_NOTE_CHARS } from './noteLimit';
import { z } from 'zod';
import type { RunConfigInput } from './config';
import { runConfigSchema } from './config';
import type { WireError } from './errors';
import type { AppEventListener, AppEventName } from './events';
import { sweepCellsSchema, sweepIdSchema, sweepSpecSchema } from './sweep';
import type { SweepListEntryWire, SweepPreviewWire, SweepSpec, SweepSummaryWire } from './sweep';
import {
  datasetFormatSchema,
  designRequestSchema,
  modelExportRequestSchema,
  runExportQuerySchema,
  RUN_JSON_PARTS,
  runIdSchema,
  runJsonOptionSchema,
  runListQuerySchema,
  settingsPatchSchema,
  stepsOptionSchema,
  sweepRequestSchema,
  tagsSchema,
} from './apiSchemas';
import type {
  AppSettings,
  ArchitecturePresetWire,
  BackendReportWire,
  DatasetFormatChoice,
  DatasetImportResult,
  DatasetInfo,
  DesignReport,
  DesignRequest,
  ExportFileWire,
  InspectReportWire,
  ModelEvaluationWire,
  ModelExportWire,
  QueueEntryWire,
  RemovedRunWire,
  RunDetailsWire,
  RunIdWire,
  RunListPageWire,
  RunListQueryWire,
  RunPresetWire,
  RunStatusWire,
  SettingsView,
  SharingReport,
  SweepRequest,
} from './wire';

export type * from './wire';
export type { RunConfig, RunConfigInput } from './config';
export { RUN_STATUS_VALUES, THEMES } from './wire';
export { RUN_JSON_PARTS } from './apiSchemas';
/** What a run's JSON export holds (see exportRunJson). */
export type RunJsonPart = (typeof RUN_JSON_PARTS)[number];
export type * from './events';
export type * from './sweep';
export {
  SWEEP_CELL_STATES,
  SWEEP_EXECUTORS,
  SWEEP_GRID_KEYS,
  SWEEP_RESUBMITTABLE_STATES,
} from './sweep';
export { APP_EVENT_NAMES, isAppEventName } from './events';

/** Methods the UI may call. Each returns a promise of a plain, serialisable value. */
export interface AppApi {
  // -- environment and settings
  /** Probes the compute backends (tfjs-node-gpu, webgpu, tfjs-node, wasm, cpu). */
  getBackendReport(): Promise<BackendReportWire>;
  /** Versions of the app and its runtime, for the About box and bug reports. */
  getVersions(): Promise<Record<string, string>>;
  getSettings(): Promise<SettingsView>;
  /**
   * Changes settings. A new data folder is opened (created if needed) and checked writable
   * before it is saved; an unusable one fails with an error naming it and nothing changes.
   * Refused while a run trains.
   */
  updateSettings(patch: Partial<AppSettings>): Promise<SettingsView>;

  // -- design and budget
  listArchitecturePresets(): Promise<ArchitecturePresetWire[]>;
  /** The bundled run configurations (quickstart, the reference recipe, ...). */
  listRunPresets(): Promise<RunPresetWire[]>;
  /** Layer list with shapes and parameter counts, or what is invalid (never throws for that). */
  describeDesign(request: DesignRequest): Promise<DesignReport>;
  /** The budget ledger of a config, without training (`npas inspect --json`). */
  inspect(config: RunConfigInput): Promise<InspectReportWire>;

  // -- datasets
  listDatasets(): Promise<DatasetInfo[]>;
  /** Reads a dataset folder (validating it), registers it and returns a preview. */
  importDataset(path: string, format?: DatasetFormatChoice): Promise<DatasetImportResult>;
  /** Info and preview of a known dataset ('sample' or an imported id). */
  previewDataset(id: string): Promise<DatasetImportResult>;

  // -- jobs
  /** Validates and queues one run; returns its id. */
  startRun(config: RunConfigInput, name?: string): Promise<RunIdWire>;
  /** Queues budgets × methods × seeds; all configs are checked before any is queued. */
  startSweep(request: SweepRequest): Promise<RunIdWire[]>;
  /** Stops a running run (it checkpoints) or cancels a queued one; returns its status now. */
  stopRun(runId: RunIdWire): Promise<RunStatusWire>;
  /** Queues a stopped, interrupted or failed run to continue from its checkpoint. */
  resumeRun(runId: RunIdWire): Promise<void>;
  /** Removes a queued run from the queue (it becomes stopped, resumable). */
  cancelRun(runId: RunIdWire): Promise<void>;
  /** Queued and running jobs in queue order. */
  listQueue(): Promise<QueueEntryWire[]>;

  // -- sweeps (issue #14): grids run on the local queue or as a Slurm job array
  /** Every recorded sweep, newest first, with cell counts by state. */
  listSweeps(): Promise<SweepListEntryWire[]>;
  /**
   * One sweep with every cell. For a Slurm sweep this first asks Slurm (sacct/squeue) for each
   * task's state and imports the bundles of finished tasks, so results fill in as they land.
   */
  getSweep(sweepId: string): Promise<SweepSummaryWire>;
  /**
   * Expands the grid, validates every cell (one bad cell refuses the whole sweep, naming it),
   * records the sweep and submits it to its executor (local queue or one Slurm job array).
   */
  submitSweep(spec: SweepSpec): Promise<SweepSummaryWire>;
  /** A dry run: the validated cells and, for Slurm, the batch script; submits nothing. */
  previewSweep(spec: SweepSpec): Promise<SweepPreviewWire>;
  /** Cancels cells (all unfinished ones when `cells` is absent): scancel, or the local queue. */
  cancelSweepCells(sweepId: string, cells?: number[]): Promise<SweepSummaryWire>;
  /** Resubmits failed, cancelled or timed-out cells; each resumes from its last checkpoint. */
  resubmitSweepCells(sweepId: string, cells?: number[]): Promise<SweepSummaryWire>;

  // -- runs
  listRuns(query?: RunListQueryWire): Promise<RunListPageWire>;
  /** Every tag in use with its run count. */
  listTags(): Promise<{ tag: string; runs: number }[]>;
  getRun(runId: RunIdWire, options?: { steps?: boolean }): Promise<RunDetailsWire>;
  getSharing(runId: RunIdWire): Promise<SharingReport>;
  /** Adds tags; returns the run's tags after. */
  tagRun(runId: RunIdWire, tags: string[]): Promise<string[]>;
  /** Removes tags; returns the run's tags after. */
  untagRun(runId: RunIdWire, tags: string[]): Promise<string[]>;
  setRunNote(runId: RunIdWire, markdown: string): Promise<void>;
  renameRun(runId: RunIdWire, name: string): Promise<void>;
  archiveRun(runId: RunIdWire): Promise<void>;
  unarchiveRun(runId: RunIdWire): Promise<void>;
  /** Deletes a run, its rows and its files (refused while it trains). */
  deleteRun(runId: RunIdWire): Promise<RemovedRunWire>;
  /** The runs table (every run matching the filter and sort) as CSV. */
  exportRunsCsv(query?: Omit<RunListQueryWire, 'page'>): Promise<ExportFileWire>;
  /**
   * One run with config, metrics (steps included) and groups, as a JSON file; with part
   * 'history' its epochs and steps alone, with part 'config' its config alone.
   */
  exportRunJson(runId: RunIdWire, options?: { part?: RunJsonPart }): Promise<ExportFileWire>;
  /** One run's per-epoch (or, with steps, per-step) metrics as CSV. */
  exportMetricsCsv(runId: RunIdWire, options?: { steps?: boolean }): Promise<ExportFileWire>;

  // -- models out
  /** Materialises the run's network and writes it (onnx, safetensors, tfjs, npas) under its folder. */
  exportModel(
    runId: RunIdWire,
    request: { format: string; members?: number[] },
  ): Promise<ModelExportWire>;
  /** Evaluates the run's network on its test split. */
  evaluateRun(runId: RunIdWire): Promise<ModelEvaluationWire>;
}

export type AppMethod = keyof AppApi;

export { APP_API_METHODS, APP_API_COMPLETE, isAppMethod } from './methods';

const none = z.tuple([]);
const byId = z.tuple([runIdSchema]);

/** Argument schemas (a tuple per method), checked before any service runs. */
export const APP_API_ARGS = {
  getBackendReport: none,
  getVersions: none,
  getSettings: none,
  updateSettings: z.tuple([settingsPatchSchema]),
  listArchitecturePresets: none,
  listRunPresets: none,
  describeDesign: z.tuple([designRequestSchema]),
  inspect: z.tuple([runConfigSchema]),
  listDatasets: none,
  importDataset: z.tuple([
    z.string().trim().min(1, 'give a dataset folder'),
    datasetFormatSchema.optional(),
  ]),
  previewDataset: z.tuple([z.string().min(1)]),
  startRun: z.tuple([runConfigSchema, z.string().optional()]),
  startSweep: z.tuple([sweepRequestSchema]),
  stopRun: byId,
  resumeRun: byId,
  cancelRun: byId,
  listQueue: none,
  listSweeps: none,
  getSweep: z.tuple([sweepIdSchema]),
  submitSweep: z.tuple([sweepSpecSchema]),
  previewSweep: z.tuple([sweepSpecSchema]),
  cancelSweepCells: z.tuple([sweepIdSchema, sweepCellsSchema]),
  resubmitSweepCells: z.tuple([sweepIdSchema, sweepCellsSchema]),
  listRuns: z.tuple([runListQuerySchema.optional()]),
  listTags: none,
  getRun: z.tuple([runIdSchema, stepsOptionSchema.optional()]),
  getSharing: byId,
  tagRun: z.tuple([runIdSchema, tagsSchema]),
  untagRun: z.tuple([runIdSchema, tagsSchema]),
  setRunNote: z.tuple([
    runIdSchema,
    z
      .string()
      .max(
        MAX_NOTE_CHARS,
        `a note is at most ${MAX_NOTE_CHARS.toLocaleString('en-US')} characters`,
      ),
  ]),
  renameRun: z.tuple([runIdSchema, z.string().trim().min(1, 'a name cannot be empty').max(200)]),
  archiveRun: byId,
  unarchiveRun: byId,
  deleteRun: byId,
  exportRunsCsv: z.tuple([runExportQuerySchema.optional()]),
  exportRunJson: z.tuple([runIdSchema, runJsonOptionSchema.optional()]),
  exportMetricsCsv: z.tuple([runIdSchema, stepsOptionSchema.optional()]),
  exportModel: z.tuple([runIdSchema, modelExportRequestSchema]),
  evaluateRun: byId,
} satisfies Record<AppMethod, z.ZodType>;

/**
 * Compile-time check that what each schema produces is what the method takes, so a validated
 * call can be passed straight to the service.
 */
type ArgsMismatch = {
  [K in AppMethod]: z.output<(typeof APP_API_ARGS)[K]> extends Parameters<AppApi[K]> ? never : K;
}[AppMethod];
export const APP_API_ARGS_MATCH: ArgsMismatch extends never ? true : ArgsMismatch = true;

/** What a transport returns for a call: a value or a serialised error. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: WireError };

/** What the renderer holds: the methods plus event subscription (`on` returns unsubscribe). */
export type AppClient = AppApi & {
  on<K extends AppEventName>(name: K, listener: AppEventListener<K>): () => void;
};

/** A method's resolved return value. */
export type AppResult<K extends AppMethod> = Awaited<ReturnType<AppApi[K]>>;
