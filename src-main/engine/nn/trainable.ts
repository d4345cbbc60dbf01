// What the trainer trains: a single Model or an ensemble of members drawing on shared banks
// (superweights.md §4.2). Both expose parameters, buffers, a training forward pass whose loss the
// trainer sums over members, and an evaluation prediction.
import type { Accounting, Parameter } from '../npas/provider';
import type { tf } from '../tf';
import type { ForwardResult } from './forward';
import type { Buffer } from './model';
import type { BatchStats } from './normState';

/** Training-mode output: combined logits plus, for ensembles, each member's logits. */
export interface TrainableForward extends ForwardResult {
  /** Per-member logits; the loss is the sum of the members' losses when present. */
  members?: tf.Tensor2D[];
}

export interface Trainable {
  parameters(): Parameter[];
  buffers(): Buffer[];
  forward(x: tf.Tensor4D, training: boolean): TrainableForward;
  updateRunningStats(stats: BatchStats[], batchSize: number): void;
  /** Eval-mode logits (for ensembles: log of the mean of the members' softmax). */
  predict(x: tf.Tensor4D): tf.Tensor2D;
  /** Eval-mode logits of every member (one entry for a single model). */
  predictMembers(x: tf.Tensor4D): tf.Tensor2D[];
  accounting(): Accounting;
  dispose(): void;
}
