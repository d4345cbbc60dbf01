import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '../../../../src-main/engine/tf';
import { ConfigError } from '../../../../src-main/contract/errors';
import { buildArchitecture } from '../../../../src-main/engine/arch/registry';
import {
  createUnsharedProvider,
  kaimingNormal,
  tfjsWeightShape,
  unsharedAccounting,
} from '../../../../src-main/engine/npas/unshared';
import { expectNoLeaks } from '../../../helpers/tensors';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const cifar = { height: 32, width: 32, channels: 3 };
const small = buildArchitecture('wrn-10-2', {
  classes: 10,
  input: { height: 8, width: 8, channels: 3 },
});

function moments(values: Float32Array): { mean: number; std: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}

describe('createUnsharedProvider', () => {
  it('draws kaiming-normal fan_in weights: std sqrt(2/144) = 0.1179 for a 3×3 conv from 16 channels', () => {
    const layer = small.layers[2]; // stage1.block0.conv2: [32, 32, 3, 3]
    const { mean, std } = moments(kaimingNormal(layer, 5));
    const expected = Math.sqrt(2 / (layer.inChannels * 9));
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(std / expected - 1)).toBeLessThan(0.03);
  });

  it('repeats exactly with a seed and differs across seeds and layers', () => {
    const a = kaimingNormal(small.layers[4], 3);
    expect(kaimingNormal(small.layers[4], 3)).toEqual(a);
    expect(kaimingNormal(small.layers[4], 4)).not.toEqual(a);
    expect(kaimingNormal(small.layers[5], 3).slice(0, 8)).not.toEqual(a.slice(0, 8));
  });

  it('holds tfjs-layout weights named layer{id}.weight and zero biases only where the layer has one', async () => {
    await expectNoLeaks(() => {
      const provider = createUnsharedProvider(small, { seed: 1 });
      const weights = provider.generate();
      expect(weights.map((w) => w.kernel.shape)).toEqual(small.layers.map(tfjsWeightShape));
      expect(weights[0].kernel.shape).toEqual([3, 3, 3, 16]);
      expect(weights.map((w) => w.bias !== undefined)).toEqual(small.layers.map((l) => l.bias));
      expect(Array.from(weights[small.layers.length - 1].bias?.dataSync() ?? [])).toEqual(
        new Array(10).fill(0),
      );
      expect(provider.parameters.map((p) => p.name).slice(-2)).toEqual([
        'layer10.weight',
        'layer10.bias',
      ]);
      expect(provider.method).toBe('unshared');
      provider.dispose();
    });
  });

  it('starts from given initial weights', async () => {
    const initial = small.layers.map((l) =>
      new Float32Array(l.outChannels * l.inChannels * l.kernel ** 2).fill(l.id),
    );
    await expectNoLeaks(() => {
      const provider = createUnsharedProvider(small, { seed: 1, initial });
      expect(provider.generate()[7].kernel.dataSync()[0]).toBe(7);
      provider.dispose();
    });
  });

  it('rejects initial weights for the wrong number of layers', () => {
    expect(() => createUnsharedProvider(small, { seed: 1, initial: [] })).toThrow(ConfigError);
    expect(() => createUnsharedProvider(small, { seed: 1, initial: [] })).toThrow(
      /cover 0 layers.*has 11/,
    );
  });

  it('rejects initial weights of the wrong size, naming the layer', () => {
    const initial = small.layers.map(
      (l) => new Float32Array(l.outChannels * l.inChannels * l.kernel ** 2),
    );
    initial[3] = new Float32Array(5);
    expect(() => createUnsharedProvider(small, { seed: 1, initial })).toThrow(
      /layer 3 \(stage1\.block0\.shortcut\) have 5 values.*\[1, 1, 16, 32\] kernel needs 512/,
    );
  });

  it('accounts WRN-28-10 at 36,536,884 budget and trainable parameters, one line per layer', () => {
    const arch = buildArchitecture('wrn-28-10', { classes: 100, input: cifar });
    const accounting = unsharedAccounting(arch);
    expect(accounting).toMatchObject({
      method: 'unshared',
      unsharedParams: 36_536_884,
      budgetParams: 36_536_884,
      trainableParams: 36_536_884,
      requestedBudget: null,
      groups: [],
    });
    expect(accounting.layers).toHaveLength(29);
    expect(accounting.layers[3]).toEqual({
      id: 3,
      name: 'stage1.block0.shortcut',
      shape: [160, 16, 1, 1],
      params: 2560,
    });
    expect(accounting.layers[28].params).toBe(64_100);
  });

  it('reports the same accounting from a live provider', async () => {
    await expectNoLeaks(() => {
      const provider = createUnsharedProvider(small, { seed: 1 });
      expect(provider.accounting()).toEqual(unsharedAccounting(small));
      provider.dispose();
    });
  });
});
