// Live charts follow new data until the user zooms, then keep the zoom (no view reset).
import { describe, expect, it } from 'vitest';
import { coversAll, dataExtent, nextRange } from '../../src-renderer/components/charts/chartFollow';

describe('chartFollow', () => {
  it('follows the data while the view shows all of it', () => {
    const before = dataExtent([0, 1, 2])!;
    expect(coversAll({ min: 0, max: 2 }, before)).toBe(true);
    expect(nextRange({ min: 0, max: 2 }, true, dataExtent([0, 1, 2, 3]))).toEqual({
      min: 0,
      max: 3,
    });
  });

  it('keeps a zoomed view when points arrive', () => {
    const before = dataExtent([0, 1, 2, 3])!;
    const zoom = { min: 1, max: 2 };
    expect(coversAll(zoom, before)).toBe(false);
    expect(nextRange(zoom, false, dataExtent([0, 1, 2, 3, 4]))).toEqual(zoom);
  });

  it('gives one point a drawable range and none to no data', () => {
    expect(dataExtent([2])).toEqual({ min: 1.5, max: 2.5 });
    expect(dataExtent([])).toBeNull();
    expect(nextRange(null, true, null)).toBeNull();
  });
});
