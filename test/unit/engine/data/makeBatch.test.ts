import { describe, expect, it } from 'vitest';
import { AssertionError, ConfigError } from '../../../../src-main/contract/errors';
import { createRng } from '../../../../src-main/engine/random';
import { makeBatch, type AugmentConfig } from '../../../../src-main/engine/data/makeBatch';
import { makeDataset, pixel, pixels } from './fixtures';

const H = 6;
const W = 5;
const C = 3;
const ds = makeDataset(pixels(4, H, W, C), 4, H, W, C, [3, 1, 0, 2]);
// mean −0.5 keeps every normalised pixel ≥ 1, so only Cutout can produce a 0
const norm = { mean: [-0.5, -0.5, -0.5], std: [0.5, 0.25, 1] };
const value = (v: number, c: number) => Math.fround((v / 255 - norm.mean[c]) / norm.std[c]);

/** The un-augmented image n of `ds` shifted by (dy, dx), mirrored if asked, normalised. */
function expected(n: number, dy: number, dx: number, flip: boolean): number[] {
  const out: number[] = [];
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++)
      for (let c = 0; c < C; c++) {
        const sy = y + dy;
        const sx = (flip ? W - 1 - x : x) + dx;
        const inside = sy >= 0 && sy < H && sx >= 0 && sx < W;
        out.push(value(inside ? pixel(n, sy, sx, c) : 0, c));
      }
  return out;
}

function image(x: Float32Array, i: number): number[] {
  return Array.from(x.subarray(i * H * W * C, (i + 1) * H * W * C));
}

function batch(augment: AugmentConfig, seed: number, indices = new Int32Array(48).fill(2)) {
  return makeBatch(ds, indices, { ...norm, augment, rng: createRng(seed) });
}

describe('makeBatch', () => {
  it('normalises each channel and keeps labels and order without augmentation', () => {
    const { x, y, shape } = makeBatch(ds, Int32Array.from([2, 0]), norm);
    expect(shape).toEqual([2, H, W, C]);
    expect(Array.from(y)).toEqual([0, 3]);
    expect(image(x, 0)).toEqual(expected(2, 0, 0, false));
    expect(image(x, 1)).toEqual(expected(0, 0, 0, false));
    expect(x[1]).toBeCloseTo((pixel(2, 0, 0, 1) / 255 + 0.5) / 0.25, 5);
  });

  it('flips really mirror the image, both ways occurring', () => {
    const { x } = batch({ crop: 0, flip: true, cutout: 0 }, 1);
    const plain = expected(2, 0, 0, false);
    const mirror = expected(2, 0, 0, true);
    const kinds = Array.from({ length: 48 }, (_, i) => {
      const got = image(x, i);
      if (got.every((v, j) => v === mirror[j])) return 'mirror';
      return got.every((v, j) => v === plain[j]) ? 'plain' : 'other';
    });
    expect(kinds).not.toContain('other');
    expect(kinds).toContain('mirror');
    expect(kinds).toContain('plain');
  });

  it('random crop shifts the image by at most the padding, filling with black pixels', () => {
    const { x } = batch({ crop: 2, flip: false, cutout: 0 }, 2);
    const shifts = new Set<string>();
    for (let i = 0; i < 48; i++) {
      const got = image(x, i);
      const matches: string[] = [];
      for (let dy = -2; dy <= 2; dy++)
        for (let dx = -2; dx <= 2; dx++) {
          const want = expected(2, dy, dx, false);
          if (got.every((v, j) => v === want[j])) matches.push(`${dy},${dx}`);
        }
      expect(matches.length).toBe(1);
      shifts.add(matches[0]);
    }
    expect(shifts.size).toBeGreaterThan(10);
    // the draw order is documented: dy then dx, each uniform over −pad..pad
    const rng = createRng(2);
    const dy = rng.int(5) - 2;
    const dx = rng.int(5) - 2;
    expect(image(x, 0)).toEqual(expected(2, dy, dx, false));
  });

  it('cutout zeroes one square (clipped at borders) in normalised space and nothing else', () => {
    const { x } = batch({ crop: 0, flip: false, cutout: 3 }, 3, new Int32Array(64).fill(1));
    const plain = expected(1, 0, 0, false);
    const areas = new Set<number>();
    for (let i = 0; i < 64; i++) {
      const got = image(x, i);
      const zeroed: [number, number][] = [];
      for (let p = 0; p < H * W; p++) {
        const channels = got.slice(p * C, p * C + C);
        if (channels.every((v) => v === 0)) zeroed.push([Math.floor(p / W), p % W]);
        else expect(channels).toEqual(plain.slice(p * C, p * C + C));
      }
      const ys = zeroed.map(([py]) => py);
      const xs = zeroed.map(([, px]) => px);
      const rows = Math.max(...ys) - Math.min(...ys) + 1;
      const cols = Math.max(...xs) - Math.min(...xs) + 1;
      expect(zeroed.length).toBe(rows * cols); // a filled rectangle
      expect(rows).toBeLessThanOrEqual(3);
      expect(cols).toBeLessThanOrEqual(3);
      areas.add(zeroed.length);
    }
    expect(areas.has(9)).toBe(true); // whole holes inside the image
    expect([...areas].some((a) => a < 9)).toBe(true); // and holes clipped at a border
  });

  it('repeats exactly for a seed and changes with the seed', () => {
    const aug = { crop: 2, flip: true, cutout: 2 };
    const a = batch(aug, 11).x;
    expect(Array.from(batch(aug, 11).x)).toEqual(Array.from(a));
    expect(Array.from(batch(aug, 12).x)).not.toEqual(Array.from(a));
  });

  it('rejects bad normalisation and augmentation settings', () => {
    const one = Int32Array.from([0]);
    expect(() => makeBatch(ds, one, { mean: [0], std: [1] })).toThrow(ConfigError);
    expect(() => makeBatch(ds, one, { mean: [0], std: [1] })).toThrow(
      'mean/std have 1/1 entries; the data has 3 channels',
    );
    expect(() => makeBatch(ds, one, { mean: [0, 0, 0], std: [1, 0, 1] })).toThrow(
      'std 1, 0, 1 must all be > 0',
    );
    const rng = createRng(0);
    const augment = { crop: -1, flip: false, cutout: 0 };
    expect(() => makeBatch(ds, one, { ...norm, augment, rng })).toThrow(
      'augment.crop -1 must be a non-negative integer (0 = off)',
    );
    expect(() =>
      makeBatch(ds, one, { ...norm, augment: { crop: 0, flip: false, cutout: 2.5 }, rng }),
    ).toThrow(ConfigError);
  });

  it('treats a missing rng or an index out of range as a bug', () => {
    const augment = { crop: 0, flip: true, cutout: 0 };
    expect(() => makeBatch(ds, Int32Array.from([0]), { ...norm, augment })).toThrow(AssertionError);
    expect(() => makeBatch(ds, Int32Array.from([4]), norm)).toThrow('index 4 outside 0..3');
  });
});
