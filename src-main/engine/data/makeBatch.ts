// Turns dataset indices into a normalised float batch with the SSN CIFAR training augmentation
// (ssn.md §6.1): random crop with 4 px zero padding, horizontal flip p = 0.5, and Cutout (one
// hole, applied after normalisation, so the hole is 0 in normalised space). Runs every step, so
// it is one pass over the output with a per-channel lookup table for normalisation.
import { ConfigError } from '../../contract/errors';
import { assert } from '../../contract/assert';
import type { Rng } from '../random';
import type { Dataset } from './dataset';

/** Training-time augmentation, persisted with a run's config. */
export interface AugmentConfig {
  /** Zero-padding in px before a random crop back to size; 0 = off (reference: 4). */
  crop: number;
  /** Random horizontal flip with probability 0.5. */
  flip: boolean;
  /** Side of the Cutout hole in px; 0 = off (reference: 16). */
  cutout: number;
}

/** No augmentation: evaluation batches. */
export const NO_AUGMENT: AugmentConfig = { crop: 0, flip: false, cutout: 0 };

/** Options of `makeBatch`. */
export interface BatchOptions {
  /** Per-channel mean on the 0..1 scale (see channelStats). */
  mean: number[];
  /** Per-channel std on the 0..1 scale. */
  std: number[];
  augment?: AugmentConfig;
  /** Source of every augmentation draw; required when `augment` does anything. */
  rng?: Rng;
}

/** A batch ready to become tensors: x is NHWC float32, y the labels. */
export interface Batch {
  x: Float32Array;
  y: Int32Array;
  shape: [number, number, number, number];
}

function checkOptions(ds: Dataset, opts: BatchOptions): void {
  const c = ds.channels;
  if (opts.mean.length !== c || opts.std.length !== c) {
    throw new ConfigError(
      `mean/std have ${opts.mean.length}/${opts.std.length} entries; the data has ${c} channels`,
    );
  }
  if (opts.std.some((s) => !(s > 0)))
    throw new ConfigError(`std ${opts.std.join(', ')} must all be > 0`);
  const aug = opts.augment;
  if (!aug) return;
  for (const key of ['crop', 'cutout'] as const) {
    if (!Number.isInteger(aug[key]) || aug[key] < 0) {
      throw new ConfigError(`augment.${key} ${aug[key]} must be a non-negative integer (0 = off)`);
    }
  }
}

function normalisationTable(c: number, mean: number[], std: number[]): Float32Array {
  const lut = new Float32Array(c * 256);
  for (let k = 0; k < c; k++)
    for (let v = 0; v < 256; v++) lut[k * 256 + v] = (v / 255 - mean[k]) / std[k];
  return lut;
}

/** Zeroes an L×L square centred at (cy, cx), clipped at the borders (Cutout). */
function cutout(
  x: Float32Array,
  base: number,
  h: number,
  w: number,
  c: number,
  cy: number,
  cx: number,
  size: number,
): void {
  const y0 = Math.max(0, cy - (size >> 1));
  const y1 = Math.min(h, cy - (size >> 1) + size);
  const x0 = Math.max(0, cx - (size >> 1));
  const x1 = Math.min(w, cx - (size >> 1) + size);
  for (let y = y0; y < y1; y++) x.fill(0, base + (y * w + x0) * c, base + (y * w + x1) * c);
}

/** Builds the batch of `indices` from `ds`, augmented when `opts.augment` asks for it. */
export function makeBatch(ds: Dataset, indices: Int32Array, opts: BatchOptions): Batch {
  checkOptions(ds, opts);
  const { height: h, width: w, channels: c } = ds;
  const aug = opts.augment ?? NO_AUGMENT;
  const active = aug.crop > 0 || aug.flip || aug.cutout > 0;
  assert(!active || opts.rng, 'makeBatch: augmentation needs an rng');
  const rng = opts.rng as Rng;
  const lut = normalisationTable(c, opts.mean, opts.std);
  const size = h * w * c;
  const n = indices.length;
  const x = new Float32Array(n * size);
  const y = new Int32Array(n);
  const pad = aug.crop;
  for (let i = 0; i < n; i++) {
    const index = indices[i];
    assert(index >= 0 && index < ds.count, `makeBatch: index ${index} outside 0..${ds.count - 1}`);
    y[i] = ds.labels[index];
    // Draw order per image is fixed (crop, flip, cutout) so a seed always gives the same batch.
    const dy = pad > 0 ? rng.int(2 * pad + 1) - pad : 0;
    const dx = pad > 0 ? rng.int(2 * pad + 1) - pad : 0;
    const flip = aug.flip && rng.next() < 0.5;
    const src = index * size;
    const dst = i * size;
    for (let r = 0; r < h; r++) {
      const sy = r + dy;
      for (let col = 0; col < w; col++) {
        const sx = (flip ? w - 1 - col : col) + dx;
        const out = dst + (r * w + col) * c;
        // Padding is black in pixel space (value 0), as torchvision pads before normalising.
        const inside = sy >= 0 && sy < h && sx >= 0 && sx < w;
        const at = src + (sy * w + sx) * c;
        for (let k = 0; k < c; k++) x[out + k] = lut[k * 256 + (inside ? ds.images[at + k] : 0)];
      }
    }
    if (aug.cutout > 0) cutout(x, dst, h, w, c, rng.int(h), rng.int(w), aug.cutout);
  }
  return { x, y, shape: [n, h, w, c] };
}
