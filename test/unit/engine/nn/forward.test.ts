import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '../../../../src-main/engine/tf';
import { buildArchitecture } from '../../../../src-main/engine/arch/registry';
import { buildDesign } from '../../../../src-main/engine/arch/design';
import { GraphBuilder } from '../../../../src-main/engine/arch/graphBuilder';
import type { Architecture } from '../../../../src-main/engine/arch/types';
import { forward } from '../../../../src-main/engine/nn/forward';
import {
  createNormState,
  disposeNormState,
  disposeStats,
} from '../../../../src-main/engine/nn/normState';
import { createUnsharedProvider } from '../../../../src-main/engine/npas/unshared';
import { expectNoLeaks, maxAbsDiff } from '../../../helpers/tensors';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function run(arch: Architecture, x: tf.Tensor4D, training: boolean) {
  const provider = createUnsharedProvider(arch, { seed: 1 });
  const norms = createNormState(arch);
  const result = forward(arch, provider.generate(), norms, x, training);
  const logits = result.logits.arraySync();
  const shape = result.logits.shape;
  const statCount = result.stats.length;
  result.logits.dispose();
  disposeStats(result.stats);
  provider.dispose();
  disposeNormState(norms);
  return { logits, shape, statCount };
}

describe('forward', () => {
  it.each([
    ['wrn-10-1', { height: 8, width: 8, channels: 3 }],
    ['resnet-20', { height: 8, width: 8, channels: 3 }],
    ['resnet-8-b', { height: 7, width: 7, channels: 3 }],
    ['mlp', { height: 6, width: 6, channels: 1 }],
    ['cnn', { height: 12, width: 12, channels: 1 }],
  ])('gives %s on %j finite [2, 5] logits in both modes and leaks nothing', async (name, input) => {
    const arch = buildArchitecture(name, { classes: 5, input });
    const x = tf.randomNormal(
      [2, input.height, input.width, input.channels],
      0,
      1,
      'float32',
      3,
    ) as tf.Tensor4D;
    await expectNoLeaks(() => {
      for (const training of [true, false]) {
        const { logits, shape, statCount } = run(arch, x, training);
        expect(shape).toEqual([2, 5]);
        expect(logits.flat().every(Number.isFinite)).toBe(true);
        expect(statCount).toBe(training ? arch.norms.length : 0);
      }
    });
    x.dispose();
  });

  it('runs a user design with pools, a stride-2 conv and auto-flatten', async () => {
    const arch = buildDesign({
      input: { height: 9, width: 9, channels: 2 },
      classes: 3,
      layers: [
        { type: 'conv', filters: 4, kernel: 3, stride: 2 },
        { type: 'avgPool', size: 2, stride: 1 },
        { type: 'conv', filters: 3, kernel: 2, padding: 'valid', batchNorm: false },
        { type: 'dense', units: 6 },
      ],
    });
    const x = tf.randomNormal([3, 9, 9, 2], 0, 1, 'float32', 4) as tf.Tensor4D;
    await expectNoLeaks(() => expect(run(arch, x, false).shape).toEqual([3, 3]));
    x.dispose();
  });

  it('implements the option-A shortcut as x[:, ::2, ::2] with zero channels on both sides', async () => {
    const g = new GraphBuilder({ height: 3, width: 3, channels: 2 });
    const pad = g.subsamplePad(0, 2, 6);
    g.dense(g.flatten(pad), { name: 'classifier', units: 24 });
    const arch = g.build({ name: 'probe', family: 'design', classes: 24 });
    // Identity classifier so the logits are the flattened shortcut output.
    const kernel = tf.eye(24);
    const values = Array.from({ length: 18 }, (_, i) => i + 1);
    const x = tf.tensor4d(values, [1, 3, 3, 2]);
    await expectNoLeaks(() => {
      const { logits } = forward(arch, [{ kernel }], [], x, false);
      const out = logits.dataSync();
      logits.dispose();
      // Kept pixels (0,0), (0,2), (2,0), (2,2); channels [0, 0, a, b, 0, 0].
      const expected = [
        [1, 2],
        [5, 6],
        [13, 14],
        [17, 18],
      ].flatMap(([a, b]) => [0, 0, a, b, 0, 0]);
      expect(Array.from(out)).toEqual(expected);
    });
    tf.dispose([kernel, x]);
  });

  it('adds a bias given for a conv whose spec has none (SSN single-layer groups)', async () => {
    const arch = buildDesign({
      input: { height: 2, width: 2, channels: 1 },
      classes: 1,
      layers: [
        { type: 'conv', filters: 1, kernel: 1, batchNorm: false, relu: false },
        { type: 'globalAvgPool' },
      ],
    });
    const weights = [
      { kernel: tf.ones([1, 1, 1, 1]), bias: tf.tensor1d([10]) },
      { kernel: tf.ones([1, 1]), bias: tf.tensor1d([0]) },
    ];
    const x = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    await expectNoLeaks(() => {
      const { logits } = forward(arch, weights, [], x, false);
      expect(logits.dataSync()[0]).toBeCloseTo(12.5, 5);
      logits.dispose();
    });
    tf.dispose([...weights.flatMap((w) => [w.kernel, w.bias]), x]);
  });

  // Directional finite differences along random directions through every parameter. β = 3
  // keeps each ReLU input (all follow a batch norm in training mode) far from its kink, so the
  // loss is smooth and float32 central differences are accurate to ~1e-4.
  it.each(['wrn-10-1', 'resnet-8'])(
    'matches finite differences of every parameter of %s in training mode (rel. error < 1e-3)',
    async (name) => {
      const arch = buildArchitecture(name, {
        classes: 3,
        input: { height: 8, width: 8, channels: 2 },
      });
      const provider = createUnsharedProvider(arch, { seed: 2 });
      const norms = createNormState(arch);
      // assign inside tidy: the assigned tensor is freed, the variable keeps its data.
      for (const n of norms) tf.tidy(() => n.beta.assign(tf.fill(n.beta.shape, 3)));
      const variables = [
        ...provider.parameters.map((p) => p.variable),
        ...norms.flatMap((n) => [n.gamma, n.beta]),
      ];
      const x = tf.randomNormal([3, 8, 8, 2], 0, 1, 'float32', 5) as tf.Tensor4D;
      const probe = tf.randomNormal([3, 3], 0, 1, 'float32', 6);
      const loss = () =>
        tf.tidy(() => {
          const { logits, stats } = forward(arch, provider.generate(), norms, x, true);
          disposeStats(stats);
          return tf.sum(tf.mul(logits, probe)) as tf.Scalar;
        });
      await expectNoLeaks(() => {
        const { value, grads } = tf.variableGrads(loss, variables);
        value.dispose();
        const originals = variables.map((v) => tf.clone(v));
        for (let trial = 0; trial < 2; trial++) {
          const directions = variables.map((v, i) =>
            tf.randomNormal(v.shape, 0, 0.1, 'float32', 100 * trial + i),
          );
          const analytic = tf.tidy(() =>
            tf.addN(variables.map((v, i) => tf.sum(tf.mul(grads[v.name], directions[i])))),
          );
          const lossAt = (eps: number) => {
            variables.forEach((v, i) =>
              tf.tidy(() => v.assign(tf.add(originals[i], tf.mul(directions[i], eps)))),
            );
            const l = loss();
            const out = l.dataSync()[0];
            l.dispose();
            return out;
          };
          const eps = 3e-3;
          const numeric = (lossAt(eps) - lossAt(-eps)) / (2 * eps);
          const exact = analytic.dataSync()[0];
          tf.dispose([...directions, analytic]);
          expect(Math.abs(numeric - exact) / Math.abs(exact)).toBeLessThan(1e-3);
        }
        variables.forEach((v, i) => v.assign(originals[i]));
        tf.dispose([...originals, ...Object.values(grads)]);
      });
      tf.dispose([x, probe]);
      provider.dispose();
      disposeNormState(norms);
    },
  );

  it('uses the running statistics in eval mode: γ=2, β=1, mean 1, var 4 maps 3 to 3', async () => {
    const arch = buildDesign({
      input: { height: 1, width: 1, channels: 1 },
      classes: 1,
      layers: [{ type: 'conv', filters: 1, kernel: 1, relu: false }],
    });
    const norms = createNormState(arch);
    tf.tidy(() => {
      norms[0].gamma.assign(tf.tensor1d([2]));
      norms[0].beta.assign(tf.tensor1d([1]));
      norms[0].runningMean.assign(tf.tensor1d([1]));
      norms[0].runningVariance.assign(tf.tensor1d([4]));
    });
    const weights = [
      { kernel: tf.ones([1, 1, 1, 1]) },
      { kernel: tf.ones([1, 1]), bias: tf.zeros([1]) },
    ];
    const x = tf.tensor4d([3], [1, 1, 1, 1]);
    await expectNoLeaks(() => {
      const { logits } = forward(arch, weights, norms, x, false);
      // 2·(3 − 1)/sqrt(4 + 1e-5) + 1 = 3
      expect(logits.dataSync()[0]).toBeCloseTo(3, 4);
      logits.dispose();
    });
    tf.dispose([...weights.flatMap((w) => [w.kernel, w.bias ?? []]).flat(), x]);
    disposeNormState(norms);
  });

  it('equals a hand-built tfjs computation for a conv with numeric padding 2 and stride 2', async () => {
    const arch = buildDesign({
      input: { height: 5, width: 5, channels: 2 },
      classes: 2,
      layers: [
        {
          type: 'conv',
          filters: 3,
          kernel: 3,
          stride: 2,
          padding: 2,
          batchNorm: false,
          relu: false,
        },
      ],
    });
    expect(arch.layers[1].inChannels).toBe(4 * 4 * 3);
    const x = tf.randomNormal([2, 5, 5, 2], 0, 1, 'float32', 8) as tf.Tensor4D;
    const w0 = tf.randomNormal([3, 3, 2, 3], 0, 1, 'float32', 9);
    const b0 = tf.randomNormal([3], 0, 1, 'float32', 10);
    const w1 = tf.randomNormal([48, 2], 0, 1, 'float32', 11);
    const b1 = tf.zeros([2]);
    await expectNoLeaks(() => {
      const { logits } = forward(
        arch,
        [
          { kernel: w0, bias: b0 },
          { kernel: w1, bias: b1 },
        ],
        [],
        x,
        false,
      );
      const expected = tf.tidy(() => {
        const padded = tf.pad(x, [
          [0, 0],
          [2, 2],
          [2, 2],
          [0, 0],
        ]);
        const y = tf.add(tf.conv2d(padded, w0 as tf.Tensor4D, 2, 'valid'), b0);
        return tf.matMul(tf.reshape(y, [2, 48]), w1 as tf.Tensor2D);
      });
      expect(maxAbsDiff(logits, expected)).toBeLessThan(1e-5);
      tf.dispose([logits, expected]);
    });
    tf.dispose([x, w0, b0, w1, b1]);
  });
});
