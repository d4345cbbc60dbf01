// `npas inspect --json` reproduces the reference implementations' parameter counts
// (docs/methods/golden.json): every SSN row of ssn.md §7 for WRN-28-10 on CIFAR-100 and the
// SuperWeights bank totals of superweights.md §3, through the real command line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function inspect(...args: string[]) {
  const result = spawnSync(
    process.execPath,
    [
      'bin/npas.js',
      'inspect',
      '--arch',
      'wrn-28-10',
      '--classes',
      '100',
      '--input',
      '32x32x3',
      '--json',
      ...args,
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout);
}

function configFile(content: object): string {
  const file = join(mkdtempSync(join(tmpdir(), 'npas-inspect-')), 'run.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
}

describe('SSN accounting of WRN-28-10 (CIFAR-100) matches the reference', () => {
  it.each([
    ['no budget (the reference --max_params 0)', [], 3_704_494, 3_686_400],
    ['1,000,000', ['--budget', '1000000'], 1_018_026, 1_000_000],
    ['3,650,000', ['--budget', '3650000'], 3_668_084, 3_650_000],
    ['3,650,000 with Emb', ['--budget', '3650000', '--combiner', 'emb'], 3_668_906, 3_650_000],
    ['18,268,442 (50%)', ['--budget', '18268442'], 18_286_598, 18_268_442],
    ['73,000,000 (high budget)', ['--budget', '73000000'], 73_018_184, 73_000_000],
    [
      '3,650,000 with per-type groups',
      ['--budget', '3650000', '--groups', 'type'],
      3_668_176,
      3_650_000,
    ],
    [
      '10,000,000 with the 14 manual groups',
      ['--budget', '10000000', '--groups', 'manual'],
      10_021_428,
      10_000_000,
    ],
  ])('at %s', (_label, args, trainable, budget) => {
    const report = inspect('--method', 'ssn', ...(args as string[]));
    expect(report.unsharedParams).toBe(36_536_884);
    expect(report.trainableParams).toBe(trainable);
    expect(report.budgetParams).toBe(budget);
    expect(report.accounting.layers).toHaveLength(29);
  });

  it('reports the 5,000,000-parameter search model for learned groups, Emb and WAvg', () => {
    expect(inspect('--method', 'ssn', '--groups', 'learned:4').trainableParams).toBe(5_018_748);
    const wavg = configFile({
      method: 'ssn',
      ssn: { groups: 'learned:4', search: { combiner: 'wavg' } },
    });
    expect(inspect('--config', wavg).trainableParams).toBe(5_018_068);
  });
});

describe('SuperWeights accounting matches the reference', () => {
  it('puts 35,998,720 parameters in banks for WRN-28-10 at 36,000,000', () => {
    expect(inspect('--method', 'superweights', '--budget', '36000000').budgetParams).toBe(
      35_998_720,
    );
  });

  it('puts 17,997,568 parameters in 25 banks for the README ensemble at 18,000,000', () => {
    const report = inspect(
      '--method',
      'superweights',
      '--members',
      '28x7,28x4,16x7,16x4',
      '--budget',
      '18000000',
    );
    expect(report.budgetParams).toBe(17_997_568);
    expect(report.accounting.groups).toHaveLength(25);
    expect(report.arch).toBe('wrn-28-7');
  });

  it('refuses a budget below the minimum and names the minimum', () => {
    const result = spawnSync(
      process.execPath,
      [
        'bin/npas.js',
        'inspect',
        '--arch',
        'wrn-28-10',
        '--classes',
        '100',
        '--method',
        'superweights',
        '--budget',
        '2000000',
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/8,729,600|8729600/);
  });
});
