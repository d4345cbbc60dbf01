// PyTorch's `nn.init.orthogonal_` for a [rows, cols] matrix (ssn.md §2.3 coefficient init): a
// Gaussian matrix, transposed when wide, orthonormalised by Gram–Schmidt (QR with a positive R
// diagonal), transposed back. Rows are orthonormal when rows ≤ cols, columns otherwise.
import type { Rng } from '../../random';

/** Row-major [rows, cols] orthogonal matrix drawn from `rng`. */
export function orthogonal(rows: number, cols: number, rng: Rng): Float32Array {
  const tall = Math.max(rows, cols);
  const narrow = Math.min(rows, cols);
  // q[c][r]: column c of the tall [tall, narrow] matrix.
  const q = Array.from({ length: narrow }, () =>
    Float64Array.from({ length: tall }, () => rng.normal()),
  );
  for (let c = 0; c < narrow; c++) {
    for (let prev = 0; prev < c; prev++) {
      let dot = 0;
      for (let r = 0; r < tall; r++) dot += q[c][r] * q[prev][r];
      for (let r = 0; r < tall; r++) q[c][r] -= dot * q[prev][r];
    }
    let norm = 0;
    for (let r = 0; r < tall; r++) norm += q[c][r] * q[c][r];
    norm = Math.sqrt(norm);
    for (let r = 0; r < tall; r++) q[c][r] /= norm;
  }
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      out[i * cols + j] = rows >= cols ? q[j][i] : q[i][j];
    }
  }
  return out;
}
