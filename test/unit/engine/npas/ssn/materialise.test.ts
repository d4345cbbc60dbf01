import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '../../../../../src-main/engine/tf';
import { buildArchitecture } from '../../../../../src-main/engine/arch/registry';
import { Model } from '../../../../../src-main/engine/nn/model';
import type { WeightProvider } from '../../../../../src-main/engine/npas/provider';
import { createUnsharedProvider } from '../../../../../src-main/engine/npas/unshared';
import { budgetFromFraction, ssnConfig } from '../../../../../src-main/engine/npas/ssn/config';
import type { SsnConfig } from '../../../../../src-main/engine/npas/ssn/config';
import { createSsnProvider } from '../../../../../src-main/engine/npas/ssn/createSsnProvider';
import {
  materialise,
  materialiseLayers,
} from '../../../../../src-main/engine/npas/ssn/materialise';
import { expectNoLeaks, maxAbsDiff } from '../../../../helpers/tensors';

const arch = buildArchitecture('wrn-10-2', {
  classes: 5,
  input: { height: 8, width: 8, channels: 3 },
});

/** Logits of eval and training mode for a fixed batch. */
function outputs(model: Model, x: tf.Tensor4D): tf.Tensor2D[] {
  const train = model.forward(x, true);
  train.stats.forEach((s) => tf.dispose([s.mean, s.variance]));
  return [model.predict(x), train.logits];
}

/** A provider that returns fixed weights (with biases), for layers the unshared provider lacks. */
function constantProvider(
  layers: Awaited<ReturnType<typeof materialiseLayers>>,
  shapes: number[][],
): WeightProvider {
  const weights = layers.map((l, i) => ({
    kernel: tf.tensor(l.kernel, shapes[i]),
    ...(l.bias ? { bias: tf.tensor1d(l.bias) } : {}),
  }));
  return {
    method: 'unshared',
    parameters: [],
    generate: () => weights,
    accounting: () => {
      throw new Error('not needed');
    },
    dispose: () => weights.forEach((w) => tf.dispose([w.kernel, ...(w.bias ? [w.bias] : [])])),
  };
}

describe('materialise', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  for (const config of [
    { combiner: 'wavg', upsampler: 'inter' },
    { combiner: 'emb', upsampler: 'mask' },
    { combiner: 'avg', upsampler: 'wavg' },
  ] as Partial<SsnConfig>[]) {
    it(`exports an unshared network with the same outputs within 1e-5 (${config.combiner}, ${config.upsampler})`, async () => {
      await expectNoLeaks(async () => {
        const ssn = createSsnProvider(
          arch,
          ssnConfig({ ...config, budget: budgetFromFraction(arch, 0.05) }),
          11,
        );
        const plain = createUnsharedProvider(arch, { seed: 0, initial: await materialise(ssn) });
        const a = new Model(arch, ssn);
        const b = new Model(arch, plain);
        const x = tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
        const [ya, yb] = [outputs(a, x), outputs(b, x)];
        for (let i = 0; i < 2; i++) expect(maxAbsDiff(ya[i], yb[i])).toBeLessThan(1e-5);
        tf.dispose([x, ...ya, ...yb]);
        a.dispose();
        b.dispose();
      });
    });
  }

  it('keeps the biases of single-layer groups (per-type groups: the classifier alone)', async () => {
    await expectNoLeaks(async () => {
      const ssn = createSsnProvider(
        arch,
        ssnConfig({ budget: budgetFromFraction(arch, 0.1), groups: 'type' }),
        2,
      );
      const layers = await materialiseLayers(ssn);
      expect(layers[arch.layers.length - 1].bias).toHaveLength(5);
      expect(layers.slice(0, -1).every((l) => l.bias === undefined)).toBe(true);
      const shapes = tf.tidy(() => ssn.generate().map((w) => w.kernel.shape));
      const a = new Model(arch, ssn);
      const b = new Model(arch, constantProvider(layers, shapes));
      const x = tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
      const [ya, yb] = [a.predict(x), b.predict(x)];
      expect(maxAbsDiff(ya, yb)).toBeLessThan(1e-5);
      tf.dispose([x, ya, yb]);
      a.dispose();
      b.dispose();
    });
  });

  it('reads the generated weights outside tf.tidy, leaving no tensor and the provider intact', async () => {
    const ssn = createSsnProvider(arch, ssnConfig({ budget: budgetFromFraction(arch, 0.05) }), 7);
    const reference = tf.tidy(() => ssn.generate().map((w) => w.kernel.dataSync().slice()));
    // Record, for every tensor read (Tensor.dataSync goes through the engine), whether a tidy
    // scope was open at the time (compute.md: a tidy returning large typed arrays walks every
    // element).
    const engine = tf.engine() as unknown as { read: (...args: unknown[]) => unknown };
    const scopesAtRead: unknown[] = [];
    const read = engine.read;
    engine.read = function (this: unknown, ...args: unknown[]) {
      scopesAtRead.push(tf.engine().state.activeScope);
      return read.apply(this, args);
    };
    let layers: Awaited<ReturnType<typeof materialiseLayers>>;
    try {
      layers = await expectNoLeaks(() => materialiseLayers(ssn));
    } finally {
      engine.read = read;
    }
    expect(layers.map((l) => l.kernel)).toEqual(reference);
    expect(scopesAtRead.length).toBe(arch.layers.length);
    expect(scopesAtRead.every((scope) => scope === null)).toBe(true);
    // The provider's own tensors survive: generating again still works.
    expect(tf.tidy(() => ssn.generate().length)).toBe(arch.layers.length);
    ssn.dispose();
  });
});
