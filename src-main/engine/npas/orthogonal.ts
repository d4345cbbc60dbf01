// PyTorch's `nn.init.orthogonal_` for a [rows, cols] matrix, the one orthogonal initialisation
// both methods use (ssn.md §2.3 coefficients and wavg upsamplers, superweights.md §1.5 slots):
// a row-major Gaussian (rows × cols) matrix, transposed when wide, orthonormalised by modified
// Gram–Schmidt (the QR's Q with a positive R diagonal), transposed back. Rows are orthonormal
// when rows ≤ cols, columns otherwise. A column that Gram–Schmidt reduces to zero (linearly
// dependent draws) stays zero instead of becoming NaN.
import type { Rng } from '../random';

/** Row-major [rows, cols] orthogonal matrix drawn from `rng`. */
export function orthogonal(rows: number, cols: number, rng: Rng): Float32Array {
  const gaussian = Float64Array.from({ length: rows * cols }, () => rng.normal());
  const tall = rows >= cols;
  const length = Math.max(rows, cols);
  const count = Math.min(rows, cols);
  // q[c][r]: column c of the tall [length, count] matrix (the Gaussian or its transpose).
  const q = Array.from({ length: count }, (_, c) =>
    Float64Array.from({ length }, (_, r) =>
      tall ? gaussian[r * cols + c] : gaussian[c * cols + r],
    ),
  );
  for (let c = 0; c < count; c++) {
    for (let prev = 0; prev < c; prev++) {
      let dot = 0;
      for (let r = 0; r < length; r++) dot += q[c][r] * q[prev][r];
      for (let r = 0; r < length; r++) q[c][r] -= dot * q[prev][r];
    }
    let norm = 0;
    for (let r = 0; r < length; r++) norm += q[c][r] * q[c][r];
    norm = Math.sqrt(norm) || 1;
    for (let r = 0; r < length; r++) q[c][r] /= norm;
  }
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[i * cols + j] = tall ? q[j][i] : q[i][j];
  }
  return out;
}
