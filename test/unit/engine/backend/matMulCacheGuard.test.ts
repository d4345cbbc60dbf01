// The wasm backend's matmul caches its operator by the right-hand tensor's id alone; the guard
// must make a second use of the same tensor with another shape compute the right numbers.
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../../../src-main/engine/tf';
import { initBackend } from '../../../../src-main/engine/backend/ladder';
import { expectNoLeaks } from '../../../helpers/tensors';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('the wasm matmul cache guard', () => {
  it('multiplies correctly when one tensor is reshaped to two different right-hand shapes', async () => {
    const n = 96;
    const values = Float32Array.from({ length: 4 * n }, (_, i) => Math.sin(i));
    const block = tf.tensor1d(values);
    await expectNoLeaks(() => {
      const four = tf.tidy(() =>
        tf.matMul(tf.tensor2d([0.5, -0.3, 0.2, 0.1], [1, 4]), tf.reshape(block, [4, n])),
      );
      const two = tf.tidy(() =>
        tf.matMul(tf.tensor2d([0.7, -0.4], [1, 2]), tf.reshape(block, [2, 2 * n])),
      );
      const again = tf.tidy(() =>
        tf.matMul(tf.tensor2d([1, 0, 0, 0], [1, 4]), tf.reshape(block, [4, n])),
      );
      const r4 = four.dataSync();
      const r2 = two.dataSync();
      const r1 = again.dataSync();
      for (let j = 0; j < n; j++) {
        const expected =
          0.5 * values[j] - 0.3 * values[n + j] + 0.2 * values[2 * n + j] + 0.1 * values[3 * n + j];
        expect(r4[j]).toBeCloseTo(expected, 5);
        expect(r1[j]).toBeCloseTo(values[j], 5);
      }
      for (let j = 0; j < 2 * n; j++)
        expect(r2[j]).toBeCloseTo(0.7 * values[j] - 0.4 * values[2 * n + j], 5);
      tf.dispose([four, two, again]);
    });
    block.dispose();
  });

  it('respects transposeB when the same tensor is used both ways', () => {
    const m = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8, 9], [3, 3]);
    const x = tf.tensor2d([1, 0, 0], [1, 3]);
    const plain = tf.matMul(x, m).dataSync();
    const transposed = tf.matMul(x, m, false, true).dataSync();
    expect(Array.from(plain)).toEqual([1, 2, 3]);
    expect(Array.from(transposed)).toEqual([1, 4, 7]);
    tf.dispose([m, x]);
  });
});
