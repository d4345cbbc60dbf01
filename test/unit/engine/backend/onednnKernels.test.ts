// The oneDNN rung (issue #11): its kernels against the cpu backend's, its batch norm against the
// composed one and against finite differences, no leaks, typed errors for bad input, and the
// ladder falling back to wasm, saying why, wherever the addon is off or missing. .ci/run builds
// the addon (`npm run build:onednn`), so the kernel tests run in CI; elsewhere they skip visibly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../../../src-main/engine/tf';
import { initBackend, probeBackends } from '../../../../src-main/engine/backend/ladder';
import {
  loadOnednn,
  onednnThreads,
  type OnednnAddon,
} from '../../../../src-main/engine/backend/onednnAddon';
import {
  BATCH_NORM_TRAIN,
  MIN_NATIVE_ELEMENTS,
  onednnKernelsInstalled,
} from '../../../../src-main/engine/backend/onednnKernels';
import { WASM_EXTRA_KERNELS } from '../../../../src-main/engine/backend/wasmKernels';
import { batchNormTrain } from '../../../../src-main/engine/nn/batchNorm';
import { createRng } from '../../../../src-main/engine/random';
import { ConfigError } from '../../../../src-main/contract/errors';
import { expectNoLeaks, relativeArrayError } from '../../../helpers/tensors';

const load = loadOnednn();
const built = load.loaded;
const addon = (load.loaded ? load.addon : null) as OnednnAddon;

type Pad = 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];
interface Case {
  n: number;
  h: number;
  w: number;
  c: number;
  f: number;
  k: number;
  stride: number;
  pad: Pad;
  dilation?: number;
}

function random(shape: number[], seed: number): tf.Tensor {
  const rng = createRng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: size }, () => rng.normal()),
    shape,
  );
}

/** y, dx and dW of sum(conv2d(x, w) · r) on the active backend, as plain arrays. */
function convResults(spec: Case, seed: number): Float32Array[] {
  return tf.tidy(() => {
    const x = random([spec.n, spec.h, spec.w, spec.c], seed);
    const w = random([spec.k, spec.k, spec.c, spec.f], seed + 1);
    const conv = (xx: tf.Tensor, ww: tf.Tensor) =>
      tf.conv2d(
        xx as tf.Tensor4D,
        ww as tf.Tensor4D,
        spec.stride,
        spec.pad,
        'NHWC',
        spec.dilation ?? 1,
      );
    const y = conv(x, w);
    const r = random(y.shape, seed + 2);
    const out = [y.dataSync() as Float32Array];
    if ((spec.dilation ?? 1) === 1) {
      const [dx, dw] = tf.grads((xx: tf.Tensor, ww: tf.Tensor) => tf.sum(tf.mul(conv(xx, ww), r)))([
        x,
        w,
      ]);
      out.push(dx.dataSync() as Float32Array, dw.dataSync() as Float32Array);
    }
    return out;
  });
}

const relErr = relativeArrayError;

const CASES: Case[] = [
  { n: 2, h: 9, w: 7, c: 3, f: 5, k: 3, stride: 1, pad: 'same' },
  { n: 2, h: 9, w: 7, c: 4, f: 6, k: 3, stride: 2, pad: 'same' },
  { n: 3, h: 8, w: 8, c: 16, f: 32, k: 3, stride: 2, pad: 'same' },
  { n: 2, h: 8, w: 8, c: 8, f: 16, k: 1, stride: 2, pad: 'valid' },
  { n: 2, h: 11, w: 10, c: 3, f: 4, k: 5, stride: 3, pad: 'valid' },
  {
    n: 1,
    h: 6,
    w: 6,
    c: 2,
    f: 3,
    k: 3,
    stride: 1,
    pad: [
      [0, 0],
      [2, 0],
      [1, 1],
      [0, 0],
    ],
  },
  { n: 2, h: 12, w: 12, c: 4, f: 4, k: 3, stride: 1, pad: 'same', dilation: 2 },
];

