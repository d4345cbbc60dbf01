import { describe, expect, it } from 'vitest';
import { ArchitectureError } from '../../../../src-main/contract/errors';
import { buildResnet, checkResnetDepth } from '../../../../src-main/engine/arch/resnet';
import { unsharedParams } from '../../../../src-main/engine/arch/types';

const cifar = { height: 32, width: 32, channels: 3 };

describe('buildResnet', () => {
  // Option A (He et al. 2016 CIFAR): convs + classifier + BN γ/β, no shortcut parameters.
  it.each([
    [20, 269_722],
    [32, 464_154],
    [56, 853_018],
  ])(
    'counts ResNet-%i with parameter-free shortcuts at %i parameters (10 classes)',
    (depth, params) => {
      expect(unsharedParams(buildResnet(depth, { classes: 10, input: cifar }))).toBe(params);
    },
  );

  // Option B adds two 1×1 projections with BN: 16·32 + 32·64 + 2·(32 + 64) = 2,752 more.
  it.each([
    [20, 272_474],
    [32, 466_906],
    [56, 855_770],
  ])(
    'counts ResNet-%i with projection shortcuts at %i parameters (10 classes)',
    (depth, params) => {
      expect(unsharedParams(buildResnet(depth, { classes: 10, input: cifar }, 'B'))).toBe(params);
    },
  );

  it('has depth − 1 convs plus the classifier and two option-A shortcut nodes', () => {
    const arch = buildResnet(20, { classes: 10, input: cifar });
    expect(arch.layers).toHaveLength(20);
    const pads = arch.nodes.filter((n) => n.op === 'subsamplePad');
    expect(pads).toEqual([
      expect.objectContaining({ stride: 2, channels: 32 }),
      expect.objectContaining({ stride: 2, channels: 64 }),
    ]);
    expect(arch.norms).toHaveLength(19);
  });

  it('rejects depth 21 naming the nearest valid depths 20 and 26', () => {
    expect(() => checkResnetDepth(21)).toThrow(ArchitectureError);
    expect(() => checkResnetDepth(21)).toThrow(/depth 21.*20 or 26/);
    expect(() => checkResnetDepth(2)).toThrow(/nearest valid: 8/);
  });
});
