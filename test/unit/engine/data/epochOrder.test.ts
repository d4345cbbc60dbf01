import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src-main/contract/errors';
import { epochOrder } from '../../../../src-main/engine/data/epochOrder';

describe('epochOrder', () => {
  it('is a permutation of 0..count-1', () => {
    const order = epochOrder(100, 5, 0);
    expect(Array.from(order).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 100 }, (_, i) => i),
    );
  });

  it('differs between epochs and seeds', () => {
    const e0 = Array.from(epochOrder(50, 5, 0));
    expect(Array.from(epochOrder(50, 5, 1))).not.toEqual(e0);
    expect(Array.from(epochOrder(50, 6, 0))).not.toEqual(e0);
  });

  it('reproduces any epoch on its own, as a resumed run needs', () => {
    const resumed = Array.from(epochOrder(64, 9, 3));
    const uninterrupted = [0, 1, 2, 3].map((e) => Array.from(epochOrder(64, 9, e)));
    expect(uninterrupted[3]).toEqual(resumed);
  });

  it('rejects a negative or fractional epoch or size', () => {
    expect(() => epochOrder(10, 1, -1)).toThrow(ConfigError);
    expect(() => epochOrder(10, 1, 1.5)).toThrow('epoch 1.5 must be a non-negative integer');
    expect(() => epochOrder(-3, 1, 0)).toThrow('dataset size -3 must be a non-negative integer');
    expect(epochOrder(0, 1, 0).length).toBe(0);
  });
});