describe.skipIf(!built)('oneDNN kernels (the addon is built here)', () => {
  beforeAll(async () => {
    await initBackend('onednn');
  });
  afterAll(async () => {
    await initBackend('wasm');
  });

  it('replaces the wasm convolution kernels and adds the batch-norm kernels', () => {
    expect(onednnKernelsInstalled()).toBe(true);
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.getKernel(BATCH_NORM_TRAIN, 'wasm')).toBeDefined();
    const wasmFilterGrad = WASM_EXTRA_KERNELS.find((k) => k.kernelName === 'Conv2DBackpropFilter');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')?.kernelFunc).not.toBe(
      wasmFilterGrad?.kernelFunc,
    );
  });

  it('matches the cpu backend within 1e-5 for the output and both gradients over strides, pads, kernels and a dilation', async () => {
    const ours = CASES.map((spec, i) => convResults(spec, 10 * i));
    await initBackend('cpu');
    const reference = CASES.map((spec, i) => convResults(spec, 10 * i));
    await initBackend('onednn');
    CASES.forEach((spec, i) => {
      ours[i].forEach((values, j) => {
        expect(relErr(values, reference[i][j]), `${JSON.stringify(spec)} output ${j}`).toBeLessThan(
          1e-5,
        );
      });
    });
  });

  it('gives the same convolutions on 2 threads as on 1, within 1e-5 of the cpu backend', async () => {
    const spec = CASES[2];
    addon.setThreads(2);
    try {
      const two = convResults(spec, 99);
      await initBackend('cpu');
      const reference = convResults(spec, 99);
      await initBackend('onednn');
      addon.setThreads(2);
      two.forEach((values, j) =>
        expect(relErr(values, reference[j]), `output ${j}`).toBeLessThan(1e-5),
      );
    } finally {
      addon.setThreads(1);
    }
  });

  it('gives the composed batch norm’s output, statistics and gradients for NHWC and [rows, C] input', async () => {
    const run = (shape: number[]) =>
      tf.tidy(() => {
        const x = tf.add(tf.mul(random(shape, 7), 3), 1.5);
        const c = shape[shape.length - 1];
        const gamma = random([c], 8) as tf.Tensor1D;
        const beta = random([c], 9) as tf.Tensor1D;
        const r = random(shape, 10);
        let stats: tf.Tensor[] = [];
        const f = (xx: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
          const out = batchNormTrain(xx, g as tf.Tensor1D, b as tf.Tensor1D);
          stats = [out.mean, out.variance];
          return tf.sum(tf.mul(out.y, r));
        };
        const grads = tf.grads(f)([x, gamma, beta]);
        const y = batchNormTrain(x, gamma, beta);
        return [y.y, y.mean, y.variance, ...stats, ...grads].map(
          (t) => t.dataSync() as Float32Array,
        );
      });
    for (const shape of [
      [4, 5, 3, 6],
      [17, 8],
    ]) {
      const ours = run(shape);
      await initBackend('wasm');
      expect(tf.getKernel(BATCH_NORM_TRAIN, 'wasm')).toBeUndefined();
      const composed = run(shape);
      await initBackend('onednn');
      ours.forEach((values, i) =>
        expect(relErr(values, composed[i]), `${shape} output ${i}`).toBeLessThan(2e-5),
      );
    }
  });

  it('computes relu, its gradient, and add and multiply (same shapes, broadcast, int32) as the cpu backend does', async () => {
    const run = () =>
      tf.tidy(() => {
        // MIN_NATIVE_ELEMENTS and more, so the oneDNN path runs (smaller ones stay on wasm).
        const shape = [4, 32, 32, 16];
        expect(4 * 32 * 32 * 16).toBeGreaterThanOrEqual(MIN_NATIVE_ELEMENTS);
        const x = random(shape, 51);
        const other = random(shape, 52);
        const row = random([16], 53);
        const r = random(shape, 54);
        const f = (a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.mul(tf.add(tf.mul(tf.relu(a), b), tf.relu(tf.add(a, row))), r));
        const [da, db] = tf.grads(f)([x, other]);
        const ints = tf.add(tf.tensor1d([1, 2, 3], 'int32'), tf.tensor1d([4, 5, 6], 'int32'));
        return [f(x, other), da, db, tf.relu(x), tf.mul(x, other), tf.cast(ints, 'float32')].map(
          (t) => t.dataSync() as Float32Array,
        );
      });
    // Count the addon's elementwise calls: the kernels look them up on the addon at each call.
    const calls = { relu: 0, reluGrad: 0, binary: 0 };
    const saved = { relu: addon.relu, reluGrad: addon.reluGrad, binary: addon.binary };
    for (const name of ['relu', 'reluGrad', 'binary'] as const) {
      const original = saved[name] as (...args: unknown[]) => void;
      (addon as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
        calls[name]++;
        original(...args);
      };
    }
    let ours: Float32Array[];
    try {
      ours = run();
    } finally {
      Object.assign(addon, saved);
    }
    expect(calls.relu).toBeGreaterThanOrEqual(3);
    expect(calls.reluGrad).toBeGreaterThanOrEqual(2);
    expect(calls.binary).toBeGreaterThanOrEqual(4);
    await initBackend('cpu');
    const reference = run();
    await initBackend('onednn');
    // Output 0 sums 65,536 products: only the order of additions differs.
    ours.forEach((values, i) =>
      expect(relErr(values, reference[i]), `output ${i}`).toBeLessThan(1e-5),
    );
    expect(Array.from(ours[5])).toEqual([5, 7, 9]);
  });

  it('clones by sharing the data (no copy) and keeps it alive until the last holder is disposed', async () => {
    const x = tf.tensor1d([1, 2, 3]);
    const y = tf.clone(x);
    expect(y.dataId).toBe(x.dataId);
    x.dispose();
    expect(Array.from(await y.data())).toEqual([1, 2, 3]);
    y.dispose();
    await initBackend('wasm');
    const a = tf.tensor1d([4]);
    const b = tf.clone(a);
    expect(b.dataId).not.toBe(a.dataId); // plain wasm's own Identity copies
    tf.dispose([a, b]);
    await initBackend('onednn');
  });

  it('puts back tfjs’ relu gradient and the wasm kernels when plain wasm is asked for', async () => {
    const oursRelu = tf.getKernel('Relu', 'wasm')?.kernelFunc;
    await initBackend('wasm');
    expect(tf.getKernel('Relu', 'wasm')?.kernelFunc).not.toBe(oursRelu);
    expect(tf.getKernel('NpasReluGrad', 'wasm')).toBeUndefined();
    const dx = tf.tidy(() =>
      tf
        .grad((x: tf.Tensor) => tf.sum(tf.relu(x)))(tf.tensor1d([-1, 2]))
        .dataSync(),
    );
    expect(Array.from(dx)).toEqual([0, 1]);
    await initBackend('onednn');
  });

  it('has a batch-norm gradient that agrees with central finite differences', () => {
    const shape = [3, 2, 2, 2];
    const x = random(shape, 21);
    const gamma = random([2], 22) as tf.Tensor1D;
    const beta = random([2], 23) as tf.Tensor1D;
    const r = random(shape, 24);
    const loss = (xx: tf.Tensor) => tf.sum(tf.mul(batchNormTrain(xx, gamma, beta).y, r));
    const analytic = tf.tidy(() => tf.grad(loss)(x).dataSync() as Float32Array);
    const base = x.dataSync() as Float32Array;
    const h = 1e-2;
    for (const i of [0, 5, 13, 23]) {
      const at = (delta: number) =>
        tf.tidy(() => {
          const v = base.slice();
          v[i] += delta;
          return loss(tf.tensor(v, shape)).dataSync()[0];
        });
      const numeric = (at(h) - at(-h)) / (2 * h);
      expect(Math.abs(numeric - analytic[i]), `element ${i}`).toBeLessThan(
        2e-2 * Math.max(1, Math.abs(analytic[i])),
      );
    }
    tf.dispose([x, gamma, beta, r]);
  });

  it('leaks no tensors over a training-style forward and backward', async () => {
    const x = random([2, 6, 6, 3], 31);
    const w = random([3, 3, 3, 4], 32);
    const gamma = tf.ones([4]) as tf.Tensor1D;
    const beta = tf.zeros([4]) as tf.Tensor1D;
    await expectNoLeaks(() => {
      const grads = tf.grads((xx: tf.Tensor, ww: tf.Tensor) => {
        const out = batchNormTrain(
          tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, 1, 'same'),
          gamma,
          beta,
        );
        tf.dispose([out.mean, out.variance]);
        return tf.sum(tf.relu(out.y));
      })([x, w]);
      tf.dispose(grads);
    });
    tf.dispose([x, w, gamma, beta]);
  });

  it('refuses offsets outside the heap and malformed geometry with a RangeError naming them', () => {
    const heap = new ArrayBuffer(1024);
    const geometry = Int32Array.of(0, 1, 4, 4, 1, 1, 3, 3, 4, 4, 1, 1, 1, 1, 1, 1, 1, 1);
    expect(() => addon.conv2d(heap, geometry, 4096, 0, 512)).toThrow(
      /x: 16 floats at byte offset 4096 do not fit an aligned heap of 1024 bytes/,
    );
    expect(() => addon.conv2d(heap, geometry, 2, 0, 512)).toThrow(/byte offset 2 do not fit/);
    expect(() => addon.conv2d(heap, geometry.subarray(0, 5), 0, 0, 0)).toThrow(
      /conv2d geometry must have 18 values, got 5/,
    );
    expect(() => addon.conv2d(heap, Int32Array.of(7, ...geometry.subarray(1)), 0, 0, 0)).toThrow(
      /conv2d mode must be 0, 1 or 2, got 7/,
    );
    expect(() => addon.setThreads(0)).toThrow(/threads must be 1 to 1024, got 0/);
    const error = (() => {
      try {
        addon.conv2d(heap, geometry, 4096, 0, 0);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(RangeError);
  });

  it('trains a small net to the same losses as plain wasm, within 1e-4', async () => {
    const losses = async () => {
      const w1 = tf.variable(random([3, 3, 2, 8], 41));
      const w2 = tf.variable(random([8, 3], 42));
      const gamma = tf.variable(tf.ones([8]));
      const beta = tf.variable(tf.zeros([8]));
      const x = random([6, 8, 8, 2], 43);
      const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32'), 3);
      const optimizer = tf.train.momentum(0.05, 0.9);
      const out: number[] = [];
      for (let step = 0; step < 4; step++) {
        const loss = optimizer.minimize(() => {
          const h = tf.conv2d(x as tf.Tensor4D, w1 as tf.Tensor4D, 2, 'same');
          const n = batchNormTrain(h, gamma as tf.Tensor1D, beta as tf.Tensor1D);
          tf.dispose([n.mean, n.variance]);
          const logits = tf.matMul(tf.mean(tf.relu(n.y), [1, 2]) as tf.Tensor2D, w2 as tf.Tensor2D);
          return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
        }, true) as tf.Scalar;
        out.push(loss.dataSync()[0]);
        loss.dispose();
      }
      tf.dispose([w1, w2, gamma, beta, x, y]);
      optimizer.dispose();
      return out;
    };
    const ours = await losses();
    await initBackend('wasm');
    const plain = await losses();
    await initBackend('onednn');
    expect(ours[3]).toBeLessThan(ours[0]);
    ours.forEach((l, i) => expect(Math.abs(l - plain[i]), `step ${i}`).toBeLessThan(1e-4));
  });
});

describe('oneDNN rung availability', () => {
  it('is the rung above wasm and, where the addon is built, says which oneDNN and how many threads', async () => {
    const probes = await probeBackends();
    const onednn = probes.find((p) => p.name === 'onednn');
    expect(probes.map((p) => p.name).indexOf('onednn')).toBe(
      probes.map((p) => p.name).indexOf('wasm') - 1,
    );
    if (built) {
      expect(onednn?.available).toBe(true);
      expect(onednn?.reason).toMatch(
        /^oneDNN \d+\.\d+\.\d+ \([a-z0-9_]+\) convolutions and batch norm, \d+ of \d+ cores, other ops on wasm$/,
      );
    } else {
      expect(onednn?.reason).toMatch(/not built|did not load/);
    }
  });

  it('falls back to wasm on auto, saying why, when NPAS_ONEDNN=0 turns the addon off', async () => {
    process.env.NPAS_ONEDNN = '0';
    try {
      const report = await initBackend('auto');
      expect(report.name).toBe('wasm');
      expect(report.why).toContain('onednn unavailable');
      expect(report.probes.find((p) => p.name === 'onednn')?.reason).toBe(
        'turned off by NPAS_ONEDNN=0',
      );
      expect(onednnKernelsInstalled()).toBe(false);
      await expect(initBackend('onednn')).rejects.toThrow(
        "backend 'onednn' is unavailable: turned off by NPAS_ONEDNN=0",
      );
    } finally {
      delete process.env.NPAS_ONEDNN;
    }
  });

  it('says the addon was not built, or did not load, naming the path', () => {
    expect(loadOnednn({ NPAS_ONEDNN_ADDON: '/nonexistent/npas_onednn.node' })).toEqual({
      loaded: false,
      reason: expect.stringMatching(
        /^the oneDNN addon was not built .*apt-get install libdnnl-dev/,
      ),
    });
    const notAnAddon = new URL(import.meta.url).pathname;
    const broken = loadOnednn({ NPAS_ONEDNN_ADDON: notAnAddon });
    expect(broken.loaded).toBe(false);
    expect(!broken.loaded && broken.reason).toContain(
      `the oneDNN addon at ${notAnAddon} did not load: `,
    );
  });

  it('reads NPAS_THREADS, refusing what is not a whole number from 1 to 1024', () => {
    expect(onednnThreads({ NPAS_THREADS: '3' })).toBe(3);
    expect(onednnThreads({})).toBeGreaterThanOrEqual(1);
    for (const bad of ['0', 'two', '1.5', '2000']) {
      expect(() => onednnThreads({ NPAS_THREADS: bad })).toThrow(ConfigError);
      expect(() => onednnThreads({ NPAS_THREADS: bad })).toThrow(`got '${bad}'`);
    }
  });
});
