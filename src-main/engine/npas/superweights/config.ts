// SuperWeight Networks settings: the reference's used command-line options (superweights.md §5.3)
// as one typed object with the README's search settings as defaults, plus the validation that
// turns every bad value into a typed error naming the value and what would be valid.
import { ArchitectureError, ConfigError } from '../../../contract/errors';

/**
 * How the template budget is spread over banks (superweights.md §3):
 * - `breadthFirst`: whole templates, phase A then phase B, cap 8 (the reference default);
 * - `proportional`: N_b = round(s_b / Σs · budget), no template granularity
 *   (`--param_allocation_normalized`), sliding windows then apply (§1.4).
 */
export type AllocationMode = 'breadthFirst' | 'proportional';
export const ALLOCATION_MODES: readonly AllocationMode[] = ['breadthFirst', 'proportional'];

/**
 * Coefficient sharing at model build (superweights.md §1.6):
 * - `perBank`: the pretraining mode, one α per bank (shared by every member when
 *   `coefficientShare` is on, else one per member and bank);
 * - `perLayer`: the main phase, member 0 owns one α per layer and level; other members reuse the
 *   α of the layer the coefficient map points to (`coefficientShare`), else own theirs.
 */
export type CoefficientMode = 'perBank' | 'perLayer';
export const COEFFICIENT_MODES: readonly CoefficientMode[] = ['perBank', 'perLayer'];

/**
 * Template initialisation (superweights.md §1.5): `reference` draws every entry from N(0, 2/9)
 * whatever the layer (the reference's kaiming-normal over 3×3 views, with its uninitialised tail
 * fixed); `fanIn` draws from N(0, 2/fanIn) with the largest fan-in (I·kh·kw) of the bank's layers.
 */
export type TemplateInit = 'reference' | 'fanIn';
export const TEMPLATE_INITS: readonly TemplateInit[] = ['reference', 'fanIn'];

/** The gradient-based cluster search (superweights.md §2.1–2.7). */
export interface SuperWeightsSearchConfig {
  /** Pretraining epochs before the search (`--group_split_epochs`); 0 keeps the depth bins. */
  epochs: number;
  /** First cosine threshold τ0 (`--group_split_threshold_start`). */
  thresholdStart: number;
  /** τ step while the clustering does not fit the budget (`--group_split_threshold_decrement`). */
  thresholdDecrement: number;
  /** c of §2.5: members attach with their own α when the best similarity is ≤ c; null = off. */
  coefficientThreshold: number | null;
}

/** Coefficient unsharing during main training (superweights.md §2.8). */
export interface SuperWeightsUnshareConfig {
  /** Epoch (1-based, end of) of the first test (`--coefficient_unshare_epochs`); 0 = never. */
  epoch: number;
  /** Repeat every `period` epochs after that (`--coefficient_unshare_epoch_gap`); 0 = once. */
  period: number;
  /** τ_c (`--coefficient_unshare_threshold`): sharers with cosine ≤ τ_c split. */
  threshold: number;
}

export interface SuperWeightsConfig {
  /**
   * Ensemble members, member 0 (the largest) first, as registry names ('wrn-28-7') or the short
   * WRN form '28x7'. Empty: a single network, the run's own architecture.
   */
  members: string[];
  /**
   * Template-bank budget in parameters (`--max_params`); only the banks count (§3). `null` is
   * the reference's 0: one template per bank. A number below the minimum (one template per bank)
   * is a BudgetError unless `allowOverrun`.
   */
  budget: number | null;
  /** B, depth bins of the largest member (`--param_group_bins`, README 4). */
  bins: number;
  /** Kernel sizes never share a cluster (`--separate_kernels`, always on in the reference). */
  kernelsApart: boolean;
  /** Cap on templates per bank and per layer (`--bank_size`). */
  maxTemplates: number;
  allocation: AllocationMode;
  coefficients: CoefficientMode;
  /** Other members start with the α of the layer they are mapped to (`--coefficient_share`). */
  coefficientShare: boolean;
  init: TemplateInit;
  /** Accept a budget below the minimum as the reference does (one template per bank, a warning). */
  allowOverrun: boolean;
  /** Generate the classifier from banks too (`--share_linear`); off: each member owns it. */
  shareClassifier: boolean;
  search: SuperWeightsSearchConfig;
  unshare: SuperWeightsUnshareConfig;
}

