import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '../../../../../src-main/engine/tf';
import { bilinearResize } from '../../../../../src-main/engine/npas/ssn/bilinearResize';
import { roundHalfEven } from '../../../../../src-main/engine/npas/ssn/roundHalfEven';
import {
  interTemplateShape,
  searchTemplateShape,
} from '../../../../../src-main/engine/npas/ssn/templateShape';
import {
  interUpsample,
  maskUpsample,
  repeatUpsample,
  wavgUpsample,
} from '../../../../../src-main/engine/npas/ssn/upsamplers';
import { expectNoLeaks, maxAbsDiff } from '../../../../helpers/tensors';

const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i);
const values = (t: tf.Tensor) => {
  const v = Array.from(t.dataSync());
  t.dispose();
  return v;
};

/** Hand-written PyTorch bilinear (align_corners=False) of one [h, w] image. */
function referenceResize(image: number[][], height: number, width: number): number[][] {
  const h = image.length;
  const w = image[0].length;
  const source = (d: number, inSize: number, outSize: number) => {
    const s = Math.max(0, (inSize / outSize) * (d + 0.5) - 0.5);
    const i0 = Math.floor(s);
    return { i0, i1: i0 < inSize - 1 ? i0 + 1 : i0, l: s - i0 };
  };
  return range(height).map((r) => {
    const y = source(r, h, height);
    return range(width).map((c) => {
      const x = source(c, w, width);
      const top = image[y.i0][x.i0] * (1 - x.l) + image[y.i0][x.i1] * x.l;
      const bottom = image[y.i1][x.i0] * (1 - x.l) + image[y.i1][x.i1] * x.l;
      return top * (1 - y.l) + bottom * y.l;
    });
  });
}

describe('SSN upsamplers (ssn.md §3)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  const store = () => tf.tensor1d(range(20));

  it('repeat reproduces the tiny vector: [0..17, 0..17, 0..13] (the 20 mod 9 tail dropped)', async () => {
    await expectNoLeaks(() => {
      const x = store();
      expect(values(repeatUpsample(x, 50, 2, 9))).toEqual([
        ...range(18),
        ...range(18),
        ...range(14),
      ]);
      x.dispose();
    });
  });

  it('mask reproduces the tiny vector with v = 1..18 (chunks start 0,2,6,12,20 and 0,11,24,39)', async () => {
    await expectNoLeaks(() => {
      const x = store();
      const v = tf.tensor1d(range(18, 1));
      const out = values(maskUpsample(x, v, 50, 2, 9));
      const chunk = (mask: number[]) => range(18).map((i) => i * mask[i % 9]);
      const expected = [...range(18), ...chunk(range(9, 1)), ...chunk(range(9, 10))].slice(0, 50);
      expect(out).toEqual(expected);
      expect(out.slice(18, 23)).toEqual([0, 2, 6, 12, 20]);
      expect(out.slice(36, 40)).toEqual([0, 11, 24, 39]);
      tf.dispose([x, v]);
    });
  });

  it('wavg reproduces the tiny vector: [A, B, A+B, A−B, 2A][:50] with A = 0..9, B = 10..19', async () => {
    await expectNoLeaks(() => {
      const x = store();
      const u = tf.tensor2d([1, 0, 0, 1, 1, 1, 1, -1, 2, 0, 0, 2], [6, 2]);
      const out = values(wavgUpsample(x, u, 50));
      const a = range(10);
      const b = range(10, 10);
      expect(out).toEqual([
        ...a,
        ...b,
        ...a.map((v, i) => v + b[i]),
        ...a.map(() => -10),
        ...a.map((v) => 2 * v),
      ]);
      expect(out.slice(20, 30)).toEqual(range(10).map((i) => 10 + 2 * i));
      tf.dispose([x, u]);
    });
  });

  it('rounds half to even like Python: 28.5 → 28, 8.5 → 8, 9.5 → 10, 2.4 → 2', () => {
    expect([28.5, 8.5, 9.5, 2.4, 2.6].map(roundHalfEven)).toEqual([28, 8, 10, 2, 3]);
  });

  it('runs the Inter p-search with half-to-even rounding and float p steps', () => {
    // Python: round(30 * 0.95) = round(28.5) = 28, so [2,28,3,3] (504 numbers) fits 509 at p = 0.95;
    // Math.round would give 29 (522 numbers) and step on to p = 0.9.
    expect(interTemplateShape([2, 30, 3, 3], 509, 1)).toEqual({
      ok: true,
      shape: [2, 28, 3, 3],
      scale: 0.95,
    });
    const wrn = interTemplateShape([640, 640, 3, 3], 3_650_000, 1);
    expect(wrn).toEqual({ ok: true, shape: [608, 608, 3, 3], scale: 0.95 });
    const low = interTemplateShape([640, 320, 3, 3], 1_000_000, 1);
    expect(low.ok && low.shape).toEqual([448, 224, 3, 3]);
    expect(low.scale).toBe(0.95 - 0.05 - 0.05 - 0.05 - 0.05 - 0.05);
    const fail = interTemplateShape([16, 3, 3, 3], 10, 1);
    expect(fail.ok).toBe(false);
  });

  it('computes the search model template [h, w] of ssn.md §4.2', () => {
    expect(searchTemplateShape([160, 160, 3, 3], 5_000_000, 4)).toEqual([372, 3360]);
    expect(searchTemplateShape([640, 640, 3, 3], 10, 4)).toBeNull();
  });

  it('resizes with half-pixel centres exactly as a hand-written PyTorch bilinear, up and down', async () => {
    await expectNoLeaks(() => {
      const image = range(4).map((r) => range(6).map((c) => Math.sin(r * 1.3 + c * 0.7) * 3));
      for (const [h, w] of [
        [7, 11],
        [3, 4],
        [4, 13],
        [1, 2],
      ]) {
        const x = tf.tensor3d([image]);
        const got = bilinearResize(x, h, w);
        const expected = tf.tensor3d([referenceResize(image, h, w)]);
        expect(maxAbsDiff(got, expected)).toBeLessThan(1e-5);
        tf.dispose([x, got, expected]);
      }
    });
  });

  it('agrees with tf.image.resizeBilinear(halfPixelCenters=true) on a [1,H,W,1] image', async () => {
    await expectNoLeaks(() => {
      const x = tf.tensor3d([range(5).map((r) => range(7).map((c) => (r * 7 + c) ** 1.5 / 10))]);
      const ours = bilinearResize(x, 9, 12);
      const theirs = tf.tidy(() =>
        tf.reshape(
          tf.image.resizeBilinear(tf.reshape(x, [1, 5, 7, 1]) as tf.Tensor4D, [9, 12], false, true),
          [1, 9, 12],
        ),
      );
      expect(maxAbsDiff(ours, theirs)).toBeLessThan(1e-5);
      tf.dispose([x, ours, theirs]);
    });
  });

  it('Inter resizes each of K templates separately over the flattened (in, kh, kw) axis', async () => {
    await expectNoLeaks(() => {
      const block = tf.tensor1d(range(2 * 2 * 3 + 5));
      const out = interUpsample(block, 2, [2, 3], [4, 5]);
      expect(out.shape).toEqual([2, 20]);
      const second = referenceResize(
        [
          [6, 7, 8],
          [9, 10, 11],
        ],
        4,
        5,
      ).flat();
      const got = values(tf.slice(out, [1, 0], [1, 20]));
      got.forEach((v, i) => expect(v).toBeCloseTo(second[i], 5));
      tf.dispose([block, out]);
    });
  });
});
