import { describe, expect, it } from 'vitest';
import { buildArchitecture } from '../../../../../src-main/engine/arch/registry';
import type { SsnConfig } from '../../../../../src-main/engine/npas/ssn/config';
import { ssnConfig } from '../../../../../src-main/engine/npas/ssn/config';
import {
  searchAccounting,
  ssnAccounting,
} from '../../../../../src-main/engine/npas/ssn/ssnAccounting';

const wrn2810 = buildArchitecture('wrn-28-10', {
  classes: 100,
  input: { height: 32, width: 32, channels: 3 },
});

// docs/methods/golden.json "ssn" (WRN-28-10, 100 classes), measured on the reference.
const GOLDEN: { name: string; config: Partial<SsnConfig>; search?: boolean; trainable: number }[] =
  [
    {
      name: 'wavg/inter, one group, budget 0 (store = largest layer)',
      config: { budget: null },
      trainable: 3_704_494,
    },
    {
      name: 'wavg/inter, one group, 1,000,000',
      config: { budget: 1_000_000 },
      trainable: 1_018_026,
    },
    {
      name: 'wavg/inter, one group, 3,650,000',
      config: { budget: 3_650_000 },
      trainable: 3_668_084,
    },
    {
      name: 'emb (fixed)/inter, one group, 3,650,000',
      config: { budget: 3_650_000, combiner: 'emb' },
      trainable: 3_668_906,
    },
    {
      name: 'wavg/inter, one group, 18,268,442',
      config: { budget: 18_268_442 },
      trainable: 18_286_598,
    },
    {
      name: 'wavg/inter, one group, 73,000,000',
      config: { budget: 73_000_000 },
      trainable: 73_018_184,
    },
    {
      name: 'wavg/inter, per-type groups, 3,650,000',
      config: { budget: 3_650_000, groups: 'type' },
      trainable: 3_668_176,
    },
    {
      name: 'wavg/inter, the 14 manual groups, 10,000,000',
      config: { budget: 10_000_000, groups: 'manual' },
      trainable: 10_021_428,
    },
  ];

describe('ssnAccounting', () => {
  for (const row of GOLDEN) {
    it(`reproduces the reference's trainable count for WRN-28-10/C100 with ${row.name}`, () => {
      const account = ssnAccounting(wrn2810, ssnConfig(row.config));
      expect(account.method).toBe('ssn');
      expect(account.trainableParams).toBe(row.trainable);
      expect(account.unsharedParams).toBe(36_536_884);
      if (row.config.budget) expect(account.budgetParams).toBe(row.config.budget);
    });
  }

  it('reports the budget-0 store as the largest layer, 3,686,400, and null as the requested budget', () => {
    const account = ssnAccounting(wrn2810, ssnConfig());
    expect(account.groups[0].storeParams).toBe(3_686_400);
    expect(account.requestedBudget).toBeNull();
    expect(account.budgetParams).toBe(3_686_400);
  });

  it('reproduces the search model counts at 5,000,000: 5,018,068 (wavg) and 5,018,748 (emb)', () => {
    for (const [combiner, trainable] of [
      ['wavg', 5_018_068],
      ['emb', 5_018_748],
    ] as const) {
      const account = searchAccounting(
        wrn2810,
        ssnConfig({ search: { budget: 5_000_000, combiner } }),
      );
      expect(account.trainableParams).toBe(trainable);
      expect(account.budgetParams).toBe(5_000_000);
      expect(
        account.layers.every((l) => l.detail?.templates === 4 && l.detail.blockEnd === 5_000_000),
      ).toBe(true);
    }
  });

  it('gives the search templates of ssn.md §4.2: [372,3360], [441,2834], [860,1453]', () => {
    const account = searchAccounting(wrn2810, ssnConfig());
    expect(account.layers[2].detail?.templateShape).toEqual([372, 3360]);
    expect(account.layers[28].detail?.templateShape).toEqual([441, 2834]);
    expect(account.layers[0].detail?.templateShape).toEqual([860, 1453]);
  });

  it('splits the per-type budget as the reference: conv store 3,586,000 plus a 64,000 + 100 classifier', () => {
    const account = ssnAccounting(wrn2810, ssnConfig({ budget: 3_650_000, groups: 'type' }));
    expect(account.groups.map((g) => g.storeParams)).toEqual([3_586_000, 64_000]);
    expect(account.groups[1].detail?.single).toBe(true);
    expect(account.layers[28].detail?.bias).toBe(100);
  });

  it('splits the manual budget with half-to-even rounding: stores 119,598 / 478,394 / 1,913,576', () => {
    const account = ssnAccounting(wrn2810, ssnConfig({ budget: 10_000_000, groups: 'manual' }));
    expect(account.groups).toHaveLength(14);
    const shared = account.groups.filter((g) => !g.detail?.single);
    expect(shared.map((g) => [g.id, g.storeParams])).toEqual([
      [4, 119_598],
      [8, 478_394],
      [12, 1_913_576],
    ]);
    // Inter leaves part of a small store unused: [160,160,3,3] warps to 112 x 112 (112,896 numbers).
    expect(account.layers[4].detail?.templateShape).toEqual([112, 112, 3, 3]);
  });

  it('finds the Inter templates 448x224 and 320x320 at a 1,000,000 budget', () => {
    const account = ssnAccounting(wrn2810, ssnConfig({ budget: 1_000_000 }));
    expect(account.layers[19].detail?.templateShape).toEqual([448, 224, 3, 3]);
    expect(account.layers[20].detail?.templateShape).toEqual([320, 320, 3, 3]);
    expect(account.layers[11].detail?.upsampler).toBe('none');
  });

  it('counts mask and wavg upsampler parameters (9·w·m and 4·(m+1) per resized layer)', () => {
    const base = ssnAccounting(wrn2810, ssnConfig({ budget: 3_650_000, upsampler: 'repeat' }));
    const mask = ssnAccounting(wrn2810, ssnConfig({ budget: 3_650_000, upsampler: 'mask' }));
    const wavg = ssnAccounting(wrn2810, ssnConfig({ budget: 3_650_000, upsampler: 'wavg' }));
    // Only the seven [640,640,3,3] layers exceed the store: m = ceil(3,686,400 / 3,650,000) − 1 = 1.
    expect(base.layers[20].detail).toMatchObject({
      upsampler: 'repeat',
      copies: 1,
      blockStart: 0,
      blockEnd: 3_650_000,
    });
    expect(mask.trainableParams - base.trainableParams).toBe(7 * 9);
    expect(wavg.trainableParams - base.trainableParams).toBe(7 * 4 * 2);
  });

  it('counts no coefficients for the avg combiner', () => {
    const wavg = ssnAccounting(wrn2810, ssnConfig({ budget: 3_650_000 }));
    const avg = ssnAccounting(wrn2810, ssnConfig({ budget: 3_650_000, combiner: 'avg' }));
    expect(wavg.trainableParams - avg.trainableParams).toBe(132);
  });
});
