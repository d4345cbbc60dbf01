// Tensor helpers for engine tests: numeric comparisons that return plain numbers (and dispose
// what they create), and a leak guard around a block of tensor code.
import { expect } from 'vitest';
import { tf } from '../../src-main/engine/tf';

/** Largest |a − b| over all entries. */
export function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  const t = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))));
  const value = t.dataSync()[0];
  t.dispose();
  return value;
}

/** max|a − b| / max(max|b|, tiny): relative error against a reference `b`. */
export function relativeError(a: tf.Tensor, b: tf.Tensor): number {
  const t = tf.tidy(() => tf.max(tf.abs(b)));
  const scale = Math.max(t.dataSync()[0], 1e-12);
  t.dispose();
  return maxAbsDiff(a, b) / scale;
}

/** Runs `fn` and asserts the number of live tensors is unchanged afterwards. */
export async function expectNoLeaks<T>(fn: () => T | Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await fn();
  expect(tf.memory().numTensors, 'tensors leaked').toBe(before);
  return result;
}

/** max|actual − expected| / max(max|expected|, tiny) over plain arrays of the same length. */
export function relativeArrayError(actual: Float32Array, expected: Float32Array): number {
  expect(actual.length).toBe(expected.length);
  let diff = 0;
  let scale = 1e-12;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return diff / scale;
}
