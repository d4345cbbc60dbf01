// The unshared baseline: one ordinary variable per layer weight (tfjs layout) and bias, with the
// references' initialisation (ssn.md §5 "Init"): kaiming-normal fan_in, std = sqrt(2 / fan_in),
// bias 0. Each layer draws from its own seeded stream so a layer's init does not depend on the
// sizes of the layers before it.
import { ConfigError } from '../../contract/errors';
import { weightCount } from '../arch/types';
import type { Architecture, LayerSpec } from '../arch/types';
import { createRng } from '../random';
import { tf } from '../tf';
import type { LayerWeights, Parameter, WeightProvider } from './provider';
import { unsharedAccounting } from './unsharedAccounting';

// Re-exported for callers that build providers; accounting alone imports the tensor-free file.
export { unsharedAccounting };

export interface UnsharedOptions {
  seed: number;
  /** Per layer, tfjs layout (conv [kh, kw, in, out], dense [in, out]): weights to start from. */
  initial?: Float32Array[];
}

/** Weight shape in tfjs layout: conv [kh, kw, in, out], dense [in, out]. */
export function tfjsWeightShape(layer: LayerSpec): number[] {
  return layer.kind === 'conv'
    ? [layer.kernel, layer.kernel, layer.inChannels, layer.outChannels]
    : [layer.inChannels, layer.outChannels];
}

/** Kaiming-normal (fan_in, ReLU gain) draws for one layer from a seeded stream. */
export function kaimingNormal(layer: LayerSpec, seed: number): Float32Array {
  const rng = createRng(seed).fork(`layer${layer.id}`);
  const std = Math.sqrt(2 / (layer.inChannels * layer.kernel * layer.kernel));
  const values = new Float32Array(weightCount(layer));
  for (let i = 0; i < values.length; i++) values[i] = rng.normal() * std;
  return values;
}

export function createUnsharedProvider(
  arch: Architecture,
  options: UnsharedOptions,
): WeightProvider {
  checkInitial(arch, options.initial);
  const weights: { kernel: tf.Variable; bias?: tf.Variable }[] = arch.layers.map((layer) => {
    const values = options.initial?.[layer.id] ?? kaimingNormal(layer, options.seed);
    // tidy frees the initial tensors; the variables copy their data and survive.
    return tf.tidy(() => ({
      kernel: tf.variable(tf.tensor(values, tfjsWeightShape(layer)), true),
      bias: layer.bias ? tf.variable(tf.zeros([layer.outChannels]), true) : undefined,
    }));
  });
  const parameters: Parameter[] = arch.layers.flatMap((layer) => {
    const w = weights[layer.id];
    const own = [{ name: `layer${layer.id}.weight`, variable: w.kernel, decay: true }];
    return w.bias
      ? [...own, { name: `layer${layer.id}.bias`, variable: w.bias, decay: true }]
      : own;
  });
  return {
    method: 'unshared',
    parameters,
    generate: (): LayerWeights[] => weights.map((w) => ({ kernel: w.kernel, bias: w.bias })),
    accounting: () => unsharedAccounting(arch),
    dispose: () => tf.dispose(parameters.map((p) => p.variable)),
  };
}

function checkInitial(arch: Architecture, initial: Float32Array[] | undefined): void {
  if (!initial) return;
  if (initial.length !== arch.layers.length) {
    throw new ConfigError(
      `initial weights cover ${initial.length} layers but ${arch.name} has ${arch.layers.length}`,
    );
  }
  for (const layer of arch.layers) {
    if (initial[layer.id].length !== weightCount(layer)) {
      throw new ConfigError(
        `initial weights of layer ${layer.id} (${layer.name}) have ${initial[layer.id].length} values; ` +
          `its [${tfjsWeightShape(layer).join(', ')}] kernel needs ${weightCount(layer)}`,
      );
    }
  }
}
