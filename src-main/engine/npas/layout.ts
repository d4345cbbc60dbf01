// Weight layouts shared by the sharing methods: both generate weights in the reference
// (PyTorch) order [O, I, kh, kw] / [O, I] and hand them to the network in tfjs layout.
import { tf } from '../tf';

/** PyTorch order → tfjs layout: conv [O, I, kh, kw] → [kh, kw, I, O]; dense [O, I] (or [O, I, 1, 1]) → [I, O]. */
export function toTfjsLayout(weight: tf.Tensor, kind: 'conv' | 'dense'): tf.Tensor {
  return tf.tidy(() => {
    if (kind === 'conv') return tf.transpose(weight, [2, 3, 1, 0]);
    const [out, inputs] = weight.shape;
    return tf.transpose(tf.reshape(weight, [out, inputs]), [1, 0]);
  });
}

/** tfjs layout → [O, I, kh, kw] (dense gives kh = kw = 1), the inverse of toTfjsLayout. */
export function toReferenceLayout(weight: tf.Tensor, kind: 'conv' | 'dense'): tf.Tensor4D {
  return tf.tidy(() => {
    if (kind === 'conv') return tf.transpose(weight, [3, 2, 0, 1]) as tf.Tensor4D;
    const [inputs, out] = weight.shape;
    return tf.reshape(tf.transpose(weight, [1, 0]), [out, inputs, 1, 1]) as tf.Tensor4D;
  });
}
