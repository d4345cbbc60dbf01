import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '../../../../src-main/engine/tf';
import { buildArchitecture } from '../../../../src-main/engine/arch/registry';
import { buildDesign } from '../../../../src-main/engine/arch/design';
import { unsharedParams } from '../../../../src-main/engine/arch/types';
import { Model } from '../../../../src-main/engine/nn/model';
import { createUnsharedProvider } from '../../../../src-main/engine/npas/unshared';
import { expectNoLeaks, maxAbsDiff } from '../../../helpers/tensors';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const tiny = { height: 6, width: 6, channels: 3 };

describe('Model', () => {
  it('lists unique, stable parameter names whose sizes add up to the unshared count', async () => {
    await expectNoLeaks(() => {
      const arch = buildArchitecture('wrn-10-1', { classes: 4, input: tiny });
      const model = new Model(arch, createUnsharedProvider(arch, { seed: 1 }));
      const names = model.parameters().map((p) => p.name);
      expect(new Set(names).size).toBe(names.length);
      expect(names.slice(0, 2)).toEqual(['layer0.weight', 'layer1.weight']);
      expect(names).toContain(`layer${arch.layers.length - 1}.bias`);
      expect(names.slice(-2)).toEqual([
        `bn${arch.norms.length - 1}.gamma`,
        `bn${arch.norms.length - 1}.beta`,
      ]);
      expect(model.parameters().every((p) => p.decay && p.variable.trainable)).toBe(true);
      const total = model.parameters().reduce((sum, p) => sum + p.variable.size, 0);
      expect(total).toBe(unsharedParams(arch));
      expect(
        model
          .buffers()
          .map((b) => b.name)
          .slice(0, 2),
      ).toEqual(['bn0.runningMean', 'bn0.runningVariance']);
      expect(model.buffers().every((b) => !b.variable.trainable)).toBe(true);
      model.dispose();
    });
  });

  it('updates running statistics PyTorch style: mean 0.25, variance 0.9 + 0.1·5/3 for inputs 1..4', async () => {
    const arch = buildDesign({
      input: { height: 1, width: 2, channels: 1 },
      classes: 1,
      layers: [{ type: 'conv', filters: 1, kernel: 1, relu: false }],
    });
    const provider = createUnsharedProvider(arch, {
      seed: 1,
      initial: [Float32Array.from([1]), Float32Array.from([1, 1])],
    });
    const model = new Model(arch, provider);
    const x = tf.tensor4d([1, 2, 3, 4], [2, 1, 2, 1]);
    // The pattern the trainer uses: capture stats inside the tape, update outside it.
    await expectNoLeaks(() => {
      let stats: ReturnType<Model['forward']>['stats'] = [];
      const { value, grads } = tf.variableGrads(() => {
        const out = model.forward(x, true);
        stats = out.stats;
        return tf.sum(out.logits) as tf.Scalar;
      });
      tf.dispose([value, ...Object.values(grads)]);
      expect(stats).toHaveLength(1);
      expect(stats[0].count).toBe(4);
      model.updateRunningStats(stats, 2);
    });
    const [mean, variance] = model.buffers().map((b) => b.variable.dataSync()[0]);
    expect(mean).toBeCloseTo(0.25, 6);
    expect(variance).toBeCloseTo(0.9 + 0.1 * (5 / 3), 6);
    x.dispose();
    model.dispose();
  });

  it('predicts in eval mode like forward(x, false), leaking nothing', async () => {
    const arch = buildArchitecture('resnet-8', { classes: 3, input: tiny });
    const model = new Model(arch, createUnsharedProvider(arch, { seed: 4 }));
    const x = tf.randomNormal([2, 6, 6, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    await expectNoLeaks(() => {
      const predicted = model.predict(x);
      const { logits, stats } = model.forward(x, false);
      expect(stats).toEqual([]);
      expect(predicted.shape).toEqual([2, 3]);
      expect(maxAbsDiff(predicted, logits)).toBe(0);
      tf.dispose([predicted, logits]);
    });
    x.dispose();
    model.dispose();
  });

  it('frees every variable on dispose', async () => {
    await expectNoLeaks(() => {
      const arch = buildArchitecture('cnn', {
        classes: 10,
        input: { height: 8, width: 8, channels: 1 },
      });
      new Model(arch, createUnsharedProvider(arch, { seed: 1 })).dispose();
    });
  });
});
