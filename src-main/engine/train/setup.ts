// Turns a validated run configuration into what the trainer needs: the dataset (loaded, adapted
// to the network's input, split into train/validation), the architecture, the resolved budget
// and a model whose weights come from the chosen method's provider. Also the tensor-free
// accounting `npas inspect` and the UI ledger use, re-exported from the tensor-free accounting.ts.
import type { RunConfig } from '../../contract/config';
import { ConfigError } from '../../contract/errors';
import { missingCase } from '../../contract/assert';
import { parseInputShape } from '../arch/registry';
import type { Architecture } from '../arch/types';
import { loadDataset } from '../data/loadDataset';
import { adaptInput } from '../data/adaptInput';
import { channelStats } from '../data/channelStats';
import { splitTrainValidation } from '../data/splitTrainValidation';
import type { Dataset } from '../data/dataset';
import { Model } from '../nn/model';
import { createUnsharedProvider } from '../npas/unshared';
import {
  createSearchProvider,
  createSsnProvider,
  type SsnConfig,
  type SsnProvider,
} from '../npas/ssn';
import type { SuperWeightsSharing } from '../npas/superweights';
import { createRng } from '../random';
import type { Trainable } from '../nn/trainable';
import {
  architectureFor,
  budgetFor,
  defaultInput,
  modelArchitectures,
  ssnFor,
  superWeightsFor,
} from './accounting';
import { buildSuperWeightsModel, type SuperWeightsBuild } from './superWeightsModel';
import type { TrainerData } from './trainer';

export {
  accountingFor,
  architectureFor,
  budgetFor,
  modelArchitectures,
  needsSsnSearch,
  needsSuperWeightsSearch,
  shapeWithoutData,
  superWeightsFor,
} from './accounting';

/**
 * The seed of the main phase after a search: the reference builds fresh models with a new random
 * initialisation (superweights.md §2.1 step 4), so the main phase must not reuse the search's.
 */
export function mainPhaseSeed(seed: number): number {
  return createRng(seed)
    .fork('superweights:main')
    .int(2 ** 31);
}

/**
 * The SuperWeights model of a run: depth bins and the configured coefficients, or, with the
 * `sharing` a search found, its clusters with per-layer coefficients and a fresh seed.
 */
export function createSuperWeightsModel(
  config: RunConfig,
  arch: Architecture,
  sharing?: SuperWeightsSharing,
): SuperWeightsBuild {
  const settings = superWeightsFor(config, arch);
  const archs = modelArchitectures(config, arch);
  if (!sharing) return buildSuperWeightsModel(archs, settings, config.seed);
  const main = { ...settings, coefficients: 'perLayer' as const };
  return buildSuperWeightsModel(archs, main, mainPhaseSeed(config.seed), { sharing });
}

/** The SSN settings and search model of a learned-groups run. */
export function createSsnSearchModel(
  config: RunConfig,
  arch: Architecture,
): { settings: SsnConfig; model: Model; provider: SsnProvider } {
  const settings = ssnFor(config, arch);
  const provider = createSearchProvider(arch, settings, config.seed);
  return { settings, model: new Model(arch, provider), provider };
}

/**
 * A trainable model for the config's method. `groups` replaces SSN's learned groups once the
 * search has found them.
 */
export function createModel(config: RunConfig, arch: Architecture, groups?: number[]): Trainable {
  switch (config.method) {
    case 'unshared':
      return new Model(arch, createUnsharedProvider(arch, { seed: config.seed }));
    case 'ssn':
      return new Model(arch, createSsnProvider(arch, ssnFor(config, arch, groups), config.seed));
    case 'superweights':
      return createSuperWeightsModel(config, arch).model;
    default:
      return missingCase(config.method);
  }
}

/** Everything a training run needs besides the trainer's own settings. */
export interface PreparedRun {
  arch: Architecture;
  data: TrainerData;
  budget: number | null;
  /** Things the user should be told (input adaptation, dataset notes). */
  notes: string[];
}

/** Loads and adapts the dataset, splits it, and builds the architecture. */
export async function prepareRun(config: RunConfig): Promise<PreparedRun> {
  const loaded = await loadDataset(config.dataset.path, { format: config.dataset.format });
  const notes = [...loaded.notes];
  const input = config.input
    ? parseInputShape(config.input)
    : (defaultInput(config.arch) ?? {
        height: loaded.train.height,
        width: loaded.train.width,
        channels: loaded.train.channels,
      });
  const adapt = (ds: Dataset) => {
    const { dataset, note } = adaptInput(ds, input);
    if (note && !notes.includes(note)) notes.push(note);
    return dataset;
  };
  const fullTrain = adapt(loaded.train);
  const test = loaded.test ? adapt(loaded.test) : null;
  const classes = config.classes ?? loaded.train.classes;
  if (classes < loaded.train.classes) {
    throw new ConfigError(`classes ${classes} is fewer than the dataset's ${loaded.train.classes}`);
  }
  const { train, validation } = splitTrainValidation(
    fullTrain,
    config.training.validationFraction,
    config.seed,
  );
  const arch = modelArchitectures(config, architectureFor(config, input, classes))[0];
  const stats = channelStats(train);
  return {
    arch,
    budget: budgetFor(config, arch),
    data: { train, validation: validation.count > 0 ? validation : null, test, norm: stats },
    notes,
  };
}
