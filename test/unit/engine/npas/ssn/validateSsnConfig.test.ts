import { describe, expect, it } from 'vitest';
import { BudgetError, ConfigError } from '../../../../../src-main/contract/errors';
import { buildArchitecture } from '../../../../../src-main/engine/arch/registry';
import type { SsnConfigInput } from '../../../../../src-main/engine/npas/ssn/config';
import { ssnConfig } from '../../../../../src-main/engine/npas/ssn/config';
import { validateSsnConfig } from '../../../../../src-main/engine/npas/ssn/validateSsnConfig';

const cifar = { classes: 100, input: { height: 32, width: 32, channels: 3 } };
const wrn = buildArchitecture('wrn-28-10', cifar);
const resnet = buildArchitecture('resnet-20', cifar);
const check =
  (config: SsnConfigInput, arch = wrn) =>
  () =>
    validateSsnConfig(arch, ssnConfig(config));
const bad = <T>(value: T) => value as never;

describe('validateSsnConfig', () => {
  it('accepts the reference defaults and every golden configuration', () => {
    expect(check({})).not.toThrow();
    expect(check({ budget: 3_650_000, combiner: 'emb' })).not.toThrow();
    expect(check({ budget: 10_000_000, groups: 'manual' })).not.toThrow();
    expect(check({ groups: 'learned', groupCount: 8 })).not.toThrow();
  });

  it('rejects a budget of zero, below zero or fractional with a BudgetError naming it', () => {
    expect(check({ budget: 0 })).toThrow(BudgetError);
    expect(check({ budget: 0 })).toThrow(/budget 0 is invalid; give a positive whole number/);
    expect(check({ budget: -5 })).toThrow(/budget -5/);
    expect(check({ budget: 1.5 })).toThrow(BudgetError);
  });

  it('rejects a budget too small for the Inter search (the reference crashes at p ≤ 0)', () => {
    expect(check({ budget: 1000 })).toThrow(BudgetError);
    expect(check({ budget: 1000 })).toThrow(/too small for Inter: layer \d+ .* needs at least \d+/);
  });

  it('rejects a budget the single-layer groups alone exceed (manual WRN groups need > 7,488,432)', () => {
    expect(check({ budget: 7_000_000, groups: 'manual' })).toThrow(BudgetError);
    expect(check({ budget: 7_000_000, groups: 'manual' })).toThrow(/alone need 7488432 parameters/);
    expect(check({ budget: 7_488_432, groups: 'manual' })).toThrow(/leaving nothing/);
  });

  it('rejects more groups than layers', () => {
    expect(check({ groups: 'random', groupCount: 30 })).toThrow(ConfigError);
    expect(check({ groups: 'random', groupCount: 30 })).toThrow(
      /groupCount 30 is more groups than .* layers \(29\)/,
    );
    expect(check({ groups: 'learned', groupCount: 30 })).toThrow(ConfigError);
    expect(check({ groups: 'random' })).toThrow(/needs groupCount/);
  });

  it('rejects an explicit group list of the wrong length or with unused ids', () => {
    expect(check({ groups: [0, 1, 0] })).toThrow(ConfigError);
    expect(check({ groups: [0, 1, 0] })).toThrow(/3 entries but 'wrn-28-10' has 29 layers/);
    expect(check({ groups: Array.from({ length: 29 }, (_, i) => (i < 10 ? 0 : 2)) })).toThrow(
      /never 1/,
    );
    expect(check({ groups: Array.from({ length: 29 }, () => -1) })).toThrow(
      /group id -1 is invalid/,
    );
  });

  it('rejects an unknown combiner, upsampler or group mode, listing the valid ones', () => {
    expect(check({ combiner: bad('hash') })).toThrow(ConfigError);
    expect(check({ combiner: bad('hash') })).toThrow(
      /unknown combiner 'hash'; valid: wavg, emb, avg/,
    );
    expect(check({ upsampler: bad('tile') })).toThrow(
      /unknown upsampler 'tile'; valid: inter, repeat, mask, wavg, none/,
    );
    expect(check({ groups: bad('clever') })).toThrow(/unknown groups 'clever'/);
    expect(check({ init: bad('xavier') })).toThrow(
      /unknown init 'xavier'; valid: reference, fanIn/,
    );
  });

  it("rejects upsampler 'none' when a layer exceeds its store, and bad template or window counts", () => {
    expect(check({ budget: 3_650_000, upsampler: 'none' })).toThrow(BudgetError);
    expect(check({ budget: 3_650_000, upsampler: 'none' })).toThrow(
      /upsampler 'none' cannot resize/,
    );
    expect(check({ budget: 40_000_000, upsampler: 'none' })).not.toThrow();
    expect(check({ maxTemplates: 0 })).toThrow(/maxTemplates 0/);
    expect(check({ upsampleWindow: 2.5 })).toThrow(/upsampleWindow 2.5/);
  });

  it('rejects manual groups outside WRN and bad search settings', () => {
    expect(check({ groups: 'manual' }, resnet)).toThrow(/only for WRN/);
    expect(check({ groups: 'learned', groupCount: 4, search: { budget: 0 } })).toThrow(
      /search budget 0/,
    );
    expect(check({ groups: 'learned', groupCount: 4, search: { budget: 10 } })).toThrow(
      /search budget 10 is too small/,
    );
    expect(check({ groups: 'learned', groupCount: 4, search: { combiner: bad('avg') } })).toThrow(
      /search combiner 'avg'/,
    );
  });
});
