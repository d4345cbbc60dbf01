// Wire types of the AppApi: plain JSON shapes (no classes, no branded ids, no typed arrays) that
// cross Electron IPC and the browser mode's HTTP + WebSocket bridge unchanged. The services map
// their own types onto these; the renderer imports only these. What the engine reports is not
// restated: it comes from engineTypes.ts (issue #9 item 19); the store's rows, which carry
// branded ids, are checked against these types in test/unit/contract/wireTypes.test.ts.
import type { BACKEND_CHOICES, DATASET_FORMATS, METHODS, RunConfigInput } from './config';
import type {
  Accounting,
  EpochRecord,
  EvalResult,
  GroupAccount,
  LayerAccount,
  Phase,
  RunEnvironment,
  SharingDescription,
  SharingLayer,
  SharingUnit,
  StepEvent,
} from './engineTypes';
import type { ErrorKind } from './errors';

/** A run's id (a 26-character ULID). */
export type RunIdWire = string;
export type MethodWire = (typeof METHODS)[number];
export type BackendChoiceWire = (typeof BACKEND_CHOICES)[number];
/** A dataset format to import as; 'auto' detects it. */
export type DatasetFormatChoice = (typeof DATASET_FORMATS)[number];
/** The format a dataset was actually read as. */
export type DatasetFormatWire = Exclude<DatasetFormatChoice, 'auto'>;
export type PhaseWire = Phase;

/** Every status a run can have (mirrors the store's state machine). */
export const RUN_STATUS_VALUES = [
  'queued',
  'running',
  'stopping',
  'stopped',
  'interrupted',
  'failed',
  'completed',
] as const;
export type RunStatusWire = (typeof RUN_STATUS_VALUES)[number];

/** Columns the runs list may sort by (the store's allow-list for ORDER BY). */
export const RUN_SORT_COLUMNS = [
  'createdAt',
  'updatedAt',
  'startedAt',
  'finishedAt',
  'name',
  'status',
  'method',
  'arch',
  'dataset',
  'budgetParams',
  'trainableParams',
  'bestValTop1',
  'bestTestTop1',
  'lastValTop1',
  'lastTestTop1',
  'lastLoss',
  'imagesPerSecond',
  'durationSeconds',
  'epochsDone',
] as const;

// ---------------------------------------------------------------- backends, versions, settings

/** One backend's availability, as the engine's ladder probed it. */
export interface BackendProbeWire {
  name: string;
  available: boolean;
  reason: string;
  device: 'gpu' | 'cpu';
}

/** Which backend the engine would use, and why. */
export interface BackendReportWire {
  chosen: string | null;
  why: string;
  probes: BackendProbeWire[];
}

export const THEMES = ['system', 'light', 'dark'] as const;
export type ThemeWire = (typeof THEMES)[number];

/** What the user sets on the Settings screen; persisted as JSON. */
export interface AppSettings {
  /** Absolute path of the data folder (runs database and run files). */
  dataDir: string;
  /** Backend for new runs whose config says 'auto'. */
  backend: BackendChoiceWire;
  /** WebGPU adapter (by name) for new runs on a machine with several GPUs; '' = the default. */
  webgpuAdapter: string;
  theme: ThemeWire;
}

/** The settings plus where they live and whether the data folder is usable. */
export interface SettingsView extends AppSettings {
  /** The folder used when none is chosen. */
  defaultDataDir: string;
  /** The JSON file the settings are saved in. */
  settingsFile: string;
  /** null when the data folder is open; else what is wrong with it (names the folder). */
  dataDirError: string | null;
}

// ---------------------------------------------------------------- designs and accounting

/** A named architecture the Design screen offers. */
export interface ArchitecturePresetWire {
  name: string;
  description: string;
  /** The input shape it is built for by default ('HxWxC'), or null: follows the dataset. */
  defaultInput: string | null;
}

/** A bundled run configuration (resources/presets). */
export interface RunPresetWire {
  name: string;
  config: RunConfigInput;
}

