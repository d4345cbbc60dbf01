import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { tf } from '../../../../../src-main/engine/tf';
import { buildDesign } from '../../../../../src-main/engine/arch/design';
import { createRng } from '../../../../../src-main/engine/random';
import type { SsnConfig } from '../../../../../src-main/engine/npas/ssn/config';
import { ssnConfig } from '../../../../../src-main/engine/npas/ssn/config';
import type { SsnProvider } from '../../../../../src-main/engine/npas/ssn/createSsnProvider';
import {
  createSearchProvider,
  createSsnProvider,
} from '../../../../../src-main/engine/npas/ssn/createSsnProvider';
import { expectNoLeaks } from '../../../../helpers/tensors';

// Layers [4,2,3,3] (72), [4,4,3,3] (144) twice, [3,4] (12): small enough to perturb every entry.
const arch = buildDesign({
  input: { height: 6, width: 6, channels: 2 },
  classes: 3,
  layers: [
    { type: 'conv', filters: 4, kernel: 3 },
    { type: 'conv', filters: 4, kernel: 3 },
    { type: 'conv', filters: 4, kernel: 3 },
    { type: 'globalAvgPool' },
  ],
});

/** A fixed random r per generated tensor, so the loss is sum(w ⊙ r) over all weights and biases. */
function probes(provider: SsnProvider): { kernel: Float32Array; bias?: Float32Array }[] {
  const rng = createRng(99);
  const draw = (n: number) => Float32Array.from({ length: n }, () => rng.normal());
  return tf.tidy(() =>
    provider.generate().map((w) => ({
      kernel: draw(w.kernel.size),
      ...(w.bias ? { bias: draw(w.bias.size) } : {}),
    })),
  );
}

function lossTensor(provider: SsnProvider, r: ReturnType<typeof probes>): tf.Scalar {
  const terms = provider
    .generate()
    .flatMap((w, i) => [
      tf.sum(tf.mul(tf.reshape(w.kernel, [-1]), r[i].kernel)),
      ...(w.bias && r[i].bias ? [tf.sum(tf.mul(w.bias, r[i].bias))] : []),
    ]);
  return tf.addN(terms) as tf.Scalar;
}

/** The same loss accumulated in float64 from the generated values. */
function lossValue(provider: SsnProvider, r: ReturnType<typeof probes>): number {
  let total = 0;
  tf.tidy(() => {
    provider.generate().forEach((w, i) => {
      w.kernel.dataSync().forEach((v, j) => (total += v * r[i].kernel[j]));
      w.bias?.dataSync().forEach((v, j) => (total += v * (r[i].bias as Float32Array)[j]));
    });
  });
  return total;
}

/** Worst relative error, over every parameter, of analytic vs central-difference gradients. */
function gradientError(provider: SsnProvider, samples = 10, eps = 1e-2): number {
  const r = probes(provider);
  const { value, grads } = tf.variableGrads(() => lossTensor(provider, r));
  value.dispose();
  let worst = 0;
  for (const p of provider.parameters) {
    const analytic = grads[p.variable.name].dataSync();
    const values = p.variable.dataSync().slice() as Float32Array;
    const step = Math.max(1, Math.floor(values.length / samples));
    let diff = 0;
    let scale = 0;
    for (let j = 0; j < values.length; j += step) {
      const original = values[j];
      const evaluate = (x: number) => {
        values[j] = x;
        tf.tidy(() => p.variable.assign(tf.tensor(values, p.variable.shape)));
        return [lossValue(provider, r), values[j]];
      };
      const [up, xUp] = evaluate(original + eps);
      const [down, xDown] = evaluate(original - eps);
      evaluate(original);
      const numeric = (up - down) / (xUp - xDown);
      diff = Math.max(diff, Math.abs(numeric - analytic[j]));
      scale = Math.max(scale, Math.abs(numeric));
    }
    worst = Math.max(worst, diff / Math.max(scale, 1e-2));
  }
  tf.dispose(Object.values(grads));
  return worst;
}

const CASES: [string, Partial<SsnConfig>][] = [
  ['WAvg with Inter (store 130: two warped layers, K=8 classifier)', { budget: 130 }],
  ['WAvg without resizing (K = 4, 2, 2, 8)', { budget: 300 }],
  ['Emb with Inter', { budget: 130, combiner: 'emb' }],
  ['Emb without resizing', { budget: 300, combiner: 'emb' }],
  ['Avg', { budget: 300, combiner: 'avg' }],
  ['Repeat upsampling', { budget: 130, upsampler: 'repeat' }],
  ['Mask upsampling', { budget: 130, upsampler: 'mask' }],
  ['WAvg upsampling', { budget: 130, upsampler: 'wavg' }],
  ['per-type groups (a single dense layer with bias)', { budget: 300, groups: 'type' }],
];

describe('SSN gradients', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  for (const [name, config] of CASES) {
    it(`match finite differences for stores and coefficients: ${name}`, async () => {
      await expectNoLeaks(() => {
        const provider = createSsnProvider(arch, ssnConfig(config), 5);
        expect(gradientError(provider)).toBeLessThan(1e-3);
        provider.dispose();
      });
    });
  }

  for (const combiner of ['wavg', 'emb'] as const) {
    it(`match finite differences for the search model (${combiner}, softmax coefficients)`, async () => {
      await expectNoLeaks(() => {
        const provider = createSearchProvider(
          arch,
          ssnConfig({ search: { budget: 400, combiner } }),
          5,
        );
        expect(gradientError(provider)).toBeLessThan(1e-3);
        provider.dispose();
      });
    });
  }
});
