// Batch normalisation over NHWC (or [N, C]) activations, PyTorch semantics: training mode
// normalises with the batch's biased variance and returns the batch statistics so the caller
// can update running estimates (with the unbiased variance, momentum 0.1); inference mode uses
// the running estimates. The training path has a hand-written gradient: tfjs' autodiff of
// moments() spends most of its time in Tile/Sum (docs/compute.md), the fused form needs two
// reductions, both done as global average pools (see channelMean). Where the oneDNN kernels are
// registered for the active backend (engine/backend/onednnKernels.ts), both passes are one kernel
// call each.
import { BATCH_NORM_GRAD, BATCH_NORM_TRAIN } from '../backend/onednnKernels';
import { tf } from '../tf';

export const BN_EPSILON = 1e-5;
export const BN_MOMENTUM = 0.1;

/** Result of a training-mode batch norm: output plus the batch statistics it used. */
export interface BatchNormTrainResult {
  y: tf.Tensor;
  mean: tf.Tensor1D;
  variance: tf.Tensor1D;
}

/**
 * Per-channel mean over every axis but the last. Reducing a non-innermost axis makes wasm
 * transpose the whole tensor first (slower than the convolutions around it, docs/compute.md);
 * for NHWC activations a global average pool reads the data once instead.
 */
export function channelMean(x: tf.Tensor): tf.Tensor1D {
  const channels = x.shape[x.rank - 1];
  return tf.tidy(() => {
    if (x.rank === 4) {
      const [n, h, w] = x.shape;
      const pooled = tf.avgPool(x as tf.Tensor4D, [h, w], 1, 'valid');
      return tf.mean(tf.reshape(pooled, [n, channels]), 0) as tf.Tensor1D;
    }
    return tf.mean(tf.reshape(x, [x.size / channels, channels]), 0) as tf.Tensor1D;
  });
}

/** Training-mode batch norm with a fused gradient for x, gamma and beta. */
export function batchNormTrain(
  x: tf.Tensor,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
): BatchNormTrainResult {
  if (tf.getKernel(BATCH_NORM_TRAIN, tf.getBackend())) return kernelBatchNormTrain(x, gamma, beta);
  return composedBatchNormTrain(x, gamma, beta);
}

/** batchNormTrain as the two registered kernels (forward, and its gradient). */
function kernelBatchNormTrain(
  x: tf.Tensor,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
): BatchNormTrainResult {
  const engine = tf.engine();
  const attrs = { epsilon: BN_EPSILON };
  let stats: { mean: tf.Tensor1D; variance: tf.Tensor1D } | null = null;
  const fused = tf.customGrad((...args: unknown[]) => {
    const [input, g, b, save] = args as [tf.Tensor, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
    const [y, mean, variance] = engine.runKernel(
      BATCH_NORM_TRAIN,
      { x: input, gamma: g, beta: b },
      attrs,
    ) as tf.Tensor[];
    stats = { mean: tf.keep(mean) as tf.Tensor1D, variance: tf.keep(variance) as tf.Tensor1D };
    save([input, g, mean, variance]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, gs, ms, vs] = saved;
      return engine.runKernel(
        BATCH_NORM_GRAD,
        { x: xs, dy, gamma: gs, mean: ms, variance: vs },
        attrs,
      ) as tf.Tensor[];
    };
    return { value: y, gradFunc };
  });
  const y = fused(x, gamma, beta) as tf.Tensor;
  const s = stats as unknown as { mean: tf.Tensor1D; variance: tf.Tensor1D };
  return { y, mean: s.mean, variance: s.variance };
}

/** batchNormTrain in tf ops, for every backend. */
function composedBatchNormTrain(
  x: tf.Tensor,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
): BatchNormTrainResult {
  const rows = x.size / x.shape[x.rank - 1];
  let stats: { mean: tf.Tensor1D; variance: tf.Tensor1D } | null = null;
  const fused = tf.customGrad((...args: unknown[]) => {
    const [input, g, b, save] = args as [tf.Tensor, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
    const mean = channelMean(input);
    const centered = tf.sub(input, mean);
    const variance = channelMean(tf.square(centered));
    const invStd = tf.rsqrt(tf.add(variance, BN_EPSILON));
    const y = tf.add(tf.mul(centered, tf.mul(invStd, g)), b);
    stats = { mean: tf.keep(mean), variance: tf.keep(variance) };
    // Saved tensors outlive the forward scope; closed-over intermediates would not.
    save([centered, invStd, g]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [centered, invStd, g] = saved as [tf.Tensor, tf.Tensor1D, tf.Tensor1D];
      // With x̂ = centered·invStd: dβ = Σdy, dγ = Σdy·x̂, and
      // dx = γ·invStd · (dy − dβ/N − x̂·dγ/N), applied as dy·k1 + centered·k2 + k3 per channel.
      const dBeta = tf.mul(channelMean(dy), rows);
      const dGamma = tf.mul(tf.mul(channelMean(tf.mul(dy, centered)), rows), invStd);
      const k1 = tf.mul(g, invStd);
      const k2 = tf.div(tf.mul(tf.mul(k1, invStd), dGamma), -rows);
      const k3 = tf.div(tf.mul(k1, dBeta), -rows);
      const dx = tf.add(tf.add(tf.mul(dy, k1), tf.mul(centered, k2)), k3);
      return [dx, dGamma, dBeta];
    };
    return { value: y, gradFunc };
  });
  const y = fused(x, gamma, beta) as tf.Tensor;
  const s = stats as unknown as { mean: tf.Tensor1D; variance: tf.Tensor1D };
  return { y, mean: s.mean, variance: s.variance };
}

/** Inference-mode batch norm with running statistics. */
export function batchNormInfer(
  x: tf.Tensor,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  runningMean: tf.Tensor1D,
  runningVariance: tf.Tensor1D,
): tf.Tensor {
  return tf.tidy(() => {
    const invStd = tf.rsqrt(tf.add(runningVariance, BN_EPSILON));
    const scale = tf.mul(gamma, invStd);
    const shift = tf.sub(beta, tf.mul(runningMean, scale));
    return tf.add(tf.mul(x, scale), shift);
  });
}

/**
 * Updates running estimates in place, PyTorch style: the running variance uses the unbiased
 * batch variance (n / (n − 1)).
 */
export function updateRunningStats(
  runningMean: tf.Variable,
  runningVariance: tf.Variable,
  batch: { mean: tf.Tensor1D; variance: tf.Tensor1D },
  count: number,
): void {
  tf.tidy(() => {
    const unbiased = tf.mul(batch.variance, count / Math.max(count - 1, 1));
    runningMean.assign(
      tf.add(tf.mul(runningMean, 1 - BN_MOMENTUM), tf.mul(batch.mean, BN_MOMENTUM)),
    );
    runningVariance.assign(
      tf.add(tf.mul(runningVariance, 1 - BN_MOMENTUM), tf.mul(unbiased, BN_MOMENTUM)),
    );
  });
}
