// Materialisation (ssn.md §9 item 18): the weights an SSN generates, exported once as plain
// per-layer arrays in tfjs layout, so an unshared network built from them computes the same
// outputs with no sharing machinery (and no extra inference cost).
import { tf } from '../../tf';
import type { WeightProvider } from '../provider';

export interface MaterialisedLayer {
  /** tfjs layout: conv [kh, kw, in, out], dense [in, out]. */
  kernel: Float32Array;
  /** Present where the generated layer has a bias (single-layer groups). */
  bias?: Float32Array;
}

/** Every layer's current weights and biases, by layer id. */
export function materialiseLayers(provider: WeightProvider): MaterialisedLayer[] {
  // Tensors out of tidy, arrays read after it: a tidy returning large typed arrays walks every
  // element (compute.md). Clones, because a provider may hand out its own persistent tensors.
  const generated = tf.tidy(() =>
    provider
      .generate()
      .map((w) => (w.bias ? [tf.clone(w.kernel), tf.clone(w.bias)] : [tf.clone(w.kernel)])),
  );
  try {
    return generated.map(([kernel, bias]) => ({
      kernel: kernel.dataSync().slice() as Float32Array,
      ...(bias ? { bias: bias.dataSync().slice() as Float32Array } : {}),
    }));
  } finally {
    tf.dispose(generated.flat());
  }
}

/** Every layer's kernel in tfjs layout, by layer id: the `initial` of the unshared provider. */
export function materialise(provider: WeightProvider): Float32Array[] {
  return materialiseLayers(provider).map((layer) => layer.kernel);
}
