// Turns a validated run configuration into what the trainer needs: the dataset (loaded, adapted
// to the network's input, split into train/validation), the architecture, the resolved budget
// and a model whose weights come from the chosen method's provider. Also the tensor-free
// accounting `npas inspect` and the UI ledger use.
import type { RunConfig } from '../../contract/config';
import { ConfigError } from '../../contract/errors';
import { missingCase } from '../../contract/assert';
import { buildArchitecture, parseInputShape } from '../arch/registry';
import { buildDesign, type DesignSpec } from '../arch/design';
import { unsharedParams, type Architecture, type InputShape } from '../arch/types';
import { loadDataset } from '../data/loadDataset';
import { adaptInput } from '../data/adaptInput';
import { channelStats } from '../data/channelStats';
import { splitTrainValidation } from '../data/splitTrainValidation';
import type { Dataset } from '../data/dataset';
import { Model } from '../nn/model';
import { resolveBudget } from '../npas/budget';
import type { Accounting } from '../npas/provider';
import { createUnsharedProvider, unsharedAccounting } from '../npas/unshared';
import {
  createSearchProvider,
  createSsnProvider,
  searchAccounting,
  ssnAccounting,
  validateSsnConfig,
  type SsnConfig,
  type SsnProvider,
} from '../npas/ssn';
import {
  superWeightsAccounting,
  validateSuperWeightsConfig,
  type SuperWeightsConfig,
  type SuperWeightsSharing,
} from '../npas/superweights';
import { createRng } from '../random';
import type { Trainable } from '../nn/trainable';
import { ssnSettings, superWeightsSettings } from './methods';
import { buildSuperWeightsModel, type SuperWeightsBuild } from './superWeightsModel';
import type { TrainerData } from './trainer';

/** Networks designed for CIFAR take 32×32×3 unless told otherwise; the rest follow the data. */
function defaultInput(arch: string): InputShape | null {
  return /^(wrn|resnet)-/.test(arch) ? { height: 32, width: 32, channels: 3 } : null;
}

/** Builds the architecture a config names, for a known input shape and class count. */
export function architectureFor(
  config: RunConfig,
  input: InputShape,
  classes: number,
): Architecture {
  if (config.arch === 'design') {
    if (!config.design) throw new ConfigError('arch "design" needs a design (a layer list)');
    return buildDesign({ ...(config.design as DesignSpec), input, classes });
  }
  return buildArchitecture(config.arch, { classes, input });
}

/** Input and classes for accounting without a dataset (inspect, the UI ledger). */
export function shapeWithoutData(config: RunConfig): { input: InputShape; classes: number } {
  const input = config.input
    ? parseInputShape(config.input)
    : (defaultInput(config.arch) ?? { height: 28, width: 28, channels: 1 });
  return { input, classes: config.classes ?? 10 };
}

/** The resolved budget in parameters (null: the method's default). */
export function budgetFor(config: RunConfig, arch: Architecture): number | null {
  return resolveBudget(config.budget, unsharedParams(arch));
}

/** The architectures a config trains: the ensemble members for SuperWeights, else the one. */
export function modelArchitectures(config: RunConfig, arch: Architecture): Architecture[] {
  if (config.method !== 'superweights') return [arch];
  const { members } = superWeightsSettings(config, null);
  if (members.length === 0) return [arch];
  return members.map((name) =>
    buildArchitecture(name, { classes: arch.classes, input: arch.input }),
  );
}

/** Validated method settings for a run (typed errors name the offending value). */
function ssnFor(config: RunConfig, arch: Architecture, groups?: number[]): SsnConfig {
  const settings = ssnSettings(config, budgetFor(config, arch));
  const resolved = groups ? { ...settings, groups } : settings;
  validateSsnConfig(arch, resolved, config.seed);
  return resolved;
}

/** Validated SuperWeights settings of a run. */
export function superWeightsFor(config: RunConfig, arch: Architecture): SuperWeightsConfig {
  const settings = superWeightsSettings(config, budgetFor(config, arch));
  validateSuperWeightsConfig(settings, config.training.epochs);
  return settings;
}

/** Parameter accounting of a config, without tensors or data. */
export function accountingFor(config: RunConfig): { arch: Architecture; accounting: Accounting } {
  const { input, classes } = shapeWithoutData(config);
  const arch = architectureFor(config, input, classes);
  const budget = budgetFor(config, arch);
  switch (config.method) {
    case 'unshared':
      return { arch, accounting: { ...unsharedAccounting(arch), requestedBudget: budget } };
    case 'ssn': {
      const settings = ssnFor(config, arch);
      // Learned groups exist only after the search: report the search model (ssn.md §4.2).
      const accounting =
        settings.groups === 'learned'
          ? searchAccounting(arch, settings)
          : ssnAccounting(arch, settings, config.seed);
      return { arch, accounting: { ...accounting, requestedBudget: budget } };
    }
    case 'superweights': {
      const settings = superWeightsFor(config, arch);
      const archs = modelArchitectures(config, arch);
      // The main-phase model: every layer of the first member with its own coefficients (§1.6).
      const accounting = superWeightsAccounting(archs, { ...settings, coefficients: 'perLayer' });
      return { arch: archs[0], accounting: { ...accounting, requestedBudget: budget } };
    }
    default:
      return missingCase(config.method);
  }
}

/** Whether a run starts with the SSN learned-groups search phase (ssn.md §4.2). */
export function needsSsnSearch(config: RunConfig, arch: Architecture): boolean {
  return config.method === 'ssn' && ssnFor(config, arch).groups === 'learned';
}

/** Whether a run starts with the SuperWeights cluster search (superweights.md §2.1). */
export function needsSuperWeightsSearch(config: RunConfig, arch: Architecture): boolean {
  return config.method === 'superweights' && superWeightsFor(config, arch).search.epochs > 0;
}

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