/** One layer of a user design (mirrors engine/arch/design.ts). */
export type DesignLayerWire =
  | {
      type: 'conv';
      filters: number;
      kernel: number;
      stride?: number;
      padding?: number | 'same' | 'valid';
      batchNorm?: boolean;
      relu?: boolean;
    }
  | { type: 'dense'; units: number; relu?: boolean }
  | { type: 'maxPool' | 'avgPool'; size: number; stride?: number }
  | { type: 'globalAvgPool' }
  | { type: 'flatten' };

export type DesignLayerType = DesignLayerWire['type'];

/** A user design: hidden layers; the classifier is appended. */
export interface DesignWire {
  name?: string;
  layers: DesignLayerWire[];
}

/** What describeDesign takes: a preset name, or 'design' with a layer list. */
export interface DesignRequest {
  /** A preset ('wrn-16-4', 'resnet-20', 'mlp', 'cnn', ...) or 'design'. */
  arch: string;
  design?: DesignWire;
  /** 'HxWxC'; defaults as for a run (32x32x3 for WRN/ResNet, else 28x28x1). */
  input?: string;
  /** Default 10. */
  classes?: number;
}

/** One row of the design table. */
export interface DesignRowWire {
  /** Index in the user's layer list; null for preset layers and the appended classifier. */
  index: number | null;
  name: string;
  /** A preset's batch-norm layers get rows of their own (a design folds them into its conv). */
  type: DesignLayerType | 'classifier' | 'batchNorm';
  /** Weight shape in reference order (conv [O, I, k, k], dense [O, I]); null without weights. */
  weightShape: number[] | null;
  /** Output shape: [H, W, C] for a feature map, [features] for a vector. */
  outputShape: number[];
  /** Parameters of this row: weights, bias and its batch norm's γ and β. */
  params: number;
}

export type DesignReport =
  | {
      valid: true;
      arch: string;
      family: string;
      input: string;
      classes: number;
      rows: DesignRowWire[];
      /** Every parameter of the unshared network (layers + batch norm). */
      totalParams: number;
      /** Multiply-accumulates of one forward pass of one image. */
      macs: number;
    }
  | {
      valid: false;
      /** Says what is wrong, naming the layer and value. */
      message: string;
      /** The offending index in the layer list, when one is to blame. */
      layerIndex: number | null;
      kind: ErrorKind;
    };

export type LayerAccountWire = LayerAccount;
export type GroupAccountWire = GroupAccount;

/** The budget ledger: where the parameters go (same as `npas inspect --json`'s accounting). */
export interface AccountingWire extends Accounting {
  warnings?: string[];
}

/** One SSN group or SuperWeights bank of a sharing description (issue #12 item 1). */
export type SharingUnitWire = SharingUnit;
/** One layer of a sharing description and the units it draws on. */
export type SharingLayerDescriptionWire = SharingLayer;
/**
 * How a model shares its parameters, derived once from the method's plan in the engine
 * (`describeSharing`): the Budget screen, the Sharing inspector and `npas inspect --json` all
 * show this and nothing else.
 */
export type SharingDescriptionWire = SharingDescription;

/** `npas inspect --json`, plus the budget regime badge. */
export interface InspectReportWire {
  arch: string;
  input: string;
  classes: number;
  unsharedParams: number;
  budgetParams: number;
  trainableParams: number;
  /** Budget below ('low') or above ('high') the unshared count; null without a budget. */
  regime: 'low' | 'high' | 'equal' | null;
  accounting: AccountingWire;
  sharing: SharingDescriptionWire;
}

// ---------------------------------------------------------------- datasets

/** A dataset the app knows: the bundled sample or an imported folder. */
export interface DatasetInfo {
  /** 'sample' for the bundled one; else a stable id. */
  id: string;
  name: string;
  /** What a run config's dataset.path takes: 'sample' or the folder. */
  path: string;
  format: DatasetFormatWire;
  builtin: boolean;
  trainCount: number;
  testCount: number;
  height: number;
  width: number;
  channels: number;
  classes: number;
  classNames: string[];
  /** ms since the epoch; null for the sample. */
  importedAt: number | null;
  notes: string[];
}

export interface DatasetPreviewImage {
  /** data:image/png;base64,... */
  dataUrl: string;
  label: number;
  className: string;
}

