import { describe, expect, it } from 'vitest';
import { buildArchitecture } from '../../../../../src-main/engine/arch/registry';
import { assignBlocks, shapesByCount } from '../../../../../src-main/engine/npas/ssn/assignBlocks';
import { ssnConfig } from '../../../../../src-main/engine/npas/ssn/config';
import { planSsn } from '../../../../../src-main/engine/npas/ssn/planSsn';

const wrn2810 = buildArchitecture('wrn-28-10', {
  classes: 100,
  input: { height: 32, width: 32, channels: 3 },
});
const blocks = (budget: number) =>
  planSsn(wrn2810, ssnConfig({ budget })).layers.map((l) => [l.templates, l.start, l.end]);

describe('assignBlocks', () => {
  it('reproduces the worked block assignment of ssn.md §2.2 (P = 3,650,000) block by block', () => {
    const b = blocks(3_650_000);
    const expected: Record<number, number[]> = {
      0: [8, 0, 3456],
      1: [8, 184_320, 368_640],
      3: [8, 0, 20_480],
      10: [7, 0, 3_225_600],
      12: [8, 0, 409_600],
      19: [1, 0, 1_843_200],
      21: [8, 0, 1_638_400],
      28: [8, 2_048_000, 2_560_000],
    };
    for (const id of [2, 4, 5, 6, 7, 8, 9]) expected[id] = [8, 0, 1_843_200];
    for (const id of [11, 13, 14, 15, 16, 17, 18]) expected[id] = [3, 0, 2_764_800];
    for (const id of [20, 22, 23, 24, 25, 26, 27]) expected[id] = [1, 0, 3_326_976];
    expect(b).toEqual(Array.from({ length: 29 }, (_, id) => expected[id]));
    const plan = planSsn(wrn2810, ssnConfig({ budget: 3_650_000 }));
    expect(plan.layers[20].templateShape).toEqual([608, 608, 3, 3]);
    expect(plan.layers[19].coefficientParams).toBe(0);
  });

  it('gives [160,160,3,3] seven disjoint blocks and alternates [640,640,3,3] at P = 73,000,000', () => {
    const b = blocks(73_000_000);
    expect(b.every(([k]) => k === 8)).toBe(true);
    expect([2, 4, 5, 6, 7, 8, 9].map((id) => b[id][1] / 1_843_200)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect([20, 22, 23, 24, 25, 26, 27].map((id) => b[id][1] / 29_491_200)).toEqual([
      1, 0, 1, 0, 1, 0, 1,
    ]);
    expect(Math.max(...b.map(([, , end]) => end))).toBe(58_982_400);
  });

  it('gives [640,640,3,3] K=4 and alternates two [320,320,3,3] blocks at P = 18,268,442', () => {
    const b = blocks(18_268_442);
    expect([20, 22, 23].map((id) => b[id][0])).toEqual([4, 4, 4]);
    const lp = 8 * 921_600;
    const starts = [11, 13, 14, 15, 16, 17, 18].map((id) => b[id][1] / lp);
    expect(new Set(starts).size).toBe(2);
    expect(starts[0]).not.toBe(starts[1]);
    expect(starts[1]).toBe(starts[3]);
  });

  it('orders shapes by count with ties in first-appearance order, as Counter.most_common', () => {
    expect(shapesByCount(['a', 'b', 'b', 'c', 'a', 'd', 'b'])).toEqual(['b', 'a', 'c', 'd']);
  });

  it('shares one cursor between different shapes with equal block length, and wraps with slide', () => {
    const requests = [
      { shapeKey: 'x', templates: 2, length: 10 },
      { shapeKey: 'x', templates: 2, length: 10 },
      { shapeKey: 'y', templates: 2, length: 10 },
    ];
    expect(assignBlocks(requests, 100, false).map((b) => b.start)).toEqual([0, 10, 20]);
    expect(assignBlocks(requests, 100, true).map((b) => b.start)).toEqual([0, 10, 0]);
    expect(assignBlocks(requests, 25, false).map((b) => b.start)).toEqual([0, 10, 0]);
  });
});
