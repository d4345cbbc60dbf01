// Orthogonal initialisation of coefficient matrices (superweights.md §1.5, torch's
// nn.init.orthogonal_): a Gaussian (rows × cols) matrix made orthonormal along its shorter side,
// so with rows ≤ cols every row has unit norm and the rows are mutually orthogonal.
import type { Rng } from '../../random';

/** A (rows × cols) matrix with orthonormal rows (rows ≤ cols) or orthonormal columns. */
export function orthogonalMatrix(rows: number, cols: number, rng: Rng): number[][] {
  const gaussian = Array.from({ length: rows }, () =>
    Array.from({ length: cols }, () => rng.normal()),
  );
  const tall = rows >= cols;
  const a = tall ? gaussian : transpose(gaussian);
  const q = orthonormalColumns(a);
  return tall ? q : transpose(q);
}

/** Modified Gram–Schmidt on the columns of a tall matrix (the QR's Q with a positive R diagonal). */
function orthonormalColumns(a: number[][]): number[][] {
  const m = a.length;
  const n = a[0].length;
  const q = a.map((row) => [...row]);
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let i = 0; i < m; i++) dot += q[i][k] * q[i][j];
      for (let i = 0; i < m; i++) q[i][j] -= dot * q[i][k];
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += q[i][j] * q[i][j];
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < m; i++) q[i][j] /= norm;
  }
  return q;
}

function transpose(a: number[][]): number[][] {
  return a[0].map((_, j) => a.map((row) => row[j]));
}
