// The one PyTorch → tfjs weight layout both sharing methods use (issue #9, item 17), including
// SSN's dense weights, which arrive as [O, I] rather than SuperWeights' [O, I, 1, 1].
import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '../../../../src-main/engine/tf';
import { toReferenceLayout, toTfjsLayout } from '../../../../src-main/engine/npas/layout';
import { expectNoLeaks } from '../../../helpers/tensors';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('toTfjsLayout', () => {
  it('puts PyTorch [O, I, kh, kw] at [kh, kw, I, O] and a dense [O, I] or [O, I, 1, 1] at [I, O]', async () => {
    await expectNoLeaks(() => {
      // conv: O=2, I=3, 2×2 kernel, value = 1000·o + 100·i + 10·y + x.
      const conv = tf.tensor4d(
        Array.from({ length: 24 }, (_, n) => {
          const [o, i, y, x] = [
            Math.floor(n / 12),
            Math.floor(n / 4) % 3,
            Math.floor(n / 2) % 2,
            n % 2,
          ];
          return 1000 * o + 100 * i + 10 * y + x;
        }),
        [2, 3, 2, 2],
      );
      const t = toTfjsLayout(conv, 'conv');
      expect(t.shape).toEqual([2, 2, 3, 2]);
      expect(t.arraySync()).toEqual(
        [0, 1].map((y) =>
          [0, 1].map((x) =>
            [0, 1, 2].map((i) => [0, 1].map((o) => 1000 * o + 100 * i + 10 * y + x)),
          ),
        ),
      );
      const dense2 = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
      const dense4 = tf.reshape(dense2, [2, 3, 1, 1]);
      const a = toTfjsLayout(dense2, 'dense');
      const b = toTfjsLayout(dense4, 'dense');
      expect(a.arraySync()).toEqual([
        [1, 4],
        [2, 5],
        [3, 6],
      ]);
      expect(b.arraySync()).toEqual(a.arraySync());
      const back = toReferenceLayout(t, 'conv');
      expect(back.arraySync()).toEqual(conv.arraySync());
      tf.dispose([conv, t, dense2, dense4, a, b, back]);
    });
  });
});
