import { describe, expect, it } from 'vitest';
import {
  ArchitectureError,
  BudgetError,
  ConfigError,
} from '../../../../../src-main/contract/errors';
import {
  checkMemberOrder,
  parseMembers,
  superWeightsAccounting,
  superWeightsConfig,
  superWeightsPreset,
  SUPERWEIGHTS_DEFAULTS,
  validateSuperWeightsConfig,
} from '../../../../../src-main/engine/npas/superweights';
import { arch, readmeEnsemble } from './fixtures';

const valid = (partial: Parameters<typeof superWeightsConfig>[0], epochs = 200) =>
  validateSuperWeightsConfig(superWeightsConfig(partial), epochs);

describe('SuperWeights config', () => {
  it('defaults to 4 bins with kernels apart, 8 templates, breadth-first and no search', () => {
    expect(SUPERWEIGHTS_DEFAULTS).toMatchObject({
      bins: 4,
      kernelsApart: true,
      maxTemplates: 8,
      allocation: 'breadthFirst',
      init: 'reference',
      search: { epochs: 0 },
      unshare: { epoch: 0 },
    });
    expect(() => valid({})).not.toThrow();
  });

  it('parses the short member form into registry names', () => {
    expect(parseMembers('28x7, 28x4,16x7,16X4')).toEqual([
      'wrn-28-7',
      'wrn-28-4',
      'wrn-16-7',
      'wrn-16-4',
    ]);
    expect(parseMembers('wrn-16-4,resnet-20')).toEqual(['wrn-16-4', 'resnet-20']);
    expect(() => parseMembers(' , ')).toThrow(ConfigError);
  });

  it('rejects a budget below the minimum and names the minimum', () => {
    const error = (() => {
      try {
        superWeightsAccounting(readmeEnsemble(), superWeightsConfig({ budget: 1_000_000 }));
      } catch (e) {
        return e as Error;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(BudgetError);
    expect(error?.message).toContain('minimum of 4,422,656');
  });

  it('rejects member depths that increase', () => {
    expect(() => valid({ members: ['wrn-16-4', 'wrn-28-4'] })).toThrow(
      /depth 28, deeper than member 0/,
    );
    expect(() => checkMemberOrder([arch('wrn-16-4'), arch('wrn-28-4')], false)).toThrow(
      ConfigError,
    );
  });

  it('rejects widths that increase within a depth', () => {
    expect(() => valid({ members: ['wrn-28-4', 'wrn-28-7'] })).toThrow(
      /width 7, wider than member 0/,
    );
    expect(() => checkMemberOrder([arch('wrn-16-4'), arch('wrn-16-7')], false)).toThrow(
      ConfigError,
    );
  });

  it('rejects a WRN depth that is not 6n+4', () => {
    expect(() => valid({ members: ['wrn-27-4'] })).toThrow(ArchitectureError);
    expect(() => valid({ members: ['27x4'] })).toThrow(/depth 27 is invalid/);
  });

  it('rejects thresholds outside [-1, 1]', () => {
    expect(() => valid({ search: { thresholdStart: 1.5 } })).toThrow(
      /search.thresholdStart 1.5 is outside \[-1, 1\]/,
    );
    expect(() => valid({ search: { coefficientThreshold: -2 } })).toThrow(ConfigError);
    expect(() => valid({ unshare: { threshold: 1.01 } })).toThrow(/unshare.threshold/);
    expect(() => valid({ search: { thresholdDecrement: 0 } })).toThrow(/thresholdDecrement/);
  });

  it('rejects an unshare epoch beyond the run', () => {
    expect(() => valid({ unshare: { epoch: 10 } }, 5)).toThrow(
      /unshare.epoch 10 is beyond the run's 5 epochs/,
    );
    expect(() => valid({ unshare: { epoch: 5 } }, 5)).not.toThrow();
  });

  it('rejects bad counts, modes and budgets', () => {
    expect(() => valid({ bins: 0 })).toThrow(/bins 0/);
    expect(() => valid({ maxTemplates: 2.5 })).toThrow(/maxTemplates/);
    expect(() => valid({ budget: -1 })).toThrow(/budget -1/);
    expect(() => valid({ allocation: 'greedy' as never })).toThrow(
      /'breadthFirst', 'proportional'/,
    );
    expect(() => valid({ coefficients: 'shared' as never })).toThrow(ConfigError);
    expect(() => valid({ init: 'xavier' as never })).toThrow(ConfigError);
    expect(() => valid({ search: { epochs: -1 } })).toThrow(/search.epochs/);
  });

  it('reproduces the README presets and their golden bank totals', () => {
    const preset = superWeightsPreset('readme-multi-depth-width');
    expect(preset?.config.members).toEqual(['wrn-28-7', 'wrn-28-4', 'wrn-16-7', 'wrn-16-4']);
    const config = superWeightsConfig(preset?.config);
    expect(() => validateSuperWeightsConfig(config, 200)).not.toThrow();
    const accounting = superWeightsAccounting(
      config.members.map((m) => arch(m)),
      config,
    );
    expect(accounting.budgetParams).toBe(17_997_568);
    expect(accounting.groups).toHaveLength(25);
    const multiWidth = superWeightsConfig(superWeightsPreset('multi-width')?.config);
    expect(multiWidth.members).toEqual(['wrn-28-7', 'wrn-28-4', 'wrn-28-3']);
    const widthAccounting = superWeightsAccounting(
      multiWidth.members.map((m) => arch(m)),
      multiWidth,
    );
    expect(widthAccounting.budgetParams).toBeLessThanOrEqual(18_000_000);
  });
});
