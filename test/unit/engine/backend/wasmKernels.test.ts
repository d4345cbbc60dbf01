import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../../../src-main/engine/tf';
import { initBackend } from '../../../../src-main/engine/backend/ladder';
import {
  GUARDED_MATMULS,
  isGuardedMatMul,
  WASM_EXTRA_KERNELS,
} from '../../../../src-main/engine/backend/wasmKernels';
import { createRng, type Rng } from '../../../../src-main/engine/random';
import { expectNoLeaks, relativeArrayError } from '../../../helpers/tensors';
import { BackendError } from '../../../../src-main/contract/errors';

type Pad = 'same' | 'valid' | number | [[0, 0], [number, number], [number, number], [0, 0]];

interface Case {
  n: number;
  h: number;
  w: number;
  c: number;
  f: number;
  k: number;
  stride: number;
  pad: Pad;
  rounding?: 'floor' | 'ceil';
}

interface Grads {
  dx: Float32Array;
  dw: Float32Array;
}

function randomArray(size: number, rng: Rng): Float32Array {
  return Float32Array.from({ length: size }, () => rng.normal());
}

/** dx and dW of sum(conv2d(x, w) · r) on the active backend, for fixed random x, w, r. */
function convGrads(spec: Case, seed: number): Grads {
  const rng = createRng(seed);
  return tf.tidy(() => {
    const x = tf.tensor4d(randomArray(spec.n * spec.h * spec.w * spec.c, rng), [
      spec.n,
      spec.h,
      spec.w,
      spec.c,
    ]);
    const w = tf.tensor4d(randomArray(spec.k * spec.k * spec.c * spec.f, rng), [
      spec.k,
      spec.k,
      spec.c,
      spec.f,
    ]);
    const conv = (xx: tf.Tensor4D, ww: tf.Tensor4D) =>
      tf.conv2d(xx, ww, spec.stride, spec.pad, 'NHWC', 1, spec.rounding);
    const outShape = conv(x, w).shape;
    const r = tf.tensor(
      randomArray(
        outShape.reduce((a, b) => a * b, 1),
        rng,
      ),
      outShape,
    );
    const [dx, dw] = tf.grads((xx: tf.Tensor, ww: tf.Tensor) =>
      tf.sum(tf.mul(conv(xx as tf.Tensor4D, ww as tf.Tensor4D), r)),
    )([x, w]);
    return { dx: dx.dataSync() as Float32Array, dw: dw.dataSync() as Float32Array };
  });
}

const relErr = relativeArrayError;

/** Gradients on wasm against cpu's (of `reference`, an equivalent conv, when given). */
async function compare(spec: Case, seed: number, reference: Case = spec): Promise<void> {
  await tf.setBackend('cpu');
  const expected = convGrads(reference, seed);
  await tf.setBackend('wasm');
  const actual = await expectNoLeaks(() => convGrads(spec, seed));
  const label = JSON.stringify(spec);
  expect(relErr(actual.dx, expected.dx), `dx ${label}`).toBeLessThan(1e-4);
  expect(relErr(actual.dw, expected.dw), `dW ${label}`).toBeLessThan(1e-4);
}

/** The brief's grid, with channels, batch and odd/even sizes drawn per case. */
function grid(): Case[] {
  const rng = createRng(2024);
  const cases: Case[] = [];
  for (const stride of [1, 2])
    for (const pad of ['same', 'valid', 1] as Pad[])
      for (const k of [1, 3])
        for (const odd of [true, false]) {
          const base = 4 + 2 * rng.int(3) + (odd ? 1 : 0);
          cases.push({
            n: rng.int(2) === 0 ? 1 : 3,
            h: base,
            w: base + (rng.int(2) === 0 ? 0 : 2),
            c: 1 + rng.int(8),
            f: 1 + rng.int(8),
            k,
            stride,
            pad,
          });
        }
  return cases;
}

