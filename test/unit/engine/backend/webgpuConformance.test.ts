// Conformance of the webgpu rung (issue 10): every kernel a training step of the unshared, SSN
// and SuperWeights networks uses gives the cpu backend's forward values and gradients within a
// stated fp32 tolerance, on whatever adapter is here (lavapipe in CI). Prints the table.
//
// Tolerance: max |webgpu − cpu| / max |cpu| over each output or gradient tensor ≤ 1e-4. GPU
// kernels sum in a different order (tree reductions, tiled matmuls) than the cpu backend, and
// reordering a sum of K fp32 terms changes it by up to about K·ε·max|term| (ε = 2^-24 ≈ 6e-8);
// the largest reduction here has K ≈ 200, so ≈ 1.2e-5 relative to the largest value, and 1e-4
// leaves margin for exp/log/rsqrt approximations on the GPU (a few ulp). Elementwise relative
// error is not used: it is meaningless where the true value is near zero.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../../src-main/contract/config';
import { initBackend } from '../../../../src-main/engine/backend/ladder';
import { tf } from '../../../../src-main/engine/tf';
import { Sgd } from '../../../../src-main/engine/train/optimizer';
import {
  architectureFor,
  createModel,
  shapeWithoutData,
} from '../../../../src-main/engine/train/setup';
import { createStepFunction } from '../../../../src-main/engine/train/trainer';
import { skipWebGpu } from './webgpuHere';

const TOLERANCE = 1e-4;

/** One case: float inputs (their shapes and a value range), and ops over them. */
interface Case {
  name: string;
  inputs: { shape: number[]; positive?: boolean }[];
  fn: (...xs: tf.Tensor[]) => tf.Tensor;
  /** Forward only: the engine uses this kernel inside a custom gradient, never differentiates it. */
  forwardOnly?: boolean;
}

const conv = (stride: number) => (x: tf.Tensor, w: tf.Tensor) =>
  tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, stride, 'same');

