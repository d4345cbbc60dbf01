import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src-main/contract/errors';
import { parseRunConfig } from '../../../src-main/contract/config';
import { configFromFlags, parseBudget, parseFlags, RUN_FLAGS } from '../../../src-main/cli/flags';

const configOf = (argv: string[]) =>
  parseRunConfig(configFromFlags(parseFlags(argv, RUN_FLAGS).values));

describe('command-line flags', () => {
  it('map the shared vocabulary onto the run config', () => {
    const config = configOf([
      '--arch',
      'wrn-16-4',
      '--classes',
      '10',
      '--input',
      '32x32x3',
      '--dataset',
      '/data/cifar',
      '--method',
      'ssn',
      '--budget',
      '10%',
      '--epochs',
      '5',
      '--batch-size',
      '64',
      '--seed',
      '7',
      '--backend',
      'wasm',
    ]);
    expect(config).toMatchObject({
      arch: 'wrn-16-4',
      classes: 10,
      input: '32x32x3',
      method: 'ssn',
      budget: '10%',
      seed: 7,
      backend: 'wasm',
      dataset: { path: '/data/cifar' },
      training: { epochs: 5, batchSize: 64 },
    });
  });

  it('let flags override the config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'npas-flags-'));
    const file = join(dir, 'run.json');
    writeFileSync(file, JSON.stringify({ arch: 'mlp', training: { epochs: 9, lr: 0.01 } }));
    const config = configOf(['--config', file, '--epochs', '2']);
    expect(config.arch).toBe('mlp');
    expect(config.training.epochs).toBe(2);
    expect(config.training.lr).toBe(0.01);
  });

  it('reject an unknown flag, a malformed number and a bad config file with ConfigError', () => {
    expect(() => parseFlags(['--colour', 'red'], RUN_FLAGS)).toThrow(ConfigError);
    expect(() => parseFlags(['--colour', 'red'], RUN_FLAGS)).toThrow(/colour/);
    expect(() => configOf(['--epochs', 'three'])).toThrow(
      /--epochs must be a non-negative integer, got "three"/,
    );
    expect(() => configOf(['--config', '/no/such/run.json'])).toThrow(
      /--config \/no\/such\/run\.json/,
    );
    const dir = mkdtempSync(join(tmpdir(), 'npas-flags-'));
    writeFileSync(join(dir, 'bad.json'), '{ not json');
    expect(() => configOf(['--config', join(dir, 'bad.json')])).toThrow(/not valid JSON/);
  });

  it('parse budgets as counts, scientific notation or percentages', () => {
    expect(parseBudget('500000')).toBe(500000);
    expect(parseBudget('5e5')).toBe(500000);
    expect(parseBudget('12.5%')).toBe('12.5%');
    expect(() => parseBudget('lots')).toThrow(/--budget must be a parameter count/);
  });

  it('load a bundled preset and reject an unknown one', () => {
    expect(configOf(['--preset', 'quickstart']).arch).toBe('cnn');
    expect(() => configOf(['--preset', 'nope'])).toThrow(
      /unknown preset "nope"; available: .*quickstart/,
    );
  });
});
