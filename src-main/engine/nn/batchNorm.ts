// Batch normalisation over NHWC (or [N, C]) activations, PyTorch semantics: training mode
// normalises with the batch's biased variance and returns the batch statistics so the caller
// can update running estimates (with the unbiased variance, momentum 0.1); inference mode uses
// the running estimates. The training path has a hand-written gradient: tfjs' autodiff of
// moments() spends most of its time in Tile/Sum (docs/compute.md), the fused form needs two
// reductions.
import { tf } from '../tf';

export const BN_EPSILON = 1e-5;
export const BN_MOMENTUM = 0.1;

/** Result of a training-mode batch norm: output plus the batch statistics it used. */
export interface BatchNormTrainResult {
  y: tf.Tensor;
  mean: tf.Tensor1D;
  variance: tf.Tensor1D;
}

/** Training-mode batch norm with a fused gradient for x, gamma and beta. */
export function batchNormTrain(
  x: tf.Tensor,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
): BatchNormTrainResult {
  const channels = x.shape[x.rank - 1];
  const rows = x.size / channels;
  let stats: { mean: tf.Tensor1D; variance: tf.Tensor1D } | null = null;
  const fused = tf.customGrad((...args: unknown[]) => {
    const [input, g, b, save] = args as [tf.Tensor, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
    const flat = tf.reshape(input, [rows, channels]);
    const mean = tf.mean(flat, 0) as tf.Tensor1D;
    const centered = tf.sub(flat, mean);
    const variance = tf.mean(tf.square(centered), 0) as tf.Tensor1D;
    const invStd = tf.rsqrt(tf.add(variance, BN_EPSILON));
    const xHat = tf.mul(centered, invStd);
    const y = tf.reshape(tf.add(tf.mul(xHat, g), b), input.shape);
    stats = { mean: tf.keep(mean), variance: tf.keep(variance) };
    // Saved tensors outlive the forward scope; closed-over intermediates would not.
    save([xHat, invStd, g]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xHat, invStd, g] = saved;
      const dyFlat = tf.reshape(dy, [rows, channels]);
      const dBeta = tf.sum(dyFlat, 0);
      const dGamma = tf.sum(tf.mul(dyFlat, xHat), 0);
      // dx = γ·invStd/N · (N·dy − Σdy − x̂·Σ(dy·x̂))
      const scale = tf.div(tf.mul(g, invStd), rows);
      const inner = tf.sub(tf.sub(tf.mul(dyFlat, rows), dBeta), tf.mul(xHat, dGamma));
      const dx = tf.reshape(tf.mul(inner, scale), input.shape);
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
    runningMean.assign(tf.add(tf.mul(runningMean, 1 - BN_MOMENTUM), tf.mul(batch.mean, BN_MOMENTUM)));
    runningVariance.assign(
      tf.add(tf.mul(runningVariance, 1 - BN_MOMENTUM), tf.mul(unbiased, BN_MOMENTUM)),
    );
  });
}
