// Shapeshifter Networks settings: the reference's command-line options (ssn.md §6.2) as one typed
// object, with the reference README's defaults (WAvg, Inter, one group, at most 8 templates).
import type { Architecture } from '../../arch/types';
import { unsharedParams } from '../../arch/types';

/** How a layer's K templates become one weight (ssn.md §2.3). */
export type SsnCombiner = 'wavg' | 'emb' | 'avg';
export const SSN_COMBINERS: readonly SsnCombiner[] = ['wavg', 'emb', 'avg'];

/** How a layer larger than its group's store gets its weights (ssn.md §3). */
export type SsnUpsampler = 'inter' | 'repeat' | 'mask' | 'wavg' | 'none';
export const SSN_UPSAMPLERS: readonly SsnUpsampler[] = ['inter', 'repeat', 'mask', 'wavg', 'none'];

/**
 * How layers are partitioned into sharing groups (ssn.md §4.1):
 * - `single`: one group holding every layer (reference `--param_groups 1`);
 * - `type`: one group per layer kind, conv or dense (`--param_groups 0`);
 * - `shape`: one group per (kind, exact shape) (`--param_groups -1`);
 * - `random`: `groupCount` groups, each with at least one layer, seeded;
 * - `learned`: `groupCount` groups found by k-means after the search phase (§4.2);
 * - `manual`: the reference's hand-made WRN list (14 groups for WRN-28);
 * - a number[]: an explicit group id per layer, ids 0..G-1 all used.
 */
export type SsnGroupMode = 'single' | 'type' | 'shape' | 'random' | 'learned' | 'manual';
export const SSN_GROUP_MODES: readonly SsnGroupMode[] = [
  'single',
  'type',
  'shape',
  'random',
  'learned',
  'manual',
];
export type SsnGroups = SsnGroupMode | number[];

export type SsnInit = 'reference' | 'fanIn';
export const SSN_INITS: readonly SsnInit[] = ['reference', 'fanIn'];

/** The learned-groups search phase (ssn.md §4.2): its own model, store and schedule. */
export interface SsnSearchConfig {
  /** Store size of the search model in parameters (reference `--param_group_max_params`). */
  budget: number;
  /** Combiner of the search model; k-means runs on raw alpha (wavg) or phi (emb). */
  combiner: 'wavg' | 'emb';
  /** Search-phase epochs (reference `--param_group_epochs`). */
  epochs: number;
  /** Epochs at which the search learning rate is multiplied by the matching gamma. */
  schedule: number[];
  gammas: number[];
}

export interface SsnConfig {
  /**
   * Parameter budget (stores plus single-layer weights, ssn.md §1). `null` is the reference's
   * `--max_params 0`: every group's store is the size of its largest layer. An explicit number
   * must be a positive integer: zero or below is a BudgetError, not "no budget".
   */
  budget: number | null;
  combiner: SsnCombiner;
  upsampler: SsnUpsampler;
  groups: SsnGroups;
  /** Number of groups for `random` and `learned` (reference `--param_groups` > 1). */
  groupCount?: number;
  /** Kmax: most templates per layer (reference `--bank_size`). */
  maxTemplates: number;
  /** Number of 9-number windows for the repeat/mask upsamplers (`--upsample_window`). */
  upsampleWindow: number;
  /**
   * Store initialisation (ssn.md §2.4): 'reference' leaves regions only resized layers read at
   * fan_in 9; 'fanIn' draws them at the resized layer's own fan-in (for designs without batch
   * norm after wide layers, where the reference's scale makes the first steps diverge).
   */
  init: SsnInit;
  search: SsnSearchConfig;
}

/** Reference defaults (README and main.py): WAvg, Inter, one group, 8 templates, 5M search. */
export const SSN_DEFAULTS: SsnConfig = {
  budget: null,
  combiner: 'wavg',
  upsampler: 'inter',
  groups: 'single',
  maxTemplates: 8,
  upsampleWindow: 1,
  init: 'reference',
  search: { budget: 5_000_000, combiner: 'emb', epochs: 15, schedule: [8, 13], gammas: [0.1, 0.1] },
};

/** Any subset of the settings; the rest come from SSN_DEFAULTS. */
export type SsnConfigInput = Partial<Omit<SsnConfig, 'search'>> & {
  search?: Partial<SsnSearchConfig>;
};

/** SSN_DEFAULTS overridden by `partial` (search settings merged field by field). */
export function ssnConfig(partial: SsnConfigInput = {}): SsnConfig {
  return {
    ...SSN_DEFAULTS,
    ...partial,
    search: { ...SSN_DEFAULTS.search, ...partial.search },
  };
}

/** A budget given as a fraction of the unshared parameter count, converted to parameters. */
export function budgetFromFraction(arch: Architecture, fraction: number): number {
  return Math.round(fraction * unsharedParams(arch));
}
