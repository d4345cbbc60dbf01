// Checks of the SSN settings that need no architecture: budget, combiner, upsampler, template
// and window counts, search settings. Each error names the value and what would be valid.
import { BudgetError, ConfigError } from '../../../contract/errors';
import type { SsnConfig } from './config';
import { SSN_COMBINERS, SSN_INITS, SSN_UPSAMPLERS } from './config';

function positiveInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

/** Throws BudgetError for a budget that is not null and not a positive integer. */
export function checkBudget(name: string, budget: unknown, nullMeans?: string): void {
  if (budget === null && nullMeans) return;
  if (!positiveInteger(budget)) {
    throw new BudgetError(
      `${name} ${String(budget)} is invalid; give a positive whole number of parameters` +
        (nullMeans ? ` (or null for ${nullMeans})` : ''),
    );
  }
}

/** Throws ConfigError/BudgetError for any invalid architecture-independent setting. */
export function checkSettings(config: SsnConfig): void {
  checkBudget(
    'budget',
    config.budget,
    "the reference default: each group's store = its largest layer",
  );
  if (!SSN_COMBINERS.includes(config.combiner)) {
    throw new ConfigError(
      `unknown combiner '${String(config.combiner)}'; valid: ${SSN_COMBINERS.join(', ')}`,
    );
  }
  if (!SSN_UPSAMPLERS.includes(config.upsampler)) {
    throw new ConfigError(
      `unknown upsampler '${String(config.upsampler)}'; valid: ${SSN_UPSAMPLERS.join(', ')}`,
    );
  }
  if (!SSN_INITS.includes(config.init)) {
    throw new ConfigError(`unknown init '${String(config.init)}'; valid: ${SSN_INITS.join(', ')}`);
  }
  if (!positiveInteger(config.maxTemplates)) {
    throw new ConfigError(
      `maxTemplates ${String(config.maxTemplates)} is invalid; give a whole number ≥ 1 (reference default 8)`,
    );
  }
  if (!positiveInteger(config.upsampleWindow)) {
    throw new ConfigError(
      `upsampleWindow ${String(config.upsampleWindow)} is invalid; give a whole number ≥ 1 (default 1)`,
    );
  }
}

/** Throws for invalid search-phase settings (ssn.md §4.2). */
export function checkSearchSettings(config: SsnConfig): void {
  const search = config.search;
  checkBudget('search budget', search.budget);
  if (search.combiner !== 'wavg' && search.combiner !== 'emb') {
    throw new ConfigError(
      `unknown search combiner '${String(search.combiner)}'; valid: wavg, emb (k-means needs learned coefficients)`,
    );
  }
  if (!Number.isInteger(search.epochs) || search.epochs < 0) {
    throw new ConfigError(
      `search epochs ${String(search.epochs)} is invalid; give a whole number ≥ 0`,
    );
  }
  if (search.schedule.length !== search.gammas.length) {
    throw new ConfigError(
      `search schedule has ${search.schedule.length} steps but ${search.gammas.length} gammas; give one gamma per step`,
    );
  }
}
