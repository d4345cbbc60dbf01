// Parameter upsamplers (ssn.md §3) as pure tensor functions of a store block: Inter (bilinear
// warp of K templates), Repeat (tile), Mask (tile with learned per-copy masks) and WAvg
// (learned mixes of the two store halves). Each returns exactly the numbers the layer needs.
import { tf } from '../../tf';
import { bilinearResize } from './bilinearResize';

/** Numbers of `length` kept when whole windows are used: the `length mod window` tail is dropped. */
export function usableLength(length: number, window: number): number {
  return length - (length % window);
}

/**
 * Inter: the first K·h·w numbers of `block` as K templates [h, w], bilinearly resized to
 * [height, width] (the layer's [out, in·kh·kw]). Returns [K, height·width].
 */
export function interUpsample(
  block: tf.Tensor1D,
  templates: number,
  from: [number, number],
  to: [number, number],
): tf.Tensor2D {
  return tf.tidy(() => {
    const [h, w] = from;
    const x = tf.reshape(tf.slice(block, [0], [templates * h * w]), [
      templates,
      h,
      w,
    ]) as tf.Tensor3D;
    return tf.reshape(bilinearResize(x, to[0], to[1]), [templates, to[0] * to[1]]) as tf.Tensor2D;
  });
}

/** Repeat: drop the tail, tile `copies + 1` times, keep the first `size` numbers. */
export function repeatUpsample(
  block: tf.Tensor1D,
  size: number,
  copies: number,
  window: number,
): tf.Tensor1D {
  return tf.tidy(() => {
    const base = tf.slice(block, [0], [usableLength(block.size, window)]);
    return tf.slice(tf.tile(base, [copies + 1]), [0], [size]) as tf.Tensor1D;
  });
}

/**
 * Mask: copy 0 is the (tail-dropped) block, copy j = 1..m is the block times the learned vector
 * v_j ∈ R^window tiled along it (`masks` holds v_1..v_m back to back).
 */
export function maskUpsample(
  block: tf.Tensor1D,
  masks: tf.Tensor1D,
  size: number,
  copies: number,
  window: number,
): tf.Tensor1D {
  return tf.tidy(() => {
    const usable = usableLength(block.size, window);
    const rows = tf.reshape(tf.slice(block, [0], [usable]), [1, usable / window, window]);
    const masked = tf.mul(
      rows,
      tf.reshape(tf.slice(masks, [0], [copies * window]), [copies, 1, window]),
    );
    return tf.slice(tf.reshape(tf.concat([rows, masked], 0), [-1]), [0], [size]) as tf.Tensor1D;
  });
}

/**
 * WAvg upsampler: halves A, B of the (even-truncated) block; output row r = U[r,0]·A + U[r,1]·B
 * for r = 0..2(m+1)−1, concatenated and cut to `size`. `mix` is U, [2(m+1), 2].
 */
export function wavgUpsample(block: tf.Tensor1D, mix: tf.Tensor2D, size: number): tf.Tensor1D {
  return tf.tidy(() => {
    const usable = usableLength(block.size, 2);
    const halves = tf.reshape(tf.slice(block, [0], [usable]), [2, usable / 2]);
    return tf.slice(tf.reshape(tf.matMul(mix, halves), [-1]), [0], [size]) as tf.Tensor1D;
  });
}
