import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { buildDesign } from '../../../../../src-main/engine/arch/design';
import type { Architecture } from '../../../../../src-main/engine/arch/types';
import { Model } from '../../../../../src-main/engine/nn/model';
import { createRng } from '../../../../../src-main/engine/random';
import {
  createSuperWeights,
  superWeightsConfig,
} from '../../../../../src-main/engine/npas/superweights';
import { tf } from '../../../../../src-main/engine/tf';
import { crossEntropy } from '../../../../../src-main/engine/crossEntropy';
import { arch } from './fixtures';

const OPTIONS = { classes: 3, input: { height: 6, width: 6, channels: 1 } };

/** Images whose class sets the brightness of one third of the picture: learnable in a few steps. */
function batch(seed: number): { x: tf.Tensor4D; labels: tf.Tensor1D } {
  const rng = createRng(seed);
  const labels = Array.from({ length: 24 }, () => rng.int(3));
  const pixels = labels.flatMap((label) =>
    Array.from(
      { length: 36 },
      (_, p) => (Math.floor((p % 6) / 2) === label ? 1 : 0) + 0.1 * rng.normal(),
    ),
  );
  return { x: tf.tensor4d(pixels, [24, 6, 6, 1]), labels: tf.tensor1d(labels, 'int32') };
}

/** A narrower perceptron than the 'mlp' preset (256, 128): same depth, so a valid second member. */
const narrowMlp = (): Architecture =>
  buildDesign({
    ...OPTIONS,
    layers: [{ type: 'flatten' }, { type: 'dense', units: 96 }, { type: 'dense', units: 64 }],
  });

/**
 * Plain SGD on Σ_m CE_m over the set's parameters and every model's batch norms; returns the
 * losses. Perceptrons keep it fast: the CPU conv backward pass costs seconds per step here.
 */
function trainSteps(archs: Architecture[], steps: number): number[] {
  const set = createSuperWeights(archs, superWeightsConfig({ init: 'fanIn' }), 9);
  const models = archs.map((a, m) => new Model(a, set.members[m]));
  const normParams = models.flatMap((model) =>
    model.parameters().filter((p) => p.name.startsWith('bn')),
  );
  const variables = [...set.parameters, ...normParams].map((p) => p.variable);
  const { x, labels } = batch(1);
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const { value, grads } = tf.variableGrads(
      () =>
        tf.addN(
          models.map((model) => crossEntropy(model.forward(x, false).logits, labels)),
        ) as tf.Scalar,
      variables,
    );
    losses.push(value.dataSync()[0]);
    tf.tidy(() => variables.forEach((v) => v.assign(tf.sub(v, tf.mul(grads[v.name], 0.05)))));
    tf.dispose([value, ...Object.values(grads)]);
  }
  models.forEach((model) => model.dispose());
  tf.dispose([x, labels]);
  return losses;
}

describe('training SuperWeights networks', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('lowers the loss of a single network', () => {
    const before = tf.memory().numTensors;
    const losses = trainSteps([arch('mlp', OPTIONS)], 15);
    expect(losses.at(-1)!).toBeLessThan(0.8 * losses[0]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('lowers the summed loss of a 2-member ensemble drawing on the same banks', () => {
    const losses = trainSteps([arch('mlp', OPTIONS), narrowMlp()], 15);
    expect(losses.at(-1)!).toBeLessThan(0.8 * losses[0]);
  });
});
