// Method settings from a run configuration: the `ssn` and `superweights` objects of the config
// (and the CLI flags that fill them) turned into each method's typed settings, with unknown keys
// and malformed values rejected by name. The methods' own validators check the values.
import type { RunConfig } from '../../contract/config';
import { BudgetError, ConfigError } from '../../contract/errors';
// The method modules' pure files, not their barrels: accounting must load no TensorFlow.js.
import {
  ssnConfig,
  SSN_GROUP_MODES,
  type SsnConfig,
  type SsnConfigInput,
  type SsnGroups,
} from '../npas/ssn/config';
import {
  parseMembers,
  superWeightsConfig,
  type SuperWeightsConfig,
  type SuperWeightsConfigInput,
} from '../npas/superweights/config';
import { superWeightsPreset } from '../npas/superweights/presets';

const SSN_KEYS = [
  'combiner',
  'upsampler',
  'groups',
  'groupCount',
  'maxTemplates',
  'upsampleWindow',
  'init',
  'search',
];
const SUPERWEIGHTS_KEYS = [
  'preset',
  'members',
  'bins',
  'kernelsApart',
  'maxTemplates',
  'allocation',
  'coefficients',
  'coefficientShare',
  'init',
  'allowOverrun',
  'shareClassifier',
  'search',
  'unshare',
];

function checkKeys(section: string, options: Record<string, unknown>, allowed: string[]): void {
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new ConfigError(`${section}.${key} is not a setting; valid: ${allowed.join(', ')}`);
    }
  }
}

/**
 * `--groups`: a mode (single, type, shape, manual), `random:K` or `learned:K` (K groups), or an
 * explicit comma-separated group id per layer ("0,0,1,1,...").
 */
export function parseGroups(value: unknown): { groups: SsnGroups; groupCount?: number } {
  if (Array.isArray(value)) return { groups: value as number[] };
  if (typeof value !== 'string') {
    throw new ConfigError(
      `ssn.groups ${JSON.stringify(value)} must be a mode name or a list of group ids`,
    );
  }
  const counted = /^(random|learned):(\d+)$/.exec(value);
  if (counted) return { groups: counted[1] as SsnGroups, groupCount: Number(counted[2]) };
  if ((SSN_GROUP_MODES as readonly string[]).includes(value)) return { groups: value as SsnGroups };
  if (/^\d+(,\d+)*$/.test(value)) return { groups: value.split(',').map(Number) };
  throw new ConfigError(
    `ssn.groups "${value}" is not valid; use ${SSN_GROUP_MODES.join(', ')}, random:K, learned:K or a list like 0,0,1,1`,
  );
}

/** SSN settings for a run; `budget` is already in parameters (null: the reference default). */
export function ssnSettings(config: RunConfig, budget: number | null): SsnConfig {
  if (budget === 0) {
    // The reference's --max_params 0 means "no budget"; here that is an omitted budget.
    throw new BudgetError(
      "budget 0 is invalid: give a positive number of parameters, or omit the budget for the reference default (each group's store the size of its largest layer)",
    );
  }
  const options = config.ssn;
  checkKeys('ssn', options, SSN_KEYS);
  const input = { ...options, budget } as SsnConfigInput & Record<string, unknown>;
  if (options.groups !== undefined) Object.assign(input, parseGroups(options.groups));
  if (options.groupCount !== undefined) input.groupCount = options.groupCount as number;
  return ssnConfig(input);
}

/** SuperWeights settings for a run: a README preset (if named), then the given options. */
export function superWeightsSettings(config: RunConfig, budget: number | null): SuperWeightsConfig {
  const options = config.superweights;
  checkKeys('superweights', options, SUPERWEIGHTS_KEYS);
  let base: SuperWeightsConfigInput = {};
  if (options.preset !== undefined) {
    const preset = superWeightsPreset(String(options.preset));
    if (!preset) {
      throw new ConfigError(
        `superweights.preset "${String(options.preset)}" is unknown; valid: multi-depth-width, multi-width`,
      );
    }
    base = preset.config;
  }
  const { preset: _preset, members, ...rest } = options;
  const input: SuperWeightsConfigInput = { ...base, ...(rest as SuperWeightsConfigInput) };
  if (members !== undefined) {
    input.members = typeof members === 'string' ? parseMembers(members) : (members as string[]);
  }
  // An explicit budget wins over the preset's; without one the preset's (or the default) stands.
  if (budget !== null || input.budget === undefined) input.budget = budget;
  return superWeightsConfig(input);
}
