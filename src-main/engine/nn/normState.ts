// Batch-norm state of a model: per norm (indexed by NormSpec id) trainable γ and β and the
// non-trainable running mean and variance, initialised as PyTorch does (γ=1, β=0, mean 0,
// variance 1; ssn.md §5 "Init").
import { tf } from '../tf';
import type { Architecture } from '../arch/types';

/** One batch norm's variables. */
export interface NormVariables {
  gamma: tf.Variable;
  beta: tf.Variable;
  runningMean: tf.Variable;
  runningVariance: tf.Variable;
}

/** Every batch norm of an architecture, indexed by norm id. */
export type NormState = NormVariables[];

/** Batch statistics one training-mode batch norm used; `count` is the rows per channel (N·H·W). */
export interface BatchStats {
  norm: number;
  mean: tf.Tensor1D;
  variance: tf.Tensor1D;
  count: number;
}

export function createNormState(arch: Architecture): NormState {
  // Variable names are process-global in tfjs, so none are given; Model keeps the names.
  return arch.norms.map((norm) =>
    tf.tidy(() => ({
      gamma: tf.variable(tf.ones([norm.channels]), true),
      beta: tf.variable(tf.zeros([norm.channels]), true),
      runningMean: tf.variable(tf.zeros([norm.channels]), false),
      runningVariance: tf.variable(tf.ones([norm.channels]), false),
    })),
  );
}

export function disposeNormState(norms: NormState): void {
  for (const n of norms) tf.dispose([n.gamma, n.beta, n.runningMean, n.runningVariance]);
}

/** Disposes the tensors held by batch statistics that will not be used. */
export function disposeStats(stats: readonly BatchStats[]): void {
  for (const s of stats) tf.dispose([s.mean, s.variance]);
}
