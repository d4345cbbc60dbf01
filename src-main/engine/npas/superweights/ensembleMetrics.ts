// Ensemble evaluation (superweights.md §4.3) on plain arrays of logits: the ensemble predicts
// argmax Σ_m softmax(logits_m); top-1/top-5 for the ensemble and for every member (the reference
// computes the members' but prints only member 0's); and the diversity figure exactly as the
// reference logs it: (mean over member pairs of the fraction of argmax disagreements) divided by
// (1 − ensemble top-1).
import { assert } from '../../../contract/assert';

/** Top-1 and top-5 accuracy as fractions in [0, 1] (top-5 is top-k with k = min(5, classes)). */
export interface TopK {
  top1: number;
  top5: number;
}

export interface EnsembleEvaluation {
  ensemble: TopK;
  members: TopK[];
  /** null with fewer than two members or a perfect ensemble (the ratio is undefined). */
  diversity: number | null;
  /** Mean pairwise disagreement fraction (the diversity's numerator). */
  disagreement: number;
}

/** Row-wise softmax of [rows × classes] logits. */
export function softmaxRows(logits: ArrayLike<number>, classes: number): Float64Array {
  const out = new Float64Array(logits.length);
  for (let r = 0; r < logits.length / classes; r++) {
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[r * classes + c]);
    let sum = 0;
    for (let c = 0; c < classes; c++)
      sum += out[r * classes + c] = Math.exp(logits[r * classes + c] - max);
    for (let c = 0; c < classes; c++) out[r * classes + c] /= sum;
  }
  return out;
}

/** Σ_m softmax(logits_m) over the members listed in `subset` (default: all). */
export function sumOfSoftmax(
  memberLogits: readonly ArrayLike<number>[],
  classes: number,
  subset?: readonly number[],
): Float64Array {
  const members = subset ?? memberLogits.map((_, m) => m);
  const total = new Float64Array(memberLogits[members[0]].length);
  for (const m of members) {
    const p = softmaxRows(memberLogits[m], classes);
    for (let i = 0; i < total.length; i++) total[i] += p[i];
  }
  return total;
}

/** Top-1/top-5 of scores: a row counts when fewer than k classes score strictly higher than its label. */
export function topK(scores: ArrayLike<number>, labels: ArrayLike<number>, classes: number): TopK {
  const k = Math.min(5, classes);
  let top1 = 0;
  let top5 = 0;
  for (let r = 0; r < labels.length; r++) {
    const own = scores[r * classes + labels[r]];
    let higher = 0;
    for (let c = 0; c < classes; c++) if (scores[r * classes + c] > own) higher++;
    if (higher === 0) top1++;
    if (higher < k) top5++;
  }
  return { top1: top1 / labels.length, top5: top5 / labels.length };
}

/** Argmax per row (first maximum on ties, as torch.argmax). */
export function argmaxRows(scores: ArrayLike<number>, classes: number): Int32Array {
  const out = new Int32Array(scores.length / classes);
  for (let r = 0; r < out.length; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++)
      if (scores[r * classes + c] > scores[r * classes + best]) best = c;
    out[r] = best;
  }
  return out;
}

/** Mean over member pairs of the fraction of rows whose argmax differs. */
export function meanDisagreement(
  memberLogits: readonly ArrayLike<number>[],
  classes: number,
): number {
  const preds = memberLogits.map((l) => argmaxRows(l, classes));
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < preds.length; i++) {
    for (let j = i + 1; j < preds.length; j++) {
      let differ = 0;
      for (let r = 0; r < preds[i].length; r++) if (preds[i][r] !== preds[j][r]) differ++;
      sum += differ / preds[i].length;
      pairs++;
    }
  }
  return pairs === 0 ? 0 : sum / pairs;
}

/** Everything §4.3 reports, from each member's logits [rows × classes] and the labels. */
export function evaluateEnsemble(
  memberLogits: readonly ArrayLike<number>[],
  labels: ArrayLike<number>,
  classes: number,
): EnsembleEvaluation {
  assert(memberLogits.length > 0, 'at least one member');
  const ensemble = topK(sumOfSoftmax(memberLogits, classes), labels, classes);
  const disagreement = meanDisagreement(memberLogits, classes);
  const diversity =
    memberLogits.length < 2 || ensemble.top1 === 1 ? null : disagreement / (1 - ensemble.top1);
  return {
    ensemble,
    members: memberLogits.map((l) => topK(l, labels, classes)),
    diversity,
    disagreement,
  };
}