describe('wasm conv2d gradient kernels', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('registers our Conv2DBackpropFilter and Conv2DBackpropInput on wasm, not the built-in ones', () => {
    // A built-in Conv2DBackpropInput exists, so only the kernel function's identity proves ours runs.
    expect(WASM_EXTRA_KERNELS.map((k) => k.kernelName)).toEqual([
      'Conv2DBackpropFilter',
      'Conv2DBackpropInput',
    ]);
    for (const ours of WASM_EXTRA_KERNELS) {
      const registered = tf.getKernel(ours.kernelName, 'wasm');
      expect(registered?.kernelFunc, ours.kernelName).toBe(ours.kernelFunc);
    }
  });

  it('wraps the wasm matmul kernels in the operator-cache guard', () => {
    for (const name of GUARDED_MATMULS) {
      const registered = tf.getKernel(name, 'wasm');
      expect(registered, name).toBeDefined();
      expect(isGuardedMatMul(registered!.kernelFunc), name).toBe(true);
    }
  });

  it('matches the cpu backend within 1e-4 on the stride × pad × kernel × parity grid', async () => {
    const cases = grid();
    expect(cases).toHaveLength(24);
    for (const [i, spec] of cases.entries()) await compare(spec, 100 + i);
  });

  it('matches cpu on the WRN shapes: 7×7 and 15×15 inputs with stride 2', async () => {
    await compare({ n: 2, h: 7, w: 7, c: 3, f: 5, k: 3, stride: 2, pad: 'same' }, 1);
    await compare({ n: 1, h: 15, w: 15, c: 4, f: 6, k: 3, stride: 2, pad: 'same' }, 2);
    await compare({ n: 2, h: 15, w: 15, c: 4, f: 2, k: 1, stride: 2, pad: 'valid' }, 3);
  });

  it('matches cpu with explicit asymmetric padding and with a pad wider than the kernel', async () => {
    const explicit: Pad = [
      [0, 0],
      [1, 2],
      [0, 1],
      [0, 0],
    ];
    await compare({ n: 2, h: 6, w: 5, c: 3, f: 4, k: 3, stride: 2, pad: explicit }, 4);
    await compare({ n: 1, h: 5, w: 5, c: 2, f: 3, k: 1, stride: 1, pad: 1 }, 6);
  });

  it('gets ceil rounding right, matching cpu on the equivalent explicit padding', async () => {
    // cpu's own gradient drops the extra output row: tfjs does not pass dimRoundingMode to the
    // gradient kernels, so cpu sees 3.5 output rows. Ceil with pad 1 reads one zero row past the
    // end, which explicit padding [1, 2] states exactly.
    const spec: Case = { n: 2, h: 6, w: 6, c: 2, f: 3, k: 3, stride: 2, pad: 1, rounding: 'ceil' };
    const explicit: Case = {
      ...spec,
      pad: [
        [0, 0],
        [1, 2],
        [1, 2],
        [0, 0],
      ],
      rounding: undefined,
    };
    await compare(spec, 5, explicit);
  });

  it("keeps the caller's inputs alive when called directly with them, many times", async () => {
    const x = tf.randomNormal([2, 5, 5, 3], 0, 1, 'float32', 7);
    const dy = tf.randomNormal([2, 5, 5, 4], 0, 1, 'float32', 8);
    const before = Array.from(x.dataSync());
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 3, 4] };
    await expectNoLeaks(() => {
      for (let i = 0; i < 20; i++) {
        const dw = tf
          .engine()
          .runKernel('Conv2DBackpropFilter', { x, dy }, attrs as never) as tf.Tensor;
        expect(dw.shape).toEqual([3, 3, 3, 4]);
        dw.dispose();
      }
    });
    expect(Array.from(x.dataSync())).toEqual(before);
    tf.dispose([x, dy]);
  });

  it('throws a BackendError naming the kernel for NCHW data', () => {
    const x = tf.zeros([1, 3, 5, 5]);
    const dy = tf.zeros([1, 4, 5, 5]);
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 3, 4] };
    expect(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs as never)).toThrow(
      new BackendError("Conv2DBackpropFilter on wasm supports dataFormat 'NHWC' only, got 'NCHW'"),
    );
    tf.dispose([x, dy]);
  });
});
