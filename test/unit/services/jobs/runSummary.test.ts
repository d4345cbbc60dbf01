// Summary columns from stored epochs: best by validation (that epoch's test accuracy), last
// values, throughput weighted by time, duration and epoch count.
import { describe, expect, it } from 'vitest';
import { summaryFromEpochs } from '../../../../src-main/services/jobs/runSummary';

const epoch = (
  n: number,
  valTop1: number | null,
  testTop1: number,
  trainLoss: number,
  seconds = 2,
  imagesPerSecond = 100,
) => ({
  epoch: n,
  seconds,
  imagesPerSecond,
  trainLoss,
  valTop1,
  testTop1,
});

describe('summaryFromEpochs', () => {
  it('picks the first epoch with the best validation top-1 and reports its test top-1', () => {
    const summary = summaryFromEpochs([
      epoch(0, 0.5, 0.48, 1.2, 2, 100),
      epoch(1, 0.7, 0.66, 0.9, 1, 400),
      epoch(2, 0.7, 0.71, 0.8, 1, 400),
      epoch(3, 0.6, 0.62, 0.7, 4, 50),
    ]);
    expect(summary).toEqual({
      bestValTop1: 0.7,
      bestTestTop1: 0.66,
      lastValTop1: 0.6,
      lastTestTop1: 0.62,
      lastLoss: 0.7,
      // (2·100 + 1·400 + 1·400 + 4·50) / 8 s
      imagesPerSecond: 150,
      durationSeconds: 8,
      epochsDone: 4,
    });
  });

  it('without validation, picks the epoch with the lowest training loss', () => {
    const summary = summaryFromEpochs([
      epoch(0, null, 0.3, 2),
      epoch(1, null, 0.5, 1.5),
      epoch(2, null, 0.4, 1.7),
    ]);
    expect(summary.bestValTop1).toBeNull();
    expect(summary.bestTestTop1).toBe(0.5);
  });

  it('clears the summary for a run with no epochs', () => {
    expect(summaryFromEpochs([])).toMatchObject({
      epochsDone: 0,
      bestValTop1: null,
      durationSeconds: null,
    });
  });
});
