import { describe, expect, it } from 'vitest';
import { ArchitectureError } from '../../../../src-main/contract/errors';
import {
  buildDesign,
  type DesignLayer,
  type DesignSpec,
} from '../../../../src-main/engine/arch/design';
import { unsharedParams } from '../../../../src-main/engine/arch/types';

const input = { height: 8, width: 8, channels: 3 };
const design = (layers: DesignLayer[], extra: Partial<DesignSpec> = {}): DesignSpec => ({
  input,
  classes: 4,
  layers,
  ...extra,
});

describe('buildDesign', () => {
  it('builds conv→BN→ReLU, pool and dense with an appended classifier and auto-flatten', () => {
    const arch = buildDesign(
      design(
        [
          { type: 'conv', filters: 6, kernel: 3 },
          { type: 'maxPool', size: 2 },
          { type: 'dense', units: 10 },
        ],
        { name: 'tiny' },
      ),
    );
    expect(arch).toMatchObject({ name: 'tiny', family: 'design', classes: 4 });
    expect(arch.layers.map((l) => [l.kind, l.inChannels, l.outChannels, l.bias])).toEqual([
      ['conv', 3, 6, false],
      ['dense', 4 * 4 * 6, 10, true],
      ['dense', 10, 4, true],
    ]);
    expect(arch.nodes.map((n) => n.op)).toEqual([
      'input',
      'conv',
      'batchNorm',
      'relu',
      'maxPool',
      'flatten',
      'dense',
      'relu',
      'dense',
    ]);
    // 3·6·9 + 2·6 + 96·10 + 10 + 10·4 + 4
    expect(unsharedParams(arch)).toBe(162 + 12 + 970 + 44);
  });

  it('gives a conv without batch norm a bias and honours relu: false', () => {
    const arch = buildDesign(
      design([{ type: 'conv', filters: 2, kernel: 1, batchNorm: false, relu: false }]),
    );
    expect(arch.layers[0].bias).toBe(true);
    expect(arch.nodes.map((n) => n.op)).toEqual(['input', 'conv', 'flatten', 'dense']);
  });

  it('defaults to size-preserving padding and supports avgPool and globalAvgPool', () => {
    const arch = buildDesign(
      design([
        { type: 'conv', filters: 4, kernel: 5 },
        { type: 'avgPool', size: 2, stride: 2 },
        { type: 'conv', filters: 4, kernel: 3, stride: 2 },
        { type: 'globalAvgPool' },
      ]),
    );
    expect(arch.layers.map((l) => l.inputSize?.height)).toEqual([8, 4, 1]);
    expect(arch.layers[2].inChannels).toBe(4);
  });

  it('names the layer index when the spatial size collapses to 0', () => {
    const spec = design([
      { type: 'maxPool', size: 2 },
      { type: 'maxPool', size: 2 },
      { type: 'conv', filters: 4, kernel: 5, padding: 0 },
    ]);
    expect(() => buildDesign(spec)).toThrow(ArchitectureError);
    expect(() => buildDesign(spec)).toThrow(/design layer 2 \(conv\).*2×2 input leaves 0×0/);
  });

  it('names the layer index of a pool larger than its input', () => {
    expect(() => buildDesign(design([{ type: 'avgPool', size: 9 }]))).toThrow(
      /design layer 0 \(avgPool\).*8×8 input leaves 0×0/,
    );
  });

  it.each([
    [{ type: 'conv', filters: 0, kernel: 3 }, /design layer 0 \(conv\): filters 0/],
    [{ type: 'conv', filters: 4, kernel: -1 }, /design layer 0 \(conv\): kernel -1/],
    [{ type: 'conv', filters: 4, kernel: 3, stride: 0 }, /design layer 0 \(conv\): stride 0/],
    [{ type: 'conv', filters: 4, kernel: 3, padding: -2 }, /design layer 0 \(conv\): padding -2/],
    [
      { type: 'conv', filters: 4, kernel: 3, padding: 'full' },
      /design layer 0 \(conv\): padding "full"/,
    ],
    [{ type: 'dense', units: 2.5 }, /design layer 0 \(dense\): units 2.5/],
    [{ type: 'maxPool', size: 0 }, /design layer 0 \(maxPool\): size 0/],
    [{ type: 'avgPool', size: 2, stride: 0 }, /design layer 0 \(avgPool\): stride 0/],
  ] as [DesignLayer, RegExp][])('rejects %j', (layer, message) => {
    expect(() => buildDesign(design([layer]))).toThrow(ArchitectureError);
    expect(() => buildDesign(design([layer]))).toThrow(message);
  });

  it('rejects a conv after a flattening layer, naming its index', () => {
    const spec = design([{ type: 'flatten' }, { type: 'conv', filters: 2, kernel: 1 }]);
    expect(() => buildDesign(spec)).toThrow(/design layer 1 \(conv\) needs a feature map/);
  });

  it('rejects an unknown layer type naming the valid ones', () => {
    const spec = design([{ type: 'dropout' } as unknown as DesignLayer]);
    expect(() => buildDesign(spec)).toThrow(/design layer 0: unknown type "dropout".*conv, dense/);
  });

  it('rejects a class count of 0', () => {
    expect(() => buildDesign(design([], { classes: 0 }))).toThrow(/class count 0/);
  });
});
