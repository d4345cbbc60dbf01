import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '../../../../../src-main/engine/tf';
import { buildDesign } from '../../../../../src-main/engine/arch/design';
import { Model } from '../../../../../src-main/engine/nn/model';
import { crossEntropy } from '../../../../../src-main/engine/train/loss';
import { budgetFromFraction, ssnConfig } from '../../../../../src-main/engine/npas/ssn/config';
import type { SsnConfigInput } from '../../../../../src-main/engine/npas/ssn/config';
import { createSsnProvider } from '../../../../../src-main/engine/npas/ssn/createSsnProvider';
import { expectNoLeaks } from '../../../../helpers/tensors';

// Small enough for cpu autodiff in a unit test: tfjs' conv backprop makes even WRN-10-2 take
// seconds per step. Layers [8,2,3,3], [8,8,3,3] twice, [4,8].
const arch = buildDesign({
  input: { height: 6, width: 6, channels: 2 },
  classes: 4,
  layers: [
    { type: 'conv', filters: 8, kernel: 3 },
    { type: 'conv', filters: 8, kernel: 3 },
    { type: 'conv', filters: 8, kernel: 3 },
    { type: 'globalAvgPool' },
  ],
});

/** A learnable batch: class c shifts channel 0 by ±1 and channel 1 by ±1. */
function batch(): [tf.Tensor4D, tf.Tensor1D] {
  return tf.tidy(() => {
    const labels = Array.from({ length: 16 }, (_, i) => i % 4);
    const shift = labels.map((c) => [c % 2 ? 1 : -1, c < 2 ? 1 : -1]);
    const noise = tf.randomNormal([16, 6, 6, 2], 0, 0.5, 'float32', 1);
    const x = tf.add(noise, tf.reshape(tf.tensor2d(shift), [16, 1, 1, 2])) as tf.Tensor4D;
    return [x, tf.tensor1d(labels, 'int32')];
  });
}

/** Plain SGD on one fixed batch; returns the first and last losses. */
function fit(model: Model, steps: number, lr: number): [number, number] {
  const [x, y] = batch();
  const variables = model.parameters().map((p) => p.variable);
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    let stats: ReturnType<Model['forward']>['stats'] = [];
    const { value, grads } = tf.variableGrads(() => {
      const out = model.forward(x, true);
      stats = out.stats;
      return crossEntropy(out.logits, y);
    }, variables);
    model.updateRunningStats(stats, 16);
    losses.push(value.dataSync()[0]);
    tf.tidy(() => variables.forEach((v) => v.assign(tf.sub(v, tf.mul(grads[v.name], lr)))));
    tf.dispose([value, ...Object.values(grads)]);
  }
  tf.dispose([x, y]);
  return [losses[0], losses[losses.length - 1]];
}

describe('SSN training', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  for (const config of [
    { combiner: 'wavg', upsampler: 'inter' },
    { combiner: 'emb', upsampler: 'mask', groups: 'type' },
  ] as SsnConfigInput[]) {
    it(`lowers the training loss at 25% of the parameters (${config.combiner}, ${config.upsampler})`, async () => {
      await expectNoLeaks(() => {
        const provider = createSsnProvider(
          arch,
          ssnConfig({ ...config, budget: budgetFromFraction(arch, 0.25) }),
          1,
        );
        const model = new Model(arch, provider);
        const [first, last] = fit(model, 40, 0.1);
        expect(last).toBeLessThan(0.5 * first);
        model.dispose();
      });
    });
  }
});
