// A trainable model: an architecture, a weight provider (unshared, SSN or SuperWeights) and the
// batch-norm state. The trainer calls forward(x, true) inside tf.variableGrads, then
// updateRunningStats(stats, batchSize) outside it; evaluation calls predict.
import { assert } from '../../contract/assert';
import type { Architecture } from '../arch/types';
import type { Accounting, Parameter, WeightProvider } from '../npas/provider';
import { tf } from '../tf';
import { updateRunningStats } from './batchNorm';
import { forward, type ForwardResult } from './forward';
import type { Trainable } from './trainable';
import {
  createNormState,
  disposeNormState,
  disposeStats,
  type BatchStats,
  type NormState,
} from './normState';

/** A non-trainable variable saved with checkpoints (batch-norm running statistics). */
export interface Buffer {
  name: string;
  variable: tf.Variable;
}

export class Model implements Trainable {
  readonly norms: NormState;
  private readonly normParams: Parameter[];

  constructor(
    readonly arch: Architecture,
    readonly provider: WeightProvider,
  ) {
    this.norms = createNormState(arch);
    this.normParams = this.norms.flatMap((n, id) => [
      { name: `bn${id}.gamma`, variable: n.gamma, decay: true },
      { name: `bn${id}.beta`, variable: n.beta, decay: true },
    ]);
    const params = this.parameters();
    const names = new Set(params.map((p) => p.name));
    assert(names.size === params.length, 'parameter names are unique');
  }

  /**
   * Every trainable parameter: the provider's, then bn{id}.gamma / bn{id}.beta. Read from the
   * provider on every call, since SuperWeights unsharing adds coefficients during training.
   */
  parameters(): Parameter[] {
    return [...this.provider.parameters, ...this.normParams];
  }

  /** Running statistics: bn{id}.runningMean / bn{id}.runningVariance. */
  buffers(): Buffer[] {
    return this.norms.flatMap((n, id) => [
      { name: `bn${id}.runningMean`, variable: n.runningMean },
      { name: `bn${id}.runningVariance`, variable: n.runningVariance },
    ]);
  }

  /**
   * Logits for `x` [N, H, W, C], plus the batch statistics in training mode (the caller passes
   * them to updateRunningStats, which disposes them). Generated weights are freed here.
   */
  forward(x: tf.Tensor4D, training: boolean): ForwardResult {
    let meta: Omit<BatchStats, 'mean' | 'variance'>[] = [];
    const [logits, ...moments] = tf.tidy(() => {
      const result = forward(this.arch, this.provider.generate(), this.norms, x, training);
      meta = result.stats.map(({ norm, count }) => ({ norm, count }));
      return [result.logits, ...result.stats.flatMap((s) => [s.mean, s.variance])];
    });
    const stats = meta.map((m, i) => ({
      ...m,
      mean: moments[2 * i] as tf.Tensor1D,
      variance: moments[2 * i + 1] as tf.Tensor1D,
    }));
    return { logits: logits as tf.Tensor2D, stats };
  }

  /** Folds training-mode batch statistics into the running estimates, then disposes them. */
  updateRunningStats(stats: BatchStats[], batchSize: number): void {
    try {
      for (const s of stats) {
        assert(
          s.count % batchSize === 0,
          `norm ${s.norm} saw ${s.count} rows for a batch of ${batchSize}`,
        );
        const n = this.norms[s.norm];
        updateRunningStats(n.runningMean, n.runningVariance, s, s.count);
      }
    } finally {
      disposeStats(stats);
    }
  }

  /** Eval-mode logits (running statistics), with every intermediate freed. */
  predict(x: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => forward(this.arch, this.provider.generate(), this.norms, x, false).logits);
  }

  /** Eval-mode logits as a one-member list (the ensemble interface). */
  predictMembers(x: tf.Tensor4D): tf.Tensor2D[] {
    return [this.predict(x)];
  }

  /** The provider's budget accounting. */
  accounting(): Accounting {
    return this.provider.accounting();
  }

  dispose(): void {
    this.provider.dispose();
    disposeNormState(this.norms);
  }
}