const CASES: Case[] = [
  {
    name: 'Conv2D 3×3 s1',
    inputs: [{ shape: [2, 6, 6, 3] }, { shape: [3, 3, 3, 4] }],
    fn: conv(1),
  },
  {
    name: 'Conv2D 3×3 s2',
    inputs: [{ shape: [2, 6, 6, 4] }, { shape: [3, 3, 4, 5] }],
    fn: conv(2),
  },
  {
    name: 'Conv2D 1×1 s2',
    inputs: [{ shape: [2, 6, 6, 4] }, { shape: [1, 1, 4, 6] }],
    fn: conv(2),
  },
  {
    name: 'BatchMatMul',
    inputs: [{ shape: [4, 8] }, { shape: [8, 5] }],
    fn: (a, b) => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D),
  },
  { name: 'Relu', inputs: [{ shape: [3, 7] }], fn: (x) => tf.relu(x) },
  {
    name: 'Mean (batch-norm moments)',
    inputs: [{ shape: [2, 4, 4, 3] }],
    fn: (x) => tf.mean(x, [0, 1, 2]),
  },
  {
    name: 'Square, Rsqrt',
    inputs: [{ shape: [5], positive: true }],
    fn: (x) => tf.rsqrt(tf.add(tf.square(x), 1e-5)),
  },
  {
    name: 'Add, Sub, Multiply, RealDiv',
    inputs: [{ shape: [3, 4] }, { shape: [4], positive: true }],
    fn: (a, b) => tf.div(tf.mul(tf.sub(a, b), tf.add(a, b)), b),
  },
  {
    name: 'Neg, Exp, Log',
    inputs: [{ shape: [6], positive: true }],
    fn: (x) => tf.neg(tf.log(tf.add(tf.exp(tf.neg(x)), 1))),
  },
  { name: 'Sum, Max', inputs: [{ shape: [4, 6] }], fn: (x) => tf.add(tf.sum(x, 1), tf.max(x, 1)) },
  {
    name: 'logSoftmax, OneHot',
    inputs: [{ shape: [4, 5] }],
    fn: (x) => tf.mul(tf.logSoftmax(x), tf.oneHot(tf.tensor1d([0, 3, 1, 4], 'int32'), 5)),
  },
  { name: 'Softmax', inputs: [{ shape: [4, 5] }], fn: (x) => tf.softmax(x) },
  {
    name: 'AvgPool',
    inputs: [{ shape: [2, 4, 4, 3] }],
    fn: (x) => tf.avgPool(x as tf.Tensor4D, 4, 1, 'valid'),
  },
  {
    name: 'PadV2, Slice',
    inputs: [{ shape: [2, 3, 4] }],
    fn: (x) =>
      tf.slice(
        tf.pad(x, [
          [0, 0],
          [1, 2],
          [0, 1],
        ]),
        [0, 1, 1],
        [2, 3, 3],
      ),
  },
  {
    name: 'Concat, SplitV',
    inputs: [{ shape: [2, 3] }, { shape: [2, 4] }],
    fn: (a, b) => tf.split(tf.concat([a, b], 1), [5, 2], 1)[0],
  },
  {
    name: 'Transpose, Reshape',
    inputs: [{ shape: [2, 3, 4] }],
    fn: (x) => tf.reshape(tf.transpose(x, [2, 0, 1]), [4, 6]),
  },
  { name: 'Tile', inputs: [{ shape: [2, 3] }], fn: (x) => tf.tile(x, [2, 3]) },
  {
    name: 'GatherV2',
    inputs: [{ shape: [5, 3] }],
    fn: (x) => tf.gather(x, tf.tensor1d([4, 0, 0, 2], 'int32')),
  },
  {
    name: 'ScatterNd',
    inputs: [{ shape: [3, 2] }],
    fn: (x) =>
      tf.add(tf.scatterND(tf.tensor2d([[1], [3], [0]], [3, 1], 'int32'), x, [5, 2]), tf.sum(x)),
    forwardOnly: true,
  },
  {
    name: 'AddN, ZerosLike, Identity',
    inputs: [{ shape: [4] }, { shape: [4] }],
    fn: (a, b) => tf.addN([a, b, tf.zerosLike(a), tf.clone(b)]),
  },
  {
    name: 'ArgMax, Equal, Cast (accuracy)',
    inputs: [{ shape: [4, 5] }],
    fn: (x) =>
      tf.mul(
        x,
        tf.expandDims(
          tf.cast(tf.equal(tf.argMax(x, 1), tf.tensor1d([0, 1, 2, 3], 'int32')), 'float32'),
          1,
        ),
      ),
    forwardOnly: true,
  },
];

/** Deterministic inputs: a fixed pseudo-random sequence, so cpu and webgpu see the same values. */
function inputsOf(c: Case): tf.Tensor[] {
  let seed = c.name.length * 7919;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  return c.inputs.map(({ shape, positive }) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const values = Float32Array.from({ length: n }, () =>
      positive ? 0.5 + Math.abs(next()) : next(),
    );
    return tf.tensor(values, shape);
  });
}

/** Forward output and the gradients of Σ out·r (r fixed) with respect to every input. */
async function evaluateCase(c: Case): Promise<{ forward: Float32Array; grads: Float32Array[] }> {
  const xs = inputsOf(c);
  const out = c.fn(...xs);
  const r = tf.tidy(() => tf.sin(tf.reshape(tf.range(1, out.size + 1), out.shape)));
  const grads = c.forwardOnly
    ? []
    : tf.grads((...args: tf.Tensor[]) => tf.sum(tf.mul(c.fn(...args), r)))(xs);
  const result = {
    forward: (await out.data()) as Float32Array,
    grads: await Promise.all(grads.map(async (g) => (await g.data()) as Float32Array)),
  };
  tf.dispose([...xs, out, r, ...grads]);
  return result;
}

function relErr(a: Float32Array, b: Float32Array): number {
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(a[i]));
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
  }
  return diff / Math.max(scale, 1e-30);
}

/** Kernel names one tf.profile saw (scope names such as 'unnamed scope' left out). */
function kernelsOf(info: { kernelNames: string[] }): string[] {
  return info.kernelNames.filter((n) => /^[A-Z][A-Za-z0-9]*$/.test(n));
}

