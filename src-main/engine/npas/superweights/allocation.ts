// Template allocation under the budget and template windows (superweights.md §3 and §1.4):
// how many entries each bank gets, how many templates K a layer combines, and which slice of the
// bank each layer reads. Pure numbers, no tensors.
import { assert } from '../../../contract/assert';
import { BudgetError } from '../../../contract/errors';
import type { AllocationMode } from './config';
import { roundHalfEven } from './depthBins';

/** The reference hard-codes at most 8 templates per bank in its allocation loops. */
export const ALLOCATION_CAP = 8;

/** What allocation needs to know of a bank, in (cluster, level) order. */
export interface BankDemand {
  /** s_b: the segment numel of the bank's level. */
  segment: number;
  /** L_b: (member, layer) pairs drawing on the bank, over all members. */
  layerCount: number;
}

export interface Allocation {
  /** N_b per bank, in the order given. */
  sizes: number[];
  /** The smallest total the budget could have had: one template per bank, Σ s_b. */
  minimum: number;
  /** Budget the allocation left unused (0 without a budget). */
  unused: number;
  warnings: string[];
}

/**
 * Sizes every bank. `budget` null: one template per bank (the reference's max_params 0). Below
 * the minimum Σ s_b: a BudgetError naming the minimum, or with `allowOverrun` the reference's
 * silent overrun (one template per bank) plus a warning.
 */
export function allocateBanks(
  banks: readonly BankDemand[],
  budget: number | null,
  mode: AllocationMode,
  allowOverrun: boolean,
): Allocation {
  const minimum = banks.reduce((sum, b) => sum + b.segment, 0);
  const single = banks.map((b) => b.segment);
  if (budget === null) return { sizes: single, minimum, unused: 0, warnings: [] };
  if (budget - minimum <= 0) {
    const message =
      `budget ${budget.toLocaleString('en-US')} is below the minimum of ${minimum.toLocaleString('en-US')} ` +
      `parameters (one template per bank, ${banks.length} banks)`;
    if (budget === minimum) return { sizes: single, minimum, unused: 0, warnings: [] };
    if (!allowOverrun) {
      throw new BudgetError(
        `${message}: raise the budget to at least ${minimum.toLocaleString('en-US')}, use fewer bins, or allow the overrun`,
      );
    }
    return {
      sizes: single,
      minimum,
      unused: 0,
      warnings: [`${message}; the banks exceed it (overrun allowed)`],
    };
  }
  if (mode === 'proportional') return proportional(banks, budget, minimum);
  return breadthFirst(banks, budget, minimum);
}

/** Phase A (breadth-first towards min(L_b, 8)), then phase B (round robin up to 8), strict >. */
function breadthFirst(banks: readonly BankDemand[], budget: number, minimum: number): Allocation {
  const templates = banks.map(() => 1);
  let excess = budget - minimum;
  for (let c = 1; c < ALLOCATION_CAP && excess > 0; c++) {
    banks.forEach((bank, b) => {
      if (bank.layerCount > c && excess - bank.segment > 0) {
        templates[b]++;
        excess -= bank.segment;
      }
    });
  }
  for (let c = 1; c < ALLOCATION_CAP && excess > 0; c++) {
    banks.forEach((bank, b) => {
      if (excess - bank.segment > 0 && bank.segment > 0 && templates[b] < ALLOCATION_CAP) {
        templates[b]++;
        excess -= bank.segment;
      }
    });
  }
  const sizes = banks.map((bank, b) => templates[b] * bank.segment);
  return { sizes, minimum, unused: excess, warnings: [] };
}

/**
 * N_b = round(s_b / Σs · budget). Never below s_b (one whole template), which the reference does
 * not guard; rounding alone cannot push it lower once the budget clears the minimum.
 */
function proportional(banks: readonly BankDemand[], budget: number, minimum: number): Allocation {
  const sizes = banks.map((b) =>
    Math.max(b.segment, roundHalfEven((b.segment / minimum) * budget)),
  );
  const total = sizes.reduce((sum, n) => sum + n, 0);
  return { sizes, minimum, unused: Math.max(0, budget - total), warnings: [] };
}

/** K of a layer drawing on a bank of `size` entries with segment `segment` (§1.4). */
export function templateCount(size: number, segment: number, maxTemplates: number): number {
  return Math.min(Math.max(1, Math.floor(size / segment)), maxTemplates);
}

/** A layer's slice of its bank: K templates of `segment` entries from `start`. */
export interface TemplateWindow {
  start: number;
  templates: number;
}

/**
 * Windows of a member's layers in one bank, in registration order (§1.4, `wavg_slide`): layer j
 * takes window j (steps of K·s), wrapping to 0 when the window would overrun N or when j reaches K.
 */
export function templateWindows(
  count: number,
  size: number,
  segment: number,
  maxTemplates: number,
): TemplateWindow[] {
  const k = templateCount(size, segment, maxTemplates);
  const span = k * segment;
  assert(span <= size, `K·s = ${span} fits in the bank of ${size}`);
  const windows: TemplateWindow[] = [];
  let next = 0;
  for (let j = 0; j < count; j++) {
    if ((next + 1) * span > size) next = 0;
    windows.push({ start: next * span, templates: k });
    next = next + 1 === k ? 0 : next + 1;
  }
  return windows;
}