export interface DatasetPreview {
  images: DatasetPreviewImage[];
  /** Training images per class, index = label. */
  classCounts: number[];
}

export interface DatasetImportResult {
  dataset: DatasetInfo;
  preview: DatasetPreview;
}

export type DatasetImportStage = 'reading' | 'preview' | 'saving' | 'done' | 'failed';

/** Pushed while importDataset works; `path` is the argument it was called with. */
export interface DatasetImportProgress {
  path: string;
  stage: DatasetImportStage;
  /** 0..1. */
  fraction: number;
  message: string;
}

// ---------------------------------------------------------------- runs and queue

/** Several budgets × methods × seeds over one base config, queued at once. */
export interface SweepRequest {
  base: RunConfigInput;
  /** Parameter counts or percentages; ignored by 'unshared' (one run per seed). */
  budgets: (number | string)[];
  methods: MethodWire[];
  seeds: number[];
  /** Prefix of the generated run names; default the base config's name or "sweep". */
  name?: string;
}

export type RunSortColumnWire = (typeof RUN_SORT_COLUMNS)[number];

export interface RunFilterWire {
  status?: RunStatusWire | RunStatusWire[];
  method?: MethodWire | MethodWire[];
  tag?: string;
  budgetMin?: number;
  budgetMax?: number;
  /**
   * Case-insensitive substring of name, note, architecture, dataset, method, a tag or a config
   * value, or an exact id.
   */
  text?: string;
  /** true: archived only; false: not archived; absent: both. */
  archived?: boolean;
  ids?: RunIdWire[];
}

export interface RunListQueryWire {
  filter?: RunFilterWire;
  sort?: { column: RunSortColumnWire; direction: 'asc' | 'desc' };
  /** limit 1..1000; default 50 from offset 0. */
  page?: { limit: number; offset: number };
}

/** A runs-table row (no config text). Times are ms since the epoch; accuracies in [0, 1]. */
export interface RunListRowWire {
  id: RunIdWire;
  name: string;
  status: RunStatusWire;
  method: MethodWire;
  arch: string;
  dataset: string;
  budgetRequested: string | null;
  budgetParams: number | null;
  trainableParams: number | null;
  unsharedParams: number | null;
  configSchemaVersion: number;
  seed: number;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  updatedAt: number;
  error: string | null;
  bestValTop1: number | null;
  bestTestTop1: number | null;
  lastValTop1: number | null;
  lastTestTop1: number | null;
  lastLoss: number | null;
  imagesPerSecond: number | null;
  durationSeconds: number | null;
  epochsDone: number;
  phase: string | null;
  note: string;
  archived: 0 | 1;
  tags: string[];
  /** The config's scalar leaves under dotted keys ('training.lr', 'ssn.combiner'). */
  configFields: Record<string, string | number | boolean | null>;
}

export interface RunListPageWire {
  rows: RunListRowWire[];
  /** Runs matching the filter over all pages. */
  total: number;
}

/** A run with its config and environment parsed. */
export type RunViewWire = Omit<RunListRowWire, 'archived' | 'tags' | 'configFields'> & {
  config: Record<string, unknown>;
  environment: Record<string, unknown>;
  archived: boolean;
};

export interface RunFileWire {
  id: number;
  runId: RunIdWire;
  kind: string;
  path: string;
  bytes: number | null;
  createdAt: number;
}

export interface GroupRowWire {
  runId: RunIdWire;
  stage: string;
  layerId: number;
  layerName: string;
  groupId: number;
  detail: Record<string, unknown>;
}

export interface EpochMetricsWire {
  runId: RunIdWire;
  phase: string;
  epoch: number;
  lr: number | null;
  seconds: number | null;
  imagesPerSecond: number | null;
  trainLoss: number | null;
  trainAccuracy: number | null;
  valLoss: number | null;
  valTop1: number | null;
  valTop5: number | null;
  testLoss: number | null;
  testTop1: number | null;
  testTop5: number | null;
}

export interface StepMetricsWire {
  runId: RunIdWire;
  phase: string;
  epoch: number;
  step: number;
  loss: number | null;
  accuracy: number | null;
  lr: number | null;
  imagesPerSecond: number | null;
}

