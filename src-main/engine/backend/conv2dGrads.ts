// Both conv2d gradients written as forward convolutions, which XNNPACK runs ~10x faster on
// wasm than the built-in input gradient and which replace the missing filter gradient
// (docs/compute.md "Conv gradients as forward convolutions"; geometry in ./convGeometry).
import type { backend_util } from '@tensorflow/tfjs-core';
import { tf } from '../tf';
import {
  filterGradPads,
  inputGradPhases,
  phaseRows,
  splitPads,
  type AxisPads,
  type ConvAxis,
  type InputGradPhase,
} from './convGeometry';

type Conv2DInfo = backend_util.Conv2DInfo;

/**
 * Per-axis geometry. Output sizes come from dy itself: tfjs' conv2d gradient does not pass
 * dimRoundingMode on, so `info` may hold a fractional output size.
 */
function axes(info: Conv2DInfo, dy: tf.Tensor4D): [ConvAxis, ConvAxis] {
  return [
    {
      inSize: info.inHeight,
      outSize: dy.shape[1],
      kernel: info.filterHeight,
      stride: info.strideHeight,
      padBefore: info.padInfo.top,
    },
    {
      inSize: info.inWidth,
      outSize: dy.shape[2],
      kernel: info.filterWidth,
      stride: info.strideWidth,
      padBefore: info.padInfo.left,
    },
  ];
}

/**
 * Crops `t` (NHWC) where a pad is negative and returns the explicit padding for the rest, so the
 * following conv sees exactly the rows the identity needs.
 */
function cropForConv(
  t: tf.Tensor4D,
  hPads: AxisPads,
  wPads: AxisPads,
): { input: tf.Tensor4D; pad: [[0, 0], [number, number], [number, number], [0, 0]] } {
  const [n, height, width, c] = t.shape;
  const h = splitPads(height, hPads);
  const w = splitPads(width, wPads);
  const cropped = h.start === 0 && w.start === 0 && h.size === height && w.size === width;
  const input = cropped ? t : tf.slice(t, [0, h.start, w.start, 0], [n, h.size, w.size, c]);
  return { input, pad: [[0, 0], h.pad, w.pad, [0, 0]] };
}

/**
 * dW (shape [kh, kw, C, F]) as ONE forward conv: x with batch and channels swapped is the input,
 * dy (batch moved to the channel axis) is the kernel, dilated by the stride.
 */
export function conv2dFilterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, info: Conv2DInfo): tf.Tensor4D {
  return tf.tidy(() => {
    const [hAxis, wAxis] = axes(info, dy);
    const { input, pad } = cropForConv(x, filterGradPads(hAxis), filterGradPads(wAxis));
    const xT = tf.transpose(input, [3, 1, 2, 0]); // [C, H, W, N]
    const dyT = tf.transpose(dy, [1, 2, 0, 3]); // [Ho, Wo, N, F]
    const g = tf.conv2d(xT, dyT, 1, pad, 'NHWC', [info.strideHeight, info.strideWidth]);
    return tf.transpose(g, [1, 2, 0, 3]); // [C, kh, kw, F] → [kh, kw, C, F]
  });
}

/** One phase of dx: a stride-1 conv of dy with every stride-th tap of the flipped filter. */
function phaseOutput(
  dy: tf.Tensor4D,
  flipped: tf.Tensor4D,
  ph: InputGradPhase,
  pw: InputGradPhase,
  info: Conv2DInfo,
  rows: [number, number],
): tf.Tensor4D {
  const [n] = dy.shape;
  const channels = info.inChannels;
  if (ph.taps === 0 || pw.taps === 0) return tf.zeros([n, rows[0], rows[1], channels]);
  const [kh, kw, f] = flipped.shape;
  const sub = tf.stridedSlice(
    flipped,
    [ph.filterStart, pw.filterStart, 0, 0],
    [kh, kw, f, channels],
    [info.strideHeight, info.strideWidth, 1, 1],
  ) as tf.Tensor4D;
  const { input, pad } = cropForConv(dy, ph.pads, pw.pads);
  return tf.conv2d(input, sub, 1, pad);
}

/** Interleaves phase outputs along `axis` (2: rows, 3: columns of [N, A, B, C] tensors). */
function interleave(parts: tf.Tensor4D[], axis: 1 | 2): tf.Tensor4D {
  if (parts.length === 1) return parts[0];
  const [n, a, b, c] = parts[0].shape;
  const stacked = tf.stack(parts, axis + 1);
  return tf.reshape(
    stacked,
    axis === 1 ? [n, a * parts.length, b, c] : [n, a, b * parts.length, c],
  );
}

/**
 * dx (shape of x) as stride-1 forward convs of dy with the flipped filter: one per output phase
 * (stride² of them), interleaved, so strided layers cost no more than their forward pass.
 */
export function conv2dInputGrad(
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  info: Conv2DInfo,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [hAxis, wAxis] = axes(info, dy);
    const rows: [number, number] = [phaseRows(hAxis), phaseRows(wAxis)];
    const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D; // [kh, kw, F, C]
    const wPhases = inputGradPhases(wAxis);
    const byRow = inputGradPhases(hAxis).map((ph) =>
      interleave(
        wPhases.map((pw) => phaseOutput(dy, flipped, ph, pw, info, rows)),
        2,
      ),
    );
    const full = interleave(byRow, 1);
    const [n, height, width, c] = full.shape;
    if (height === info.inHeight && width === info.inWidth) return full;
    return tf.slice(full, [0, 0, 0, 0], [n, info.inHeight, info.inWidth, c]);
  });
}
