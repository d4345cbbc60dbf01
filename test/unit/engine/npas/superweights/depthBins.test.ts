import { describe, expect, it } from 'vitest';
import {
  binSizes,
  depthBins,
  renumberClusters,
  roundHalfEven,
  sharedLayers,
} from '../../../../../src-main/engine/npas/superweights';
import { arch, clusterLists, readmeEnsemble } from './fixtures';

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe('depth bins (superweights.md §1.2)', () => {
  it('generates d layers for WRN-d-k and leaves the classifier to the member', () => {
    expect(sharedLayers(arch('wrn-28-7'), false)).toHaveLength(28);
    expect(sharedLayers(arch('wrn-16-7'), false)).toHaveLength(16);
    expect(sharedLayers(arch('wrn-16-7'), true)).toHaveLength(17);
  });

  it('reproduces the WRN-28 bins of §1.2 with 4 bins', () => {
    const [wrn28] = depthBins([arch('wrn-28-7')], 4, true, false);
    expect(clusterLists(wrn28)).toEqual({
      0: [3, 12, 21],
      1: [0, 1, 2, 4, 5, 6, 7],
      2: [8, 9, 10, 11, 13, 14],
      3: range(15, 20),
      4: range(22, 27),
    });
    expect(wrn28[28]).toBe(-1);
  });

  it('reproduces the WRN-16 bins of §1.2 as a member after a WRN-28 (counts come from member 0)', () => {
    const bins = depthBins(readmeEnsemble(), 4, true, false);
    const wrn16 = { 0: [3, 8, 13], 1: [0, 1, 2, 4], 2: [5, 6, 7], 3: [9, 10, 11], 4: [12, 14, 15] };
    expect(clusterLists(bins[2])).toEqual(wrn16);
    expect(clusterLists(bins[3])).toEqual(wrn16);
    expect(bins[1]).toEqual(bins[0]);
  });

  it('gives WRN-16 alone round(4·13/16) = 3 bins of 3×3 layers', () => {
    const [wrn16] = depthBins([arch('wrn-16-4')], 4, true, false);
    expect(clusterLists(wrn16)).toEqual({
      0: [3, 8, 13],
      1: [0, 1, 2, 4, 5],
      2: [6, 7, 9, 10],
      3: [11, 12, 14, 15],
    });
  });

  it('rounds halves to even and puts remainders in the first bins, as the reference', () => {
    expect([0.5, 1.5, 2.5, 3.57, 0.75].map(roundHalfEven)).toEqual([0, 2, 2, 4, 1]);
    expect(binSizes(25, 4)).toEqual([7, 6, 6, 6]);
    expect(binSizes(2, 4)).toEqual([1, 1, 0, 0]);
  });

  it('splits depth bins by kernel when kernels are not kept apart', () => {
    const [wrn] = depthBins([arch('wrn-16-4')], 2, false, false);
    const lists = Object.values(clusterLists(wrn));
    // 16 layers in 2 depth bins of 8, each split into its 1×1 and 3×3 layers.
    expect(lists).toEqual([[3], [0, 1, 2, 4, 5, 6, 7], [8, 13], [9, 10, 11, 12, 14, 15]]);
  });

  it('renumbers cluster ids to 0..G−1 keeping their order', () => {
    expect(
      renumberClusters([
        [7, 3, -1, 7],
        [3, 12],
      ]),
    ).toEqual([
      [1, 0, -1, 1],
      [0, 2],
    ]);
  });

  it('bins layers of other families: MLP hidden layers, CNN and ResNet convs', () => {
    const mnist = { classes: 10, input: { height: 28, width: 28, channels: 1 } };
    expect(depthBins([arch('mlp', mnist)], 4, true, false)[0]).toEqual([0, 1, -1]);
    expect(depthBins([arch('cnn', mnist)], 4, true, false)[0]).toEqual([0, 1, 2, -1]);
    const resnet = depthBins(
      [arch('resnet-20', { classes: 10, input: { height: 32, width: 32, channels: 3 } })],
      4,
      true,
      false,
    )[0];
    expect(new Set(resnet.filter((c) => c >= 0))).toEqual(new Set([0, 1, 2, 3]));
  });
});
