// Gradient similarity of two layers (superweights.md §2.3): both gradients cropped to their
// common top-left block [min(O1,O2), min(I1,I2), kh, kw], flattened, cosine. Plain arrays.
import { assert } from '../../../contract/assert';
import type { BlockShape } from './widthLevels';

/** A layer's gradient (or weight) in the reference order [O, I, kh, kw], row-major. */
export interface LayerGradient {
  shape: BlockShape;
  values: Float32Array;
}

/** Cosine similarity of the cropped gradients; 0 when either crop is all zeros. */
export function croppedCosine(a: LayerGradient, b: LayerGradient): number {
  assert(a.shape.kh === b.shape.kh && a.shape.kw === b.shape.kw, 'kernel sizes match');
  const rows = Math.min(a.shape.out, b.shape.out);
  const cols = Math.min(a.shape.in, b.shape.in);
  const inner = a.shape.kh * a.shape.kw;
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let o = 0; o < rows; o++) {
    for (let i = 0; i < cols; i++) {
      const offsetA = (o * a.shape.in + i) * inner;
      const offsetB = (o * b.shape.in + i) * inner;
      for (let k = 0; k < inner; k++) {
        const x = a.values[offsetA + k];
        const y = b.values[offsetB + k];
        dot += x * y;
        normA += x * x;
        normB += y * y;
      }
    }
  }
  // PyTorch's cosine_similarity divides by max(‖a‖·‖b‖, 1e-8).
  return dot / Math.max(Math.sqrt(normA) * Math.sqrt(normB), 1e-8);
}

/** Cosine of two equal-length vectors (α gradients, §2.8). */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert(a.length === b.length, 'vectors have equal lengths');
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    normA += a[i] * a[i];
    normB += b[i] * b[i];
  }
  return dot / Math.max(Math.sqrt(normA) * Math.sqrt(normB), 1e-8);
}