/**
 * Defaults: 4 bins, kernels apart, 8 templates, breadth-first, main-phase coefficients (the
 * reference's single network: 813,130 trainable for WRN-16-4 at 500k), no search, no unsharing.
 * The reference's `--coefficient_share` without a search is `coefficients: 'perBank'`.
 */
export const SUPERWEIGHTS_DEFAULTS: SuperWeightsConfig = {
  members: [],
  budget: null,
  bins: 4,
  kernelsApart: true,
  maxTemplates: 8,
  allocation: 'breadthFirst',
  coefficients: 'perLayer',
  coefficientShare: true,
  init: 'reference',
  allowOverrun: false,
  shareClassifier: false,
  search: { epochs: 0, thresholdStart: 0.1, thresholdDecrement: 0.05, coefficientThreshold: null },
  unshare: { epoch: 0, period: 0, threshold: 0.9 },
};

export type SuperWeightsConfigInput = Partial<Omit<SuperWeightsConfig, 'search' | 'unshare'>> & {
  search?: Partial<SuperWeightsSearchConfig>;
  unshare?: Partial<SuperWeightsUnshareConfig>;
};

/** SUPERWEIGHTS_DEFAULTS overridden by `partial` (search and unshare merged field by field). */
export function superWeightsConfig(partial: SuperWeightsConfigInput = {}): SuperWeightsConfig {
  return {
    ...SUPERWEIGHTS_DEFAULTS,
    ...partial,
    search: { ...SUPERWEIGHTS_DEFAULTS.search, ...partial.search },
    unshare: { ...SUPERWEIGHTS_DEFAULTS.unshare, ...partial.unshare },
  };
}

/**
 * Parses a member list: '28x7,28x4,16x7' (WRN depth × width) or registry names
 * ('wrn-28-7,resnet-20'), comma separated, into registry names.
 */
export function parseMembers(text: string): string[] {
  const items = text
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter((item) => item.length > 0);
  if (items.length === 0) {
    throw new ConfigError(`members '${text}' is empty: write e.g. '28x7,28x4,16x7,16x4'`);
  }
  return items.map((item) => {
    const short = /^(\d+)\s*[x×]\s*(\d+)$/.exec(item);
    return short ? `wrn-${short[1]}-${short[2]}` : item;
  });
}

/** Depth and width of a WRN member name, or null for other families. */
export function wrnDims(name: string): { depth: number; width: number } | null {
  const match = /^wrn-(\d+)-(\d+)$/.exec(name.trim().toLowerCase());
  return match ? { depth: Number(match[1]), width: Number(match[2]) } : null;
}

/**
 * Throws a typed error for every invalid value. `runEpochs` (the run's total epochs) bounds the
 * unshare epoch. Member architectures themselves are checked again by `checkMemberOrder`.
 */
export function validateSuperWeightsConfig(config: SuperWeightsConfig, runEpochs: number): void {
  positiveInteger('bins', config.bins);
  positiveInteger('maxTemplates', config.maxTemplates);
  oneOf('allocation', config.allocation, ALLOCATION_MODES);
  oneOf('coefficients', config.coefficients, COEFFICIENT_MODES);
  oneOf('init', config.init, TEMPLATE_INITS);
  if (config.budget !== null && (!Number.isInteger(config.budget) || config.budget < 0)) {
    throw new ConfigError(
      `budget ${config.budget} is invalid: use a non-negative integer number of parameters, or null for one template per bank`,
    );
  }
  checkSearch(config.search);
  checkUnshare(config.unshare, runEpochs);
  checkMemberNames(config.members);
}

