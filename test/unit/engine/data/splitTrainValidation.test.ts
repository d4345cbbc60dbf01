import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src-main/contract/errors';
import { splitTrainValidation } from '../../../../src-main/engine/data/splitTrainValidation';
import { makeDataset } from './fixtures';

const ds = makeDataset(
  Uint8Array.from({ length: 20 }, (_, i) => i * 10),
  20,
  1,
  1,
  1,
  Array.from({ length: 20 }, (_, i) => i % 4),
);

describe('splitTrainValidation', () => {
  it('splits off round(count × fraction) images, disjoint and covering, each in source order', () => {
    const { train, validation } = splitTrainValidation(ds, 0.25, 7);
    expect(validation.count).toBe(5);
    expect(train.count).toBe(15);
    const all = [...train.images, ...validation.images].map((v) => v / 10).sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 20 }, (_, i) => i));
    const trainIds = Array.from(train.images, (v) => v / 10);
    expect(trainIds).toEqual([...trainIds].sort((a, b) => a - b));
    // labels travel with their images
    validation.images.forEach((v, i) => expect(validation.labels[i]).toBe((v / 10) % 4));
    expect(train.name).toBe('fixture (train)');
    expect(validation.name).toBe('fixture (validation)');
  });

  it('repeats exactly for a seed and differs for another', () => {
    const a = splitTrainValidation(ds, 0.25, 7).validation.images;
    const b = splitTrainValidation(ds, 0.25, 7).validation.images;
    const c = splitTrainValidation(ds, 0.25, 8).validation.images;
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('returns an empty validation set for fraction 0', () => {
    const { train, validation } = splitTrainValidation(ds, 0, 1);
    expect(train.count).toBe(20);
    expect(validation.count).toBe(0);
    expect(validation.images.length).toBe(0);
  });

  it('rejects fractions outside [0, 1) and splits that leave no training data', () => {
    expect(() => splitTrainValidation(ds, 1, 1)).toThrow(ConfigError);
    expect(() => splitTrainValidation(ds, -0.1, 1)).toThrow(
      'validation fraction -0.1 must be in [0, 1), e.g. 0.1',
    );
    expect(() => splitTrainValidation(ds, 0.99, 1)).toThrow('leaves no training images out of 20');
  });
});
