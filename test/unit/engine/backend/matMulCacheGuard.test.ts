// The wasm backend's matmul caches its operator by the right-hand tensor's id alone; the guard
// must make a second use of the same tensor with another shape compute the right numbers.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { tf } from '../../../../src-main/engine/tf';
import { initBackend } from '../../../../src-main/engine/backend/ladder';
import { matMulGuardStats } from '../../../../src-main/engine/backend/matMulCacheGuard';
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

  it('copies a tensor once per extra signature however often that signature repeats, without reading it back', () => {
    const k = 3;
    const n = 40;
    const values = Float32Array.from({ length: k * n }, (_, i) => Math.cos(i));
    const template = tf.tensor2d(values, [k, n]);
    const alpha = tf.tensor2d([0.2, -0.5, 0.9], [1, k]);
    const dy = tf.tensor2d(
      Array.from({ length: n }, (_, j) => (j % 7) - 3),
      [1, n],
    );
    const backend = tf.backend() as unknown as { readSync: (...args: unknown[]) => unknown };
    const readSync = vi.spyOn(backend, 'readSync');
    const copiesBefore = matMulGuardStats.copies;
    // Forward α·T, then the backward's dy·Tᵀ five times (five layers sharing one template).
    const forward = tf.matMul(alpha, template);
    const backward = Array.from({ length: 5 }, () => tf.matMul(dy, template, false, true));
    expect(matMulGuardStats.copies - copiesBefore).toBe(1);
    expect(readSync).not.toHaveBeenCalled();
    readSync.mockRestore();

    const f = forward.dataSync();
    for (let j = 0; j < n; j++)
      expect(f[j]).toBeCloseTo(0.2 * values[j] - 0.5 * values[n + j] + 0.9 * values[2 * n + j], 4);
    for (const out of backward) {
      const b = out.dataSync();
      for (let r = 0; r < k; r++) {
        let expected = 0;
        for (let j = 0; j < n; j++) expected += ((j % 7) - 3) * values[r * n + j];
        expect(b[r]).toBeCloseTo(expected, 3);
      }
    }
    tf.dispose([template, alpha, dy, forward, ...backward]);
  });

  it('frees the copies together with the tensor they copy', () => {
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const before = backend.numDataIds();
    const m = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const x = tf.tensor2d([1, 1], [1, 2]);
    const y = tf.tensor2d([1, 1, 1], [1, 3]);
    const outs = [tf.matMul(x, m), tf.matMul(y, m, false, true), tf.matMul(y, m, false, true)];
    expect(Array.from(outs[1].dataSync())).toEqual([6, 15]);
    tf.dispose([m, x, y, ...outs]);
    expect(backend.numDataIds()).toBe(before);
  });
});
