// The budget slider's log scale maps positions to parameter counts and back.
import { describe, expect, it } from 'vitest';
import { logScale, positionOf, valueAt } from '../../src-renderer/lib/state/logScale';

describe('logScale', () => {
  const scale = logScale(100, 1_000_000, 1000);

  it('puts the ends at min and max and the middle at the geometric mean', () => {
    expect(valueAt(scale, 0)).toBe(100);
    expect(valueAt(scale, 1000)).toBe(1_000_000);
    expect(valueAt(scale, 500)).toBe(10_000);
    expect(valueAt(scale, 250)).toBe(1000);
  });

  it('maps values back to the positions they came from', () => {
    for (const position of [0, 1, 137, 500, 999, 1000]) {
      expect(positionOf(scale, valueAt(scale, position))).toBe(position);
    }
    expect(positionOf(scale, 10_000)).toBe(500);
  });

  it('clamps values and positions outside the range', () => {
    expect(positionOf(scale, 1)).toBe(0);
    expect(positionOf(scale, 5e9)).toBe(1000);
    expect(valueAt(scale, -5)).toBe(100);
    expect(valueAt(scale, 5000)).toBe(1_000_000);
  });

  it('keeps a degenerate range defined', () => {
    const tiny = logScale(0, 0);
    expect(tiny.min).toBe(1);
    expect(tiny.max).toBe(2);
    expect(Number.isFinite(positionOf(tiny, 1))).toBe(true);
  });
});
