import { describe, expect, it } from 'vitest';
import { BudgetError } from '../../../../../src-main/contract/errors';
import {
  allocateBanks,
  planSuperWeights,
  superWeightsConfig,
  templateWindows,
} from '../../../../../src-main/engine/npas/superweights';
import { arch, readmeEnsemble } from './fixtures';

/** §3's golden (N, K) per bank of the README ensemble at 18,000,000. */
const README_BANKS: Record<string, [number, number]> = {
  '1_w0': [3456, 8],
  '1_w1': [70272, 8],
  '1_w2': [55296, 8],
  '1_w3': [193536, 7],
  '1_w4': [532224, 7],
  '0_w0': [8192, 8],
  '0_w1': [6144, 8],
  '0_w2': [51200, 8],
  '0_w3': [101376, 6],
  '0_w4': [30720, 4],
  '0_w5': [135168, 2],
  '2_w0': [221184, 6],
  '2_w1': [221184, 6],
  '2_w2': [290304, 6],
  '2_w3': [207360, 6],
  '2_w4': [580608, 6],
  '2_w5': [903168, 4],
  '3_w0': [884736, 6],
  '3_w1': [884736, 6],
  '3_w2': [967680, 5],
  '3_w3': [552960, 4],
  '3_w4': [1161216, 3],
  '3_w5': [903168, 1],
  '4_w0': [2949120, 5],
  '4_w1': [6082560, 5],
};

/** §3's golden (N, s, K) of WRN-28-10 alone at 36,000,000. */
const WRN_28_10_BANKS: Record<string, [number, number, number]> = {
  '1_w0': [3456, 432, 8],
  '1_w1': [180864, 22608, 8],
  '1_w2': [1244160, 207360, 6],
  '0_w0': [17920, 2560, 7],
  '0_w1': [145920, 48640, 3],
  '0_w2': [307200, 153600, 2],
  '2_w0': [1612800, 230400, 7],
  '2_w1': [1152000, 230400, 5],
  '2_w2': [1843200, 460800, 4],
  '3_w0': [6451200, 921600, 7],
  '3_w1': [2764800, 921600, 3],
  '3_w2': [1843200, 1843200, 1],
  '4_w0': [18432000, 3686400, 5],
};

const total = (sizes: { size: number }[]) => sizes.reduce((sum, b) => sum + b.size, 0);

describe('template allocation (superweights.md §3)', () => {
  it('reproduces the README ensemble banks: 17,997,568 in 25 banks with every N and K of §3', () => {
    const plan = planSuperWeights(readmeEnsemble(), superWeightsConfig({ budget: 18_000_000 }));
    expect(plan.banks).toHaveLength(25);
    expect(total(plan.banks)).toBe(17_997_568);
    const got = Object.fromEntries(
      plan.banks.map((b) => [`${b.cluster}_w${b.level}`, [b.size, b.templates]]),
    );
    expect(got).toEqual(README_BANKS);
  });

  it('reproduces WRN-28-10 alone at 36,000,000: 35,998,720 with every N, s and K of §3', () => {
    const plan = planSuperWeights([arch('wrn-28-10')], superWeightsConfig({ budget: 36_000_000 }));
    expect(total(plan.banks)).toBe(35_998_720);
    const got = Object.fromEntries(
      plan.banks.map((b) => [`${b.cluster}_w${b.level}`, [b.size, b.segment.numel, b.templates]]),
    );
    expect(got).toEqual(WRN_28_10_BANKS);
  });

  it('overruns a 2M budget to 8,729,600 with a warning only when allowed', () => {
    const wrn = [arch('wrn-28-10')];
    expect(() => planSuperWeights(wrn, superWeightsConfig({ budget: 2_000_000 }))).toThrow(
      BudgetError,
    );
    expect(() => planSuperWeights(wrn, superWeightsConfig({ budget: 2_000_000 }))).toThrow(
      /minimum of 8,729,600/,
    );
    const plan = planSuperWeights(
      wrn,
      superWeightsConfig({ budget: 2_000_000, allowOverrun: true }),
    );
    expect(total(plan.banks)).toBe(8_729_600);
    expect(plan.allocation.warnings[0]).toMatch(/below the minimum of 8,729,600/);
  });

  it('gives one template per bank without a budget', () => {
    const plan = planSuperWeights([arch('wrn-28-10')], superWeightsConfig({ budget: null }));
    expect(total(plan.banks)).toBe(8_729_600);
    expect(plan.banks.every((b) => b.templates === 1)).toBe(true);
  });

  it('sizes banks in proportion to their segments in the proportional mode', () => {
    const banks = [
      { segment: 100, layerCount: 3 },
      { segment: 300, layerCount: 1 },
    ];
    expect(allocateBanks(banks, 1000, 'proportional', false).sizes).toEqual([250, 750]);
    // Phase A stops bank 0 at L_b = 3 templates; phase B adds 3 more; bank 1 never fits (strict >).
    expect(allocateBanks(banks, 1000, 'breadthFirst', false).sizes).toEqual([600, 300]);
  });

  it('lays out windows per §1.4: bank_size 2 with N = 4s gives [0,2s), [2s,4s), [0,2s); N = 3s gives [0,2s) to all', () => {
    const s = 10;
    expect(templateWindows(3, 4 * s, s, 2)).toEqual([
      { start: 0, templates: 2 },
      { start: 2 * s, templates: 2 },
      { start: 0, templates: 2 },
    ]);
    expect(templateWindows(3, 3 * s, s, 2).map((w) => w.start)).toEqual([0, 0, 0]);
  });
});
