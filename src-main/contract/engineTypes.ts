// What the engine reports, as plain JSON-able types (issue #9 items 16, 19): training events,
// evaluation results, a phase's result, budget accounting and the run's environment. They live
// here, below the engine, so that engine/protocol.ts (the worker's message protocol) and the wire
// types (wire.ts) use them without reaching up into engine/train or engine/npas; the engine
// modules that produce them re-export them under their old names.
import type { METHODS } from './config';

/** Methods the engine knows. */
export type Method = (typeof METHODS)[number];

/** Phases of a run: SSN/SuperWeights searches, the main training, coefficient unsharing. */
export type Phase = 'search' | 'main' | 'unsharing';

/** One training step's progress. */
export interface StepEvent {
  type: 'step';
  phase: Phase;
  epoch: number;
  epochs: number;
  step: number;
  steps: number;
  loss: number;
  accuracy: number;
  lr: number;
  imagesPerSecond: number;
  etaSeconds: number;
}

/** Top-1 and top-5 accuracy of one ensemble member, fractions in [0, 1]. */
export interface MemberAccuracy {
  top1: number;
  top5: number;
}

/** Metrics of one evaluation pass. Accuracies are fractions in [0, 1]. */
export interface EvalResult {
  loss: number;
  top1: number;
  top5: number;
  count: number;
  /** Ensembles only: each member's accuracy and the §4.3 diversity (null when undefined). */
  members?: MemberAccuracy[];
  diversity?: number | null;
}

/** One epoch's record; also what `history` holds. */
export interface EpochRecord {
  phase: Phase;
  epoch: number;
  lr: number;
  seconds: number;
  imagesPerSecond: number;
  train: { loss: number; accuracy: number };
  validation: EvalResult | null;
  test: EvalResult | null;
}

/** Events the trainer emits while it runs. */
export type TrainEvent =
  | { type: 'phase'; phase: Phase; message: string }
  | StepEvent
  | ({ type: 'epoch'; epochs: number } & EpochRecord)
  | { type: 'checkpoint'; path: string; epoch: number; step: number }
  | { type: 'log'; level: 'info' | 'warn'; message: string };

/** What one training phase returns. */
export interface TrainResult {
  status: 'completed' | 'stopped';
  history: EpochRecord[];
  /** The epoch with the best validation top-1 (or lowest training loss without validation). */
  best: {
    epoch: number;
    score: number;
    validation: EvalResult | null;
    test: EvalResult | null;
  } | null;
  last: { validation: EvalResult | null; test: EvalResult | null };
  imagesPerSecond: number;
}

/** Per-layer line of the accounting. */
export interface LayerAccount {
  id: number;
  name: string;
  /** Reference (PyTorch) order shape: conv [O, I, kh, kw], dense [O, I]. */
  shape: number[];
  /** Parameters this layer would have unshared (weights + bias). */
  params: number;
  /** Sharing group (SSN) or cluster (SuperWeights); absent for unshared. */
  group?: number;
  /** Method-specific details (templates, offsets, upsampler, coefficients, ...). */
  detail?: Record<string, unknown>;
}

/** Per-group line of the accounting. */
export interface GroupAccount {
  id: number;
  layers: number[];
  /** Trainable numbers in this group's store(s) or bank(s); they count against the budget. */
  storeParams: number;
  detail?: Record<string, unknown>;
}

/**
 * What a model costs. `budgetParams` is what counts against the budget in the method's own
 * accounting (see docs/methods); `trainableParams` is every trainable number, batch norm included.
 */
export interface Accounting {
  method: Method;
  unsharedParams: number;
  /** The budget asked for, in parameters, or null when none was given. */
  requestedBudget: number | null;
  budgetParams: number;
  trainableParams: number;
  layers: LayerAccount[];
  groups: GroupAccount[];
}

/** Environment facts stored with a run. */
export interface RunEnvironment {
  backend: string;
  device: 'gpu' | 'cpu';
  backendWhy: string;
  versions: Record<string, string>;
}

// ---------------------------------------------------------------- sharing description
// How a model shares its parameters (issue #12 item 1), built by engine/npas/sharingDescription
// and shown unchanged by the Budget screen, the Sharing inspector and `npas inspect --json`.

/** What a unit is: an SSN parameter group or a SuperWeights bank; none for unshared models. */
export type SharingUnitKind = 'group' | 'bank';

/** One group (SSN) or bank (SuperWeights). */
export interface SharingUnit {
  /** The group id (SSN) or bank id (SuperWeights), as the engine numbers them. */
  id: number;
  /** How screens name it: 'group 3', 'bank 2 (cluster 1, width level 0)'. */
  label: string;
  /** SuperWeights: the cluster the bank belongs to; null for SSN. */
  cluster: number | null;
  /** SuperWeights: the bank's width level; null for SSN. */
  level: number | null;
  /** Layer ids drawing on the unit, ascending. */
  layers: number[];
  /** Numbers in the store or bank: what counts against the budget. */
  params: number;
  /** Sum of the member layers' unshared parameters. */
  layerParams: number;
  /** The most templates a member layer reads from it (null when none are used). */
  templates: number | null;
}

/** One layer and the units it draws on. */
export interface SharingLayer {
  id: number;
  name: string;
  /** Reference (PyTorch) order weight shape. */
  shape: number[];
  /** Parameters the layer would have unshared. */
  params: number;
  /** Unit ids it draws on: one SSN group, or one SuperWeights bank per width level. */
  units: number[];
  /** SuperWeights cluster (the sharing inspector's column); SSN: its group; null: own weights. */
  cluster: number | null;
  /** Templates it reads (SSN K, SuperWeights summed over its windows); null: none. */
  templates: number | null;
}

export interface SharingDescription {
  method: Method;
  /** null for unshared models (no units). */
  unitKind: SharingUnitKind | null;
  units: SharingUnit[];
  layers: SharingLayer[];
  /** Sum of the units' parameters. */
  unitParams: number;
}
