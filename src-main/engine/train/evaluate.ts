// Evaluation of a model on a dataset in inference mode (running batch-norm statistics): mean
// loss, top-1 and top-5 accuracy, in batches so memory stays flat whatever the dataset size. For
// ensembles also every member's top-1/top-5 and the diversity figure (superweights.md §4.3).
import type { EvalResult } from '../../contract/engineTypes';
import { tf } from '../tf';
import type { Dataset } from '../data/dataset';
import { makeBatch } from '../data/makeBatch';
import { ensembleLogits } from '../nn/ensembleModel';
import type { Trainable } from '../nn/trainable';
import { evaluateEnsemble } from '../npas/superweights/ensembleMetrics';
import { correctCounts, crossEntropy } from './loss';

// The contract holds the type (it crosses the worker protocol and the wire).
export type { EvalResult } from '../../contract/engineTypes';

/** Normalisation applied to every batch (per-channel, on the 0..1 scale). */
export interface Normalisation {
  mean: number[];
  std: number[];
}

/** Evaluates `model` on all of `dataset`. */
export async function evaluate(
  model: Trainable,
  dataset: Dataset,
  norm: Normalisation,
  batchSize: number,
): Promise<EvalResult> {
  let lossSum = 0;
  let top1 = 0;
  let top5 = 0;
  let memberLogits: Float32Array[] | null = null;
  let classes = 0;
  const order = Int32Array.from({ length: dataset.count }, (_, i) => i);
  for (let start = 0; start < dataset.count; start += batchSize) {
    const indices = order.subarray(start, Math.min(start + batchSize, dataset.count));
    const batch = makeBatch(dataset, indices, { mean: norm.mean, std: norm.std });
    const x = tf.tensor4d(batch.x, batch.shape);
    const y = tf.tensor1d(batch.y, 'int32');
    // One pass per member; the ensemble's prediction is built from those outputs, not rerun.
    const members = model.predictMembers(x);
    const logits = members.length === 1 ? members[0] : ensembleLogits(members);
    if (members.length > 1) {
      classes = logits.shape[1];
      memberLogits ??= members.map(() => new Float32Array(dataset.count * classes));
      for (const [i, m] of members.entries()) memberLogits[i].set(await m.data(), start * classes);
    }
    const loss = crossEntropy(logits, y);
    lossSum += (await loss.data())[0] * indices.length;
    const counts = await correctCounts(logits, y);
    top1 += counts.top1;
    top5 += counts.top5;
    tf.dispose([x, y, logits, loss, ...members]);
  }
  const n = Math.max(dataset.count, 1);
  const result: EvalResult = {
    loss: lossSum / n,
    top1: top1 / n,
    top5: top5 / n,
    count: dataset.count,
  };
  if (memberLogits) {
    const report = evaluateEnsemble(memberLogits, dataset.labels, classes);
    result.members = report.members;
    result.diversity = report.diversity;
  }
  return result;
}
