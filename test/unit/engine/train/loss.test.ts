import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '../../../../src-main/engine/tf';
import { correctCounts, crossEntropy } from '../../../../src-main/engine/train/loss';
import { expectNoLeaks } from '../../../helpers/tensors';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('crossEntropy', () => {
  it('equals −log softmax of the true class, and PyTorch label smoothing when asked', async () => {
    const logits = tf.tensor2d([
      [2, 0, -1],
      [0.5, 0.5, 3],
    ]);
    const labels = tf.tensor1d([0, 1], 'int32');
    const logp = [
      [2, 0, -1],
      [0.5, 0.5, 3],
    ].map((row) => {
      const z = Math.log(row.reduce((s, v) => s + Math.exp(v), 0));
      return row.map((v) => v - z);
    });
    const nll = [-logp[0][0], -logp[1][1]];
    const smooth = logp.map((row) => -row.reduce((s, v) => s + v, 0) / 3);
    await expectNoLeaks(() => {
      const plain = crossEntropy(logits as tf.Tensor2D, labels as tf.Tensor1D);
      const smoothed = crossEntropy(logits as tf.Tensor2D, labels as tf.Tensor1D, 0.1);
      expect(plain.dataSync()[0]).toBeCloseTo((nll[0] + nll[1]) / 2, 5);
      const expected = (0.9 * (nll[0] + nll[1]) + 0.1 * (smooth[0] + smooth[1])) / 2;
      expect(smoothed.dataSync()[0]).toBeCloseTo(expected, 5);
      tf.dispose([plain, smoothed]);
    });
    tf.dispose([logits, labels]);
  });

  it('counts top-1 and top-5 hits', async () => {
    const logits = tf.tensor2d([
      [9, 8, 7, 6, 5, 4],
      [9, 8, 7, 6, 5, 4],
      [1, 2, 3, 4, 5, 6],
    ]);
    const labels = tf.tensor1d([0, 4, 0], 'int32');
    expect(await correctCounts(logits as tf.Tensor2D, labels as tf.Tensor1D)).toEqual({
      top1: 1,
      top5: 2,
    });
    tf.dispose([logits, labels]);
  });
});
