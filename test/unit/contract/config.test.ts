import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../src-main/contract/config';
import { ConfigError } from '../../../src-main/contract/errors';

describe('parseRunConfig', () => {
  it('fills every default from one place', () => {
    const config = parseRunConfig({});
    expect(config.schemaVersion).toBe(1);
    expect(config.method).toBe('unshared');
    expect(config.dataset).toEqual({ path: 'sample', format: 'auto' });
    expect(config.training.momentum).toBe(0.9);
    expect(config.training.nesterov).toBe(true);
    expect(config.training.weightDecay).toBe(5e-4);
  });

  it('names every offending field in one ConfigError', () => {
    const attempt = () =>
      parseRunConfig({ training: { epochs: -1 }, budget: 'ten', colour: 'red' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/training\.epochs/);
    expect(attempt).toThrow(/budget/);
    expect(attempt).toThrow(/colour/);
  });

  it('accepts a budget as a count or a percentage', () => {
    expect(parseRunConfig({ budget: 500000 }).budget).toBe(500000);
    expect(parseRunConfig({ budget: '12.5%' }).budget).toBe('12.5%');
  });

  it('rejects an unknown method and lists the valid ones', () => {
    expect(() => parseRunConfig({ method: 'hashing' })).toThrow(/unshared.*ssn.*superweights/);
  });
});
