// The summary columns of a run (best and last accuracies, loss, throughput, duration, epochs)
// computed from its stored epoch metrics, so a resumed run's summary covers the epochs before
// its checkpoint as well as the new ones. "Best" follows the trainer's selection rule
// (trainer.ts): the epoch with the highest validation top-1, and that epoch's test top-1 (not
// the highest test top-1, which would select on the test set); without validation, the epoch
// with the lowest training loss.
import type { EpochMetricsRow, RunSummaryPatch } from '../../store';

type EpochLike = Pick<
  EpochMetricsRow,
  'epoch' | 'seconds' | 'imagesPerSecond' | 'trainLoss' | 'valTop1' | 'testTop1'
>;

/** Summary columns for a run whose epochs (in training order) are `epochs`. */
export function summaryFromEpochs(epochs: readonly EpochLike[]): RunSummaryPatch {
  if (!epochs.length) {
    return {
      bestValTop1: null,
      bestTestTop1: null,
      lastValTop1: null,
      lastTestTop1: null,
      lastLoss: null,
      imagesPerSecond: null,
      durationSeconds: null,
      epochsDone: 0,
    };
  }
  let seconds = 0;
  let images = 0;
  for (const row of epochs) {
    seconds += row.seconds ?? 0;
    images += (row.seconds ?? 0) * (row.imagesPerSecond ?? 0);
  }
  const best = bestEpoch(epochs);
  const last = epochs[epochs.length - 1];
  return {
    bestValTop1: best?.valTop1 ?? null,
    bestTestTop1: best?.testTop1 ?? null,
    lastValTop1: last.valTop1,
    lastTestTop1: last.testTop1,
    lastLoss: last.trainLoss,
    imagesPerSecond: seconds > 0 ? images / seconds : null,
    durationSeconds: seconds,
    epochsDone: epochs.length,
  };
}

/** The first epoch with the best score, as the trainer picks it (a later tie does not win). */
function bestEpoch(epochs: readonly EpochLike[]): EpochLike | null {
  const validated = epochs.some((row) => row.valTop1 !== null);
  const score = (row: EpochLike): number | null =>
    validated ? row.valTop1 : row.trainLoss === null ? null : -row.trainLoss;
  let best: EpochLike | null = null;
  let bestScore = -Infinity;
  for (const row of epochs) {
    const value = score(row);
    if (value !== null && value > bestScore) {
      best = row;
      bestScore = value;
    }
  }
  return best;
}
