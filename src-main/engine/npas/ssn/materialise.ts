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
export async function materialiseLayers(provider: WeightProvider): Promise<MaterialisedLayer[]> {
  // Read outside tidy (tidy cannot await): clones survive it, and a clone is safe to dispose
  // even where the provider hands out one of its own variables.
  const generated = tf.tidy(() =>
    provider.generate().map((w) => ({
      kernel: tf.clone(w.kernel),
      ...(w.bias ? { bias: tf.clone(w.bias) } : {}),
    })),
  );
  try {
    const layers: MaterialisedLayer[] = [];
    for (const w of generated) {
      layers.push({
        kernel: (await w.kernel.data()).slice() as Float32Array,
        ...(w.bias ? { bias: (await w.bias.data()).slice() as Float32Array } : {}),
      });
    }
    return layers;
  } finally {
    tf.dispose(generated.flatMap((w) => (w.bias ? [w.kernel, w.bias] : [w.kernel])));
  }
}

/** Every layer's kernel in tfjs layout, by layer id: the `initial` of the unshared provider. */
export async function materialise(provider: WeightProvider): Promise<Float32Array[]> {
  return (await materialiseLayers(provider)).map((layer) => layer.kernel);
}
