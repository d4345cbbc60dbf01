import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src-main/contract/errors';
import { adaptInput } from '../../../../src-main/engine/data/adaptInput';
import { makeDataset, pixel, pixels } from './fixtures';

describe('adaptInput', () => {
  it('pads 28×28×1 to 32×32×3 centred with zeros and repeats the channel', () => {
    const ds = makeDataset(pixels(2, 28, 28, 1), 2, 28, 28, 1);
    const { dataset, note } = adaptInput(ds, { height: 32, width: 32, channels: 3 });
    expect(note).toBe('input 28×28×1 → 32×32×3: padded 2 px each side, channel repeated 3×');
    expect(dataset).toMatchObject({ count: 2, height: 32, width: 32, channels: 3 });
    expect(dataset.images.length).toBe(2 * 32 * 32 * 3);
    const at = (n: number, y: number, x: number, c: number) =>
      dataset.images[((n * 32 + y) * 32 + x) * 3 + c];
    expect([at(1, 0, 0, 0), at(1, 1, 31, 2), at(1, 31, 5, 1), at(1, 10, 30, 0)]).toEqual([
      0, 0, 0, 0,
    ]);
    const v = pixel(1, 0, 0);
    expect([at(1, 2, 2, 0), at(1, 2, 2, 1), at(1, 2, 2, 2)]).toEqual([v, v, v]);
    expect(at(1, 29, 29, 1)).toBe(pixel(1, 27, 27));
    expect(Array.from(dataset.labels)).toEqual(Array.from(ds.labels));
  });

  it('centre-crops and pads each dimension independently', () => {
    // 5×4 → 3×7: rows cropped 1 top / 1 bottom, columns padded 1 left / 2 right
    const ds = makeDataset(pixels(1, 5, 4, 1), 1, 5, 4, 1);
    const { dataset, note } = adaptInput(ds, { height: 3, width: 7, channels: 1 });
    expect(note).toBe(
      'input 5×4×1 → 3×7×1: height cropped 1 px each side, width padded 1 px left, 2 px right',
    );
    const rows = [0, 1, 2].map((y) => Array.from(dataset.images.subarray(y * 7, y * 7 + 7)));
    for (let y = 0; y < 3; y++) {
      expect(rows[y]).toEqual([
        0,
        pixel(0, y + 1, 0),
        pixel(0, y + 1, 1),
        pixel(0, y + 1, 2),
        pixel(0, y + 1, 3),
        0,
        0,
      ]);
    }
  });

  it('crops an odd excess with the extra pixel at the bottom/right', () => {
    const ds = makeDataset(pixels(1, 5, 5, 1), 1, 5, 5, 1);
    const { dataset, note } = adaptInput(ds, { height: 2, width: 2, channels: 1 });
    expect(note).toBe('input 5×5×1 → 2×2×1: cropped 1 px top/left, 2 px bottom/right');
    expect(Array.from(dataset.images)).toEqual([
      pixel(0, 1, 1),
      pixel(0, 1, 2),
      pixel(0, 2, 1),
      pixel(0, 2, 2),
    ]);
  });

  it('averages RGB to one channel', () => {
    const ds = makeDataset(Uint8Array.from([10, 20, 31, 255, 0, 0]), 1, 1, 2, 3, [0]);
    const { dataset, note } = adaptInput(ds, { height: 1, width: 2, channels: 1 });
    expect(note).toBe('input 1×2×3 → 1×2×1: channels averaged to 1');
    expect(Array.from(dataset.images)).toEqual([20, 85]);
  });

  it('returns the same dataset and a null note when nothing changes', () => {
    const ds = makeDataset(pixels(1, 2, 2, 3), 1, 2, 2, 3, [0]);
    const result = adaptInput(ds, { height: 2, width: 2, channels: 3 });
    expect(result.dataset).toBe(ds);
    expect(result.note).toBeNull();
  });

  it('rejects unsupported channel conversions and bad sizes', () => {
    const ds = makeDataset(pixels(1, 2, 2, 1), 1, 2, 2, 1, [0]);
    expect(() => adaptInput(ds, { height: 2, width: 2, channels: 4 })).toThrow(ConfigError);
    expect(() => adaptInput(ds, { height: 2, width: 2, channels: 4 })).toThrow(
      'cannot convert 1-channel images to 4 channels; only 1 ↔ 3 is supported',
    );
    expect(() => adaptInput(ds, { height: 0, width: 2, channels: 1 })).toThrow(
      'input height 0 must be a positive integer',
    );
  });
});
