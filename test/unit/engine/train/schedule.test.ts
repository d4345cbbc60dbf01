import { describe, expect, it } from 'vitest';
import { trainingSchema } from '../../../../src-main/contract/config';
import { learningRate } from '../../../../src-main/engine/train/schedule';

const config = (over: object) => trainingSchema.parse({ lr: 0.1, epochs: 200, ...over });

describe('learningRate', () => {
  it('follows the reference step recipe: 0.1, 0.02, 0.004, 0.0008 at epochs 60/120/160', () => {
    const c = config({ schedule: { type: 'step', milestones: [60, 120, 160], gamma: 0.2 } });
    expect(learningRate(c, 0)).toBeCloseTo(0.1, 12);
    expect(learningRate(c, 59, 0.99)).toBeCloseTo(0.1, 12);
    expect(learningRate(c, 60)).toBeCloseTo(0.02, 12);
    expect(learningRate(c, 120)).toBeCloseTo(0.004, 12);
    expect(learningRate(c, 199)).toBeCloseTo(0.0008, 12);
  });

  it('anneals cosine from lr to minLr over the run', () => {
    const c = config({ epochs: 10, schedule: { type: 'cosine', minLr: 0.001 } });
    expect(learningRate(c, 0)).toBeCloseTo(0.1, 12);
    expect(learningRate(c, 5)).toBeCloseTo(0.001 + 0.5 * 0.099, 12);
    expect(learningRate(c, 10)).toBeCloseTo(0.001, 12);
  });

  it('warms up linearly before the schedule starts', () => {
    const c = config({ epochs: 10, warmupEpochs: 2, schedule: { type: 'constant' } });
    expect(learningRate(c, 0, 0.5)).toBeCloseTo(0.025, 6);
    expect(learningRate(c, 1)).toBeCloseTo(0.05, 6);
    expect(learningRate(c, 2)).toBeCloseTo(0.1, 12);
  });
});
