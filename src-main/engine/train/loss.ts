// Training and evaluation metrics: the loss (the engine's one cross-entropy, re-exported) and
// top-1/top-5 counts.
import { tf } from '../tf';

export { crossEntropy } from '../crossEntropy';

/** Counts of correct top-1 and top-5 predictions in a batch (top-5 = top-k when fewer classes). */
export async function correctCounts(
  logits: tf.Tensor2D,
  labels: tf.Tensor1D,
): Promise<{ top1: number; top5: number }> {
  const k = Math.min(5, logits.shape[1]);
  const [top1, top5] = tf.tidy(() => {
    const { indices } = tf.topk(logits, k);
    const hits = tf.equal(indices, tf.expandDims(tf.cast(labels, 'int32'), 1));
    const first = tf.sum(tf.cast(tf.slice(hits, [0, 0], [-1, 1]), 'int32'));
    const any = tf.sum(tf.cast(tf.any(hits, 1), 'int32'));
    return [first, any];
  });
  const result = { top1: (await top1.data())[0], top5: (await top5.data())[0] };
  tf.dispose([top1, top5]);
  return result;
}
