import { describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '../../../../src-main/engine/tf';
import { batchNormTrain, channelMean } from '../../../../src-main/engine/nn/batchNorm';
import { initBackend } from '../../../../src-main/engine/backend/ladder';
import { expectNoLeaks, maxAbsDiff } from '../../../helpers/tensors';

/** Fused gradients vs autodiff of the textbook formula, plus the returned batch statistics. */
async function checkAgainstTextbook(shape: number[]): Promise<void> {
  const channels = shape[shape.length - 1];
  const axes = shape.slice(0, -1).map((_, i) => i);
  const x = tf.randomNormal(shape, 0.5, 2, 'float32', 1);
  const g = tf.randomNormal([channels], 1, 0.1, 'float32', 2) as tf.Tensor1D;
  const b = tf.randomNormal([channels], 0, 0.1, 'float32', 3) as tf.Tensor1D;
  const w = tf.randomNormal(shape, 0, 1, 'float32', 4);
  await expectNoLeaks(() => {
    const fused = tf.grads((xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => {
      const r = batchNormTrain(xx, gg as tf.Tensor1D, bb as tf.Tensor1D);
      r.mean.dispose();
      r.variance.dispose();
      return tf.sum(tf.mul(r.y, w));
    })([x, g, b]);
    const plain = tf.grads((xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => {
      const { mean, variance } = tf.moments(xx, axes);
      const norm = tf.div(tf.sub(xx, mean), tf.sqrt(tf.add(variance, 1e-5)));
      return tf.sum(tf.mul(tf.add(tf.mul(norm, gg), bb), w));
    })([x, g, b]);
    for (let i = 0; i < 3; i++) expect(maxAbsDiff(fused[i], plain[i])).toBeLessThan(1e-4);
    const r = batchNormTrain(x, g, b);
    const m = tf.moments(x, axes);
    expect(maxAbsDiff(r.mean, m.mean)).toBeLessThan(1e-5);
    expect(maxAbsDiff(r.variance, m.variance)).toBeLessThan(1e-4);
    tf.dispose([...fused, ...plain, r.y, r.mean, r.variance, m.mean, m.variance]);
  });
  tf.dispose([x, g, b, w]);
}

describe('batchNormTrain', () => {
  it('has the same gradients as autodiff of the textbook formula and leaks nothing (cpu)', async () => {
    await tf.setBackend('cpu');
    await checkAgainstTextbook([4, 3, 3, 5]);
  });

  it('agrees with the textbook formula on wasm, for NHWC and for [N, C] input', async () => {
    await initBackend('wasm');
    await checkAgainstTextbook([3, 5, 7, 4]);
    await checkAgainstTextbook([6, 9]);
  });
});

describe('channelMean', () => {
  it('averages every axis but the last, via pooling for NHWC (wasm and cpu)', async () => {
    for (const backend of ['cpu', 'wasm']) {
      await tf.setBackend(backend);
      const x = tf.tensor4d(
        Array.from({ length: 2 * 3 * 2 * 2 }, (_, i) => i),
        [2, 3, 2, 2],
      );
      await expectNoLeaks(() => {
        const mean = channelMean(x);
        // Channel 0 holds the even numbers 0..22, channel 1 the odd ones 1..23.
        expect(Array.from(mean.dataSync())).toEqual([11, 12]);
        mean.dispose();
      });
      x.dispose();
    }
  });
});
