// Per-epoch shuffled visiting order. Each epoch forks its own stream from the seed, so resuming a
// run at epoch e reproduces exactly the order an uninterrupted run would have used.
import { ConfigError } from '../../contract/errors';
import { createRng, permutation } from '../random';

/** Permutation of 0..count-1 for `epoch` (0-based) of a run seeded with `seed`. */
export function epochOrder(count: number, seed: number, epoch: number): Int32Array {
  if (!Number.isInteger(count) || count < 0)
    throw new ConfigError(`dataset size ${count} must be a non-negative integer`);
  if (!Number.isInteger(epoch) || epoch < 0)
    throw new ConfigError(`epoch ${epoch} must be a non-negative integer`);
  return permutation(count, createRng(seed).fork(`epoch ${epoch}`));
}
