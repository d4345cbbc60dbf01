import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import type { Architecture } from '../../../../../src-main/engine/arch/types';
import { forward } from '../../../../../src-main/engine/nn/forward';
import {
  createNormState,
  disposeNormState,
  type NormState,
} from '../../../../../src-main/engine/nn/normState';
import type { LayerWeights } from '../../../../../src-main/engine/npas/provider';
import {
  collectLayerGradients,
  createSuperWeights,
  superWeightsConfig,
  type SuperWeightsSet,
} from '../../../../../src-main/engine/npas/superweights';
import { tf } from '../../../../../src-main/engine/tf';
import { crossEntropy } from '../../../../../src-main/engine/crossEntropy';
import { expectNoLeaks } from '../../../../helpers/tensors';
import { buildDesign } from '../../../../../src-main/engine/arch/design';

const OPTIONS = { classes: 3, input: { height: 4, width: 4, channels: 2 } };
const EPS = 1e-2;

interface Fixture {
  archs: Architecture[];
  set: SuperWeightsSet;
  norms: NormState[];
  x: tf.Tensor4D;
  labels: tf.Tensor1D;
}

/**
 * Two shallow designs of different widths, without ReLU: the loss is then smooth in every
 * parameter, so central differences are accurate to O(ε²) instead of jumping at kinks.
 */
function design(width: number): Architecture {
  return buildDesign({
    ...OPTIONS,
    layers: [
      { type: 'conv', filters: width, kernel: 3, batchNorm: false, relu: false },
      { type: 'conv', filters: width + 2, kernel: 3, batchNorm: false, relu: false },
      { type: 'conv', filters: width, kernel: 1, batchNorm: false, relu: false },
      { type: 'globalAvgPool' },
    ],
  });
}

function fixture(): Fixture {
  const archs = [design(6), design(4)];
  const config = superWeightsConfig({
    budget: 3_000,
    bins: 2,
    coefficients: 'perLayer',
    init: 'fanIn',
  });
  const set = createSuperWeights(archs, config, 7);
  const x = tf.randomNormal([3, 4, 4, 2], 0, 1, 'float32', 11) as tf.Tensor4D;
  return {
    archs,
    set,
    norms: archs.map(createNormState),
    x,
    labels: tf.tensor1d([0, 2, 1], 'int32'),
  };
}

function dispose(f: Fixture): void {
  f.set.dispose();
  f.norms.forEach(disposeNormState);
  tf.dispose([f.x, f.labels]);
}

/** Σ_m CE_m, computed in float64 from the float32 logits. */
function ensembleLoss(f: Fixture, weights?: (m: number) => readonly LayerWeights[]): number {
  return f.archs.reduce((sum, a, m) => {
    const logits = tf.tidy(
      () =>
        forward(a, weights ? weights(m) : f.set.members[m].generate(), f.norms[m], f.x, false)
          .logits,
    );
    const values = logits.dataSync();
    logits.dispose();
    const labels = f.labels.dataSync();
    let loss = 0;
    for (let r = 0; r < labels.length; r++) {
      const row = Array.from(values.slice(r * 3, r * 3 + 3));
      const max = Math.max(...row);
      loss += Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0)) + max - row[labels[r]];
    }
    return sum + loss / labels.length;
  }, 0);
}

/** Central difference of the loss in entry `i` of `variable`. */
function finiteDifference(f: Fixture, variable: tf.Variable, i: number): number {
  const original = variable.dataSync().slice();
  const at = (delta: number) => {
    const values = original.slice();
    values[i] += delta;
    tf.tidy(() => variable.assign(tf.tensor(values, variable.shape)));
    return ensembleLoss(f);
  };
  const result = (at(EPS) - at(-EPS)) / (2 * EPS);
  tf.tidy(() => variable.assign(tf.tensor(original, variable.shape)));
  return result;
}

const relErr = (a: number[], b: number[]) =>
  Math.max(...a.map((v, i) => Math.abs(v - b[i]))) / Math.max(...b.map(Math.abs), 1e-12);

describe('SuperWeights gradients (superweights.md §2.2, §9 items 9 and 14)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('gives bank and coefficient gradients equal to finite differences (rel err < 1e-3)', async () => {
    const f = fixture();
    await expectNoLeaks(() => {
      const params = [f.set.banks[1], f.set.banks[2], f.set.coefficient(0), f.set.coefficient(3)];
      const variables = params.map((p) => p.variable);
      const { value, grads } = tf.variableGrads(() => {
        const losses = f.archs.map((a, m) =>
          crossEntropy(
            forward(a, f.set.members[m].generate(), f.norms[m], f.x, false).logits,
            f.labels,
          ),
        );
        return tf.addN(losses) as tf.Scalar;
      }, variables);
      for (const v of variables) {
        const g = grads[v.name].dataSync();
        const picks = [0, 1, Math.floor(v.size / 2), v.size - 1].filter((i) => i < v.size);
        const analytic = picks.map((i) => g[i]);
        const numeric = picks.map((i) => finiteDifference(f, v, i));
        expect(relErr(analytic, numeric)).toBeLessThan(1e-3);
      }
      tf.dispose([value, ...Object.values(grads)]);
    });
    dispose(f);
  });

  it('collects gradients of the generated weights that match finite differences in inference mode', async () => {
    const f = fixture();
    const forwards = f.archs.map(
      (a, m) => (w: readonly LayerWeights[], x: tf.Tensor4D) =>
        forward(a, w, f.norms[m], x, false).logits,
    );
    const grads = await expectNoLeaks(async () =>
      collectLayerGradients(f.set, forwards, { x: f.x, labels: f.labels }),
    );
    expect(grads[0][3]).toBeNull(); // the classifier is the member's own
    for (const [m, id] of [
      [0, 1],
      [1, 2],
      [1, 0],
    ]) {
      const g = grads[m][id]!;
      const a = f.archs[m].layers[id];
      expect(g.shape).toEqual({ out: a.outChannels, in: a.inChannels, kh: a.kernel, kw: a.kernel });
      const base = f.set.members[m].generate();
      const kernel = base[id].kernel;
      const data = kernel.dataSync().slice();
      // Reference index (o, i, y, x) lives at tfjs index ((y·kw + x)·I + i)·O + o.
      const k = a.kernel - 1;
      const picks = [
        [0, 0, 0, 0],
        [1, 1, Math.min(1, k), 0],
        [a.outChannels - 1, a.inChannels - 1, k, k],
      ];
      const numeric = picks.map(([o, i, y, x]) => {
        const at = (delta: number) => {
          const values = data.slice();
          values[((y * a.kernel + x) * a.inChannels + i) * a.outChannels + o] += delta;
          const swapped = tf.tensor(values, kernel.shape);
          const loss = ensembleLoss(f, (k) =>
            k === m
              ? base.map((w, j) => (j === id ? { ...w, kernel: swapped } : w))
              : f.set.members[k].generate(),
          );
          swapped.dispose();
          return loss;
        };
        return (at(EPS) - at(-EPS)) / (2 * EPS);
      });
      const analytic = picks.map(
        ([o, i, y, x]) => g.values[((o * a.inChannels + i) * a.kernel + y) * a.kernel + x],
      );
      expect(relErr(analytic, numeric)).toBeLessThan(1e-3);
      base.forEach((w, j) => {
        if (f.set.plan.members[m].layers[j]) w.kernel.dispose();
      });
    }
    dispose(f);
  });
});