function checkSearch(search: SuperWeightsSearchConfig): void {
  nonNegativeInteger('search.epochs', search.epochs);
  threshold('search.thresholdStart', search.thresholdStart);
  if (!(search.thresholdDecrement > 0 && search.thresholdDecrement <= 2)) {
    throw new ConfigError(
      `search.thresholdDecrement ${search.thresholdDecrement} is invalid: use a step in (0, 2], e.g. 0.05`,
    );
  }
  if (search.coefficientThreshold !== null) {
    threshold('search.coefficientThreshold', search.coefficientThreshold);
  }
}

function checkUnshare(unshare: SuperWeightsUnshareConfig, runEpochs: number): void {
  nonNegativeInteger('unshare.epoch', unshare.epoch);
  nonNegativeInteger('unshare.period', unshare.period);
  threshold('unshare.threshold', unshare.threshold);
  if (unshare.epoch > runEpochs) {
    throw new ConfigError(
      `unshare.epoch ${unshare.epoch} is beyond the run's ${runEpochs} epochs: use 1..${runEpochs}, or 0 for never`,
    );
  }
}

/** WRN member names: depth 6n+4, depths never increasing, widths never increasing within a depth. */
function checkMemberNames(members: readonly string[]): void {
  const dims =
    members.length === 0
      ? []
      : parseMembers(members.join(',')).map((name) => ({ name, dims: wrnDims(name) }));
  for (const { name, dims: d } of dims) {
    if (d && !(Number.isInteger((d.depth - 4) / 6) && d.depth >= 10)) {
      throw new ArchitectureError(
        `member ${name}: WRN depth ${d.depth} is invalid: the depth must be 6n+4 with n ≥ 1 (10, 16, 22, 28, 40, ...)`,
      );
    }
    if (d && d.width < 1) {
      throw new ArchitectureError(
        `member ${name}: WRN width ${d.width} is invalid: use a positive integer`,
      );
    }
  }
  for (let i = 1; i < dims.length; i++) {
    const [a, b] = [dims[i - 1], dims[i]];
    if (a.dims && b.dims) checkOrder(i, a.name, b.name, a.dims, b.dims);
  }
}

/**
 * The ordering rule of superweights.md §4.1: depths never increase along the member list and,
 * among members of equal depth, widths never increase. Member 0 must be the largest.
 */
export function checkOrder(
  index: number,
  previous: string,
  current: string,
  a: { depth: number; width: number },
  b: { depth: number; width: number },
): void {
  if (b.depth > a.depth) {
    throw new ConfigError(
      `member ${index} (${current}) has depth ${b.depth}, deeper than member ${index - 1} (${previous}, depth ${a.depth}): list members by non-increasing depth`,
    );
  }
  if (b.depth === a.depth && b.width > a.width) {
    throw new ConfigError(
      `member ${index} (${current}) has width ${b.width}, wider than member ${index - 1} (${previous}, width ${a.width}) of the same depth: within a depth, list members by non-increasing width`,
    );
  }
}

function positiveInteger(field: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new ConfigError(`${field} ${value} is invalid: use a positive integer`);
  }
}

function nonNegativeInteger(field: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new ConfigError(`${field} ${value} is invalid: use a non-negative integer`);
  }
}

function threshold(field: string, value: number): void {
  if (!(Number.isFinite(value) && value >= -1 && value <= 1)) {
    throw new ConfigError(
      `${field} ${value} is outside [-1, 1]: a cosine threshold lies in [-1, 1]`,
    );
  }
}

function oneOf<T extends string>(field: string, value: T, valid: readonly T[]): void {
  if (!valid.includes(value)) {
    throw new ConfigError(
      `${field} '${value}' is invalid: use one of ${valid.map((v) => `'${v}'`).join(', ')}`,
    );
  }
}