export interface MetricHistoryWire {
  epochs: EpochMetricsWire[];
  /** Empty unless asked for with { steps: true }. */
  steps: StepMetricsWire[];
}

export interface RunDetailsWire {
  run: RunViewWire;
  tags: string[];
  files: RunFileWire[];
  groups: GroupRowWire[];
  metrics: MetricHistoryWire;
}

/** What deleting a run removed. */
export interface RemovedRunWire {
  id: RunIdWire;
  deleted: string[];
  leftovers: { path: string; reason: string }[];
}

/** A queued or running job. */
export interface QueueEntryWire {
  jobId: number;
  runId: RunIdWire;
  kind: 'train' | 'resume';
  status: 'queued' | 'running';
  /** Queue order: lower runs first. */
  position: number;
  name: string;
  method: MethodWire;
  arch: string;
  budgetRequested: string | null;
  runStatus: RunStatusWire;
  createdAt: number;
  /** The latest progress of the running job; null when queued or not yet stepping. */
  progress: RunProgressWire | null;
}

/** A file for the user to save (exports). */
/** A trained network written as a model file under the run's folder (`npas export`). */
export interface ModelExportWire {
  format: string;
  /** Absolute path of the file (or TF.js folder) written. */
  path: string;
  /** Files to offer for download, relative to the run's exports folder. */
  files: string[];
  bytes: number;
  /** Bytes of the compact NPAS form of the same network(s). */
  compactBytes: number;
  materialisedParams: number;
  compactParams: number;
  members: number[];
}

/** `npas eval` of a run: top-1, top-5, loss; ensembles per member too. */
export interface ModelEvaluationWire {
  dataset: string;
  count: number;
  loss: number;
  top1: number;
  top5: number;
  members?: { top1: number; top5: number }[];
  notes: string[];
}

export interface ExportFileWire {
  fileName: string;
  mimeType: string;
  content: string;
}

// ---------------------------------------------------------------- sharing inspector

export interface SharingLayerWire {
  layerId: number;
  layerName: string;
  groupId: number;
  /** Weight shape in reference order. */
  shape: number[];
  /** Parameters the layer would have unshared. */
  params: number;
  /** Templates the layer draws from (SSN), or summed over its bank windows (SuperWeights). */
  templates: number | null;
  detail: Record<string, unknown>;
}

/** Layer → group map of one stage ('search', 'main', 'unsharing:<epoch>', ...). */
export interface SharingStageWire {
  stage: string;
  layers: SharingLayerWire[];
  /** The stage's sharing description, from the layer lines the run saved. */
  sharing: SharingDescriptionWire;
}

/** One coefficient vector from the run's last checkpoint. */
export interface CoefficientWire {
  /** Parameter name in the checkpoint, e.g. 'ssn.layer3.coefficients', 'sw.alpha7'. */
  name: string;
  /** The layer it belongs to (null when shared by several or unknown). */
  layerId: number | null;
  groupId: number | null;
  shape: number[];
  values: number[];
}

export interface SharingReport {
  runId: RunIdWire;
  method: MethodWire;
  stages: SharingStageWire[];
  coefficients: CoefficientWire[];
  /** The checkpoint the coefficients were read from; null when none exists yet. */
  checkpoint: string | null;
  /** What could not be shown and why (no checkpoint yet, unreadable checkpoint...). */
  notes: string[];
}

// ---------------------------------------------------------------- events

/** Latest training position of a running run, pushed once per tick: a step event's fields. */
export interface RunProgressWire extends Omit<StepEvent, 'type'> {
  runId: RunIdWire;
}

/** Where a run trains and why (shown on the live-run screen). */
export type RunEnvironmentWire = RunEnvironment;
export type EvalResultWire = EvalResult;
export type EpochRecordWire = EpochRecord;

/** How a job ended. */
export interface RunFinishedWire {
  runId: RunIdWire;
  status: 'completed' | 'stopped' | 'failed';
  error: { name: string; kind: ErrorKind; message: string } | null;
  /** The best epoch (validation top-1), when training produced one. */
  best: { epoch: number; valTop1: number | null; testTop1: number | null } | null;
  imagesPerSecond: number | null;
}
