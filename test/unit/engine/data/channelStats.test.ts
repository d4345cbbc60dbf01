import { describe, expect, it } from 'vitest';
import { DatasetError } from '../../../../src-main/contract/errors';
import { channelStats } from '../../../../src-main/engine/data/channelStats';
import { makeDataset } from './fixtures';

describe('channelStats', () => {
  it('computes per-channel population mean and std on the 0..1 scale', () => {
    // channel 0: 0 and 255 → mean 0.5, std 0.5; channel 1: 51 and 153 → mean 0.4, std 0.2
    const ds = makeDataset(Uint8Array.from([0, 51, 7, 255, 153, 7]), 2, 1, 1, 3, [0, 1]);
    const { mean, std } = channelStats(ds);
    expect(mean[0]).toBeCloseTo(0.5, 12);
    expect(std[0]).toBeCloseTo(0.5, 12);
    expect(mean[1]).toBeCloseTo(0.4, 12);
    expect(std[1]).toBeCloseTo(0.2, 12);
    expect(mean[2]).toBeCloseTo(7 / 255, 12);
    expect(std[2]).toBe(1); // constant channel: 1, so normalising never divides by zero
  });

  it('rejects an empty dataset', () => {
    const ds = { ...makeDataset(new Uint8Array(0), 0, 2, 2, 1, [0]), labels: new Int32Array(0) };
    expect(() => channelStats(ds)).toThrow(DatasetError);
    expect(() => channelStats(ds)).toThrow(
      'is empty: no images to compute channel statistics from',
    );
  });
});