/** The kernels one training step (and a prediction) of each method uses, on cpu. */
async function trainingKernels(): Promise<Set<string>> {
  const used = new Set<string>();
  for (const extra of [
    { method: 'unshared' },
    { method: 'ssn', budget: '10%', ssn: { combiner: 'wavg', upsampler: 'inter' } },
    { method: 'ssn', budget: '10%', ssn: { combiner: 'emb', upsampler: 'mask' } },
    { method: 'ssn', budget: '10%', ssn: { combiner: 'avg', upsampler: 'wavg' } },
    { method: 'ssn', budget: '10%', ssn: { combiner: 'wavg', upsampler: 'repeat' } },
    { method: 'superweights', superweights: { members: 'wrn-10-2,wrn-10-1' } },
  ]) {
    const config = parseRunConfig({
      arch: 'wrn-10-1',
      input: '8x8x3',
      classes: 4,
      training: { batchSize: 4, labelSmoothing: 0.1 },
      ...extra,
    });
    const { input, classes } = shapeWithoutData(config);
    const model = createModel(config, architectureFor(config, input, classes));
    const optimizer = new Sgd(model.parameters(), config.training);
    const step = createStepFunction(model, optimizer, config.training.labelSmoothing);
    const shape: [number, number, number, number] = [4, 8, 8, 3];
    const batch = {
      x: new Float32Array(4 * 8 * 8 * 3).fill(0.5),
      y: Int32Array.from([0, 1, 2, 3]),
      shape,
    };
    kernelsOf(await tf.profile(() => step(batch, 0.1) as never)).forEach((k) => used.add(k));
    const x = tf.tensor4d(batch.x, shape);
    kernelsOf(await tf.profile(() => model.predict(x))).forEach((k) => used.add(k));
    x.dispose();
    optimizer.dispose();
    model.dispose();
  }
  return used;
}

describe.skipIf(skipWebGpu)('webgpu conformance with cpu', () => {
  const rows: { kernel: string; fwd: number; bwd: number | null }[] = [];

  beforeAll(async () => {
    await initBackend('cpu');
  });

  afterAll(() => {
    if (!rows.length) return;
    const width = Math.max(...rows.map((r) => r.kernel.length));
    const lines = rows.map(
      (r) =>
        `${r.kernel.padEnd(width)}  ${r.fwd.toExponential(2)}  ${r.bwd === null ? '-' : r.bwd.toExponential(2)}`,
    );
    console.log(
      `webgpu vs cpu, max relative error (tolerance ${TOLERANCE}):\n` +
        `${'kernel'.padEnd(width)}  fwd       bwd\n${lines.join('\n')}`,
    );
  });

  it('covers every kernel a training step of unshared, SSN and SuperWeights networks uses', async () => {
    await initBackend('cpu');
    const used = await trainingKernels();
    const covered = new Set<string>();
    for (const c of CASES) {
      const info = await tf.profile(async () => {
        await evaluateCase(c);
      });
      kernelsOf(info).forEach((k) => covered.add(k));
    }
    expect([...used].filter((k) => !covered.has(k))).toEqual([]);
  });

  it(`agrees with cpu forward and backward within ${TOLERANCE} for every kernel`, async () => {
    const expected: Awaited<ReturnType<typeof evaluateCase>>[] = [];
    await initBackend('cpu');
    for (const c of CASES) expected.push(await evaluateCase(c));
    await initBackend('webgpu');
    for (const [i, c] of CASES.entries()) {
      const got = await evaluateCase(c);
      const fwd = relErr(expected[i].forward, got.forward);
      const bwd = c.forwardOnly
        ? null
        : Math.max(...got.grads.map((g, k) => relErr(expected[i].grads[k], g)));
      rows.push({ kernel: c.name, fwd, bwd });
    }
    const bad = rows.filter((r) => !(r.fwd <= TOLERANCE && (r.bwd ?? 0) <= TOLERANCE));
    expect(bad).toEqual([]);
  });
});
