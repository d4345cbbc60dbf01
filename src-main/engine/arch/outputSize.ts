// Spatial output sizes of convolutions and pools, with the same arithmetic as PyTorch (numeric
// padding) and tfjs ('same' / 'valid'), so shapes agree between the registry and the forward pass.
import type { Padding } from './types';

/** Output height or width of a square-kernel convolution over `size` input pixels. */
export function convOutputSize(
  size: number,
  kernel: number,
  stride: number,
  padding: Padding,
): number {
  if (padding === 'same') return Math.ceil(size / stride);
  const pad = padding === 'valid' ? 0 : padding;
  const span = size + 2 * pad - kernel;
  return span < 0 ? 0 : Math.floor(span / stride) + 1;
}

/** Output height or width of a 'valid' pooling window (what maxPool/avgPool nodes use). */
export function poolOutputSize(size: number, window: number, stride: number): number {
  return convOutputSize(size, window, stride, 0);
}
