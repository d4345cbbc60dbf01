// The tensor-free half of a run's setup: the architecture a config names, its resolved budget,
// its method settings and its parameter accounting, from shapes and counts only. `npas inspect`,
// the UI's ledger and the Design screen call this in the main process, so nothing reachable
// from here may import TensorFlow.js (a test walks the import graph); setup.ts adds the
// dataset and the tensors for training.
import type { RunConfig } from '../../contract/config';
import { ConfigError } from '../../contract/errors';
import { missingCase } from '../../contract/assert';
import { buildArchitecture, parseInputShape } from '../arch/registry';
import { buildDesign, type DesignSpec } from '../arch/design';
import { unsharedParams, type Architecture, type InputShape } from '../arch/types';
import { resolveBudget } from '../npas/budget';
import type { Accounting } from '../npas/provider';
import { unsharedAccounting } from '../npas/unsharedAccounting';
import type { SsnConfig } from '../npas/ssn/config';
import { searchAccounting, ssnAccounting } from '../npas/ssn/ssnAccounting';
import { validateSsnConfig } from '../npas/ssn/validateSsnConfig';
import { superWeightsAccounting } from '../npas/superweights/accounting';
import { validateSuperWeightsConfig, type SuperWeightsConfig } from '../npas/superweights/config';
import { ssnSettings, superWeightsSettings } from './methods';

/** Networks designed for CIFAR take 32×32×3 unless told otherwise; the rest follow the data. */
export function defaultInput(arch: string): InputShape | null {
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

/** Validated SSN settings of a run (typed errors name the offending value). */
export function ssnFor(config: RunConfig, arch: Architecture, groups?: number[]): SsnConfig {
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
