// A trained network rebuilt from its plan and parameters, the one starting point of every export,
// `npas eval` and `npas predict`. The plan (TrainedModelPlan) is the JSON half of the compact NPAS
// form: the run's config, the input and classes the network was built for, the normalisation it
// was trained with, and whatever a search found (SSN groups, SuperWeights sharing, unsharing
// state). The parameters are the budget's own trainable numbers plus batch-norm buffers, named as
// the trainer's checkpoints name them, so a checkpoint and a compact file load the same way.
import type { RunConfig } from '../../contract/config';
import { CheckpointError, ConfigError } from '../../contract/errors';
import type { Architecture, InputShape } from '../arch/types';
import type { Dataset } from '../data/dataset';
import { Model } from '../nn/model';
import type { Trainable } from '../nn/trainable';
import type { SuperWeightsSharing } from '../npas/superweights';
import type { TensorEntry } from '../train/checkpoint';
import { createCoefficientUnsharing } from '../train/coefficientUnsharing';
import {
  architectureFor,
  createModel,
  createSuperWeightsModel,
  modelArchitectures,
} from '../train/setup';
import type { Normalisation } from '../train/evaluate';
import { tf } from '../tf';

export const PLAN_FORMAT = 'npas-model';
export const PLAN_VERSION = 1;

/** Everything besides the numbers that a trained network needs to be rebuilt. */
export interface TrainedModelPlan {
  format: typeof PLAN_FORMAT;
  version: number;
  /** The run it came from (null for a run trained without a data folder). */
  runId: string | null;
  config: RunConfig;
  input: InputShape;
  classes: number;
  classNames: string[];
  /** Per-channel mean and std (0..1 scale) the training data was normalised with. */
  normalisation: Normalisation;
  /** SSN learned groups found by the search, else null. */
  groups: number[] | null;
  /** SuperWeights clusters found by the search, else null. */
  sharing: SuperWeightsSharing | null;
  /** SuperWeights coefficient-unsharing state saved with the checkpoint, else null. */
  unsharing: unknown;
}

/** A rebuilt network: the trainable (Model or ensemble), its members and their architectures. */
export interface TrainedModel {
  plan: TrainedModelPlan;
  /** What evaluation runs (an ensemble predicts with its members' mean softmax). */
  model: Trainable;
  /** One Model per member (a single network has one). */
  members: Model[];
  archs: Architecture[];
  dispose(): void;
}

/** The entries of a checkpoint that describe the network (no optimiser momentum). */
export function networkTensors(tensors: readonly TensorEntry[]): TensorEntry[] {
  return tensors.filter((t) => t.name.startsWith('param:') || t.name.startsWith('buffer:'));
}

/** Rebuilds the network of `plan` and loads `tensors` into it (every parameter must be there). */
export function buildTrainedModel(
  plan: TrainedModelPlan,
  tensors: readonly TensorEntry[],
): TrainedModel {
  const { config } = plan;
  const arch = architectureFor(config, plan.input, plan.classes);
  let model: Trainable;
  let members: Model[];
  let archs: Architecture[];
  if (config.method === 'superweights') {
    const build = createSuperWeightsModel(config, arch, plan.sharing ?? undefined);
    if (plan.unsharing !== undefined && plan.unsharing !== null) {
      // The unsharing hooks only read data when they unshare; restoring needs none.
      const noData = null as unknown as Parameters<typeof createCoefficientUnsharing>[1];
      createCoefficientUnsharing(build, noData, config.training, config.seed).modelState.restore(
        plan.unsharing,
      );
    }
    model = build.model;
    members = build.models;
    archs = build.archs;
  } else {
    model = createModel(config, modelArchitectures(config, arch)[0], plan.groups ?? undefined);
    members = [model as Model];
    archs = [arch];
  }
  try {
    loadTensors(model, tensors);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return { plan, model, members, archs, dispose: () => model.dispose() };
}

function loadTensors(model: Trainable, tensors: readonly TensorEntry[]): void {
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const load = (key: string, variable: tf.Variable) => {
    const entry = byName.get(key);
    if (!entry) throw new CheckpointError(`the saved model has no entry ${key}`);
    if (entry.values.length !== variable.size) {
      throw new CheckpointError(
        `saved entry ${key} has ${entry.values.length} values, the network needs ${variable.size}`,
      );
    }
    tf.tidy(() => variable.assign(tf.tensor(entry.values, variable.shape)));
  };
  for (const p of model.parameters()) load(`param:${p.name}`, p.variable);
  for (const b of model.buffers()) load(`buffer:${b.name}`, b.variable);
}

/** Checks a plan read from a file is one this version understands. */
export function checkPlan(value: unknown, file: string): TrainedModelPlan {
  const plan = value as Partial<TrainedModelPlan> | null;
  if (!plan || plan.format !== PLAN_FORMAT) {
    throw new CheckpointError(`${file}: not a compact NPAS model (no "${PLAN_FORMAT}" plan)`);
  }
  if (plan.version !== PLAN_VERSION) {
    throw new CheckpointError(`${file}: compact model version ${plan.version} is not supported`);
  }
  return plan as TrainedModelPlan;
}

/** The members a subset names, checked against the ensemble's size. */
export function checkMembers(members: readonly number[], count: number): number[] {
  if (members.length === 0) throw new ConfigError('the member subset is empty');
  for (const m of members) {
    if (!Number.isInteger(m) || m < 0 || m >= count) {
      throw new ConfigError(
        `member ${m} is out of range: this network has ${count} member${count === 1 ? '' : 's'} (0–${count - 1})`,
      );
    }
  }
  return [...new Set(members)].sort((a, b) => a - b);
}

/** The classes' names of a dataset, padded with numbers where the network has more classes. */
export function classNamesFor(dataset: Dataset, classes: number): string[] {
  return Array.from({ length: classes }, (_, i) => dataset.classNames[i] ?? String(i));
}
