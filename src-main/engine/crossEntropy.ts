// Softmax cross-entropy with optional label smoothing, PyTorch semantics
// (nn.CrossEntropyLoss(label_smoothing=ε): (1 − ε)·NLL + ε·mean over classes of −log p). The one
// loss of the engine: the trainer and evaluation use it, and so does the SuperWeights gradient
// grouping (which sits below train/, hence this file at the engine's root beside random.ts).
import { tf } from './tf';

/** Mean loss over the batch. `labels` are class indices. */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D, smoothing = 0): tf.Scalar {
  return tf.tidy(() => {
    const classes = logits.shape[1];
    const logProbs = tf.logSoftmax(logits);
    const oneHot = tf.oneHot(tf.cast(labels, 'int32'), classes);
    const nll = tf.neg(tf.sum(tf.mul(logProbs, oneHot), 1));
    if (smoothing === 0) return tf.mean(nll);
    const uniform = tf.neg(tf.mean(logProbs, 1));
    return tf.mean(tf.add(tf.mul(nll, 1 - smoothing), tf.mul(uniform, smoothing)));
  });
}
