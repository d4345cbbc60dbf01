// Differentiable bilinear resize with PyTorch's `F.interpolate(mode='bilinear',
// align_corners=False)` semantics (half-pixel centres, source clamped at 0, no antialias), used by
// Inter upsampling (ssn.md §3) and the search model (§4.2). Separable: one 1-D interpolation per
// axis, a gather forward and a scatter-add backward. tfjs' ResizeBilinearGrad cannot be used (cpu
// 4.22 ignores halfPixelCenters and swaps height and width), nor autodiff of gather, whose
// UnsortedSegmentSum gradient costs O(segments × size) on cpu.
import { tf } from '../../tf';

/** Source indices and the weight of the upper neighbour along one axis. */
export interface AxisWeights {
  lower: Int32Array;
  upper: Int32Array;
  fraction: Float32Array;
}

/** PyTorch's area_pixel_compute_source_index for align_corners=False. */
export function axisWeights(inSize: number, outSize: number): AxisWeights {
  const scale = inSize / outSize;
  const lower = new Int32Array(outSize);
  const upper = new Int32Array(outSize);
  const fraction = new Float32Array(outSize);
  for (let d = 0; d < outSize; d++) {
    const source = Math.max(0, scale * (d + 0.5) - 0.5);
    const i0 = Math.min(Math.floor(source), inSize - 1);
    lower[d] = i0;
    upper[d] = i0 < inSize - 1 ? i0 + 1 : i0;
    fraction[d] = source - i0;
  }
  return { lower, upper, fraction };
}

/** Each row's weight repeated across its n columns: same-shape ops avoid tfjs' slow broadcast. */
function rowWeights(fraction: Float32Array, n: number): tf.Tensor2D {
  const values = new Float32Array(fraction.length * n);
  fraction.forEach((f, row) => values.fill(f, row * n, (row + 1) * n));
  return tf.tensor2d(values, [fraction.length, n]);
}

/** Interpolates the rows of x [in, n] to [out, n]. */
function resizeRows(x: tf.Tensor2D, outSize: number): tf.Tensor2D {
  const [inSize, n] = x.shape;
  const w = axisWeights(inSize, outSize);
  // Constants are rebuilt in the backward pass: tensors captured from the forward pass would be
  // freed by the surrounding tidy before the tape runs.
  const indices = (which: Int32Array) => tf.tensor1d(which, 'int32');
  const interpolate = tf.customGrad((...args: unknown[]) => {
    const [input] = args as [tf.Tensor2D];
    const lower = tf.gather(input, indices(w.lower));
    const value = tf.add(
      lower,
      tf.mul(tf.sub(tf.gather(input, indices(w.upper)), lower), rowWeights(w.fraction, n)),
    );
    const gradFunc = (dy: tf.Tensor) => {
      const toUpper = tf.mul(dy, rowWeights(w.fraction, n));
      const scatter = (which: Int32Array, updates: tf.Tensor) =>
        tf.scatterND(tf.reshape(indices(which), [outSize, 1]), updates, [inSize, n]);
      return [tf.add(scatter(w.lower, tf.sub(dy, toUpper)), scatter(w.upper, toUpper))];
    };
    return { value, gradFunc };
  });
  return interpolate(x) as tf.Tensor2D;
}

/** Resizes axis `axis` of a rank-3 tensor, moving it to the front and back. */
function resizeAxis(x: tf.Tensor3D, axis: 1 | 2, outSize: number): tf.Tensor3D {
  if (x.shape[axis] === outSize) return x;
  const order = axis === 1 ? [1, 0, 2] : [2, 0, 1];
  const front = tf.transpose(x, order);
  const [inSize, a, b] = front.shape;
  const rows = resizeRows(tf.reshape(front, [inSize, a * b]), outSize);
  const back = axis === 1 ? [1, 0, 2] : [1, 2, 0];
  return tf.transpose(tf.reshape(rows, [outSize, a, b]), back);
}

/** Resizes a batch of K single-channel images [K, h, w] to [K, height, width]. */
export function bilinearResize(x: tf.Tensor3D, height: number, width: number): tf.Tensor3D {
  return tf.tidy(() => resizeAxis(resizeAxis(x, 2, width), 1, height));
}
