import { describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '../../../../src-main/engine/tf';
import { batchNormTrain } from '../../../../src-main/engine/nn/batchNorm';
import { expectNoLeaks, maxAbsDiff } from '../../../helpers/tensors';

describe('batchNormTrain', () => {
  it('has the same gradients as autodiff of the textbook formula and leaks nothing', async () => {
    await tf.setBackend('cpu');
    const x = tf.randomNormal([4, 3, 3, 5], 0, 1, 'float32', 1);
    const g = tf.randomNormal([5], 1, 0.1, 'float32', 2) as tf.Tensor1D;
    const b = tf.randomNormal([5], 0, 0.1, 'float32', 3) as tf.Tensor1D;
    const w = tf.randomNormal([4, 3, 3, 5], 0, 1, 'float32', 4);
    await expectNoLeaks(() => {
      const fused = tf.grads((xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => {
        const r = batchNormTrain(xx, gg as tf.Tensor1D, bb as tf.Tensor1D);
        r.mean.dispose();
        r.variance.dispose();
        return tf.sum(tf.mul(r.y, w));
      })([x, g, b]);
      const plain = tf.grads((xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => {
        const { mean, variance } = tf.moments(xx, [0, 1, 2]);
        const norm = tf.div(tf.sub(xx, mean), tf.sqrt(tf.add(variance, 1e-5)));
        return tf.sum(tf.mul(tf.add(tf.mul(norm, gg), bb), w));
      })([x, g, b]);
      for (let i = 0; i < 3; i++) expect(maxAbsDiff(fused[i], plain[i])).toBeLessThan(1e-4);
      tf.dispose([...fused, ...plain]);
    });
  });
});
