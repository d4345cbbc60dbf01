// Weight generation of one layer (superweights.md §1.3 "Assembly", §1.4): each level's block is
// Σ_k α_k T_k over the layer's template window, and the layer weight is built from the blocks
// by concatenation and cropping only, in the reference's [O, I, kh, kw] order, then transposed to
// tfjs layout (conv [kh, kw, I, O], dense [I, O]). No interpolation, no warping.
import { assert } from '../../../contract/assert';
import { tf } from '../../tf';
import type { BlockShape, LevelSegment } from './widthLevels';
import { numel } from './widthLevels';

const dims = (s: BlockShape): [number, number, number, number] => [s.out, s.in, s.kh, s.kw];

/** b = α · T: `bank` sliced at `start` into K rows of `segment` entries, combined by `alpha` [K]. */
export function combineTemplates(
  bank: tf.Tensor1D,
  alpha: tf.Tensor1D,
  start: number,
  segment: number,
): tf.Tensor1D {
  return tf.tidy(() => {
    const k = alpha.shape[0];
    const templates = tf.reshape(tf.slice(bank, [start], [k * segment]), [k, segment]);
    return tf.reshape(tf.matMul(tf.reshape(alpha, [1, k]), templates), [segment]) as tf.Tensor1D;
  });
}

/**
 * Builds the [O, I, kh, kw] weight from the flat blocks of levels 0..r (`blocks[w]` has
 * `segments[w].numel` entries), following `SModule.get_params`:
 * - row block only (T.I ≤ C): crop surplus input columns, then append rows;
 * - with a column block: append it as columns, then the rows (ΔO > 0), or crop |ΔO| rows first
 *   (ΔO < 0), or columns alone (ΔO = 0).
 */
export function assembleBlocks(
  segments: readonly LevelSegment[],
  blocks: readonly tf.Tensor1D[],
): tf.Tensor4D {
  assert(segments.length === blocks.length && blocks.length > 0, 'one block per level');
  return tf.tidy(() => {
    let w = tf.reshape(blocks[0], dims(segments[0].rows)) as tf.Tensor4D;
    for (let level = 1; level < segments.length; level++) {
      w = addLevel(w, segments[level], blocks[level]);
    }
    const target = segments[segments.length - 1].target;
    assert(
      w.shape[0] === target.out && w.shape[1] === target.in,
      `assembled [${w.shape}] equals [${dims(target)}]`,
    );
    return w;
  });
}

function addLevel(w: tf.Tensor4D, segment: LevelSegment, block: tf.Tensor1D): tf.Tensor4D {
  const { rows, cols, target } = segment;
  if (!cols) {
    const kept = w.shape[1] === target.in ? w : tf.slice(w, [0, 0, 0, 0], [-1, target.in, -1, -1]);
    return tf.concat([kept, tf.reshape(block, dims(rows))], 0) as tf.Tensor4D;
  }
  const colCount = numel(cols);
  const colBlock = tf.reshape(tf.slice(block, [0], [colCount]), dims(cols));
  if (rows.out > 0) {
    const rowBlock = tf.reshape(tf.slice(block, [colCount], [numel(rows)]), dims(rows));
    return tf.concat([tf.concat([w, colBlock], 1), rowBlock], 0) as tf.Tensor4D;
  }
  const kept = rows.out < 0 ? tf.slice(w, [0, 0, 0, 0], [target.out, -1, -1, -1]) : w;
  return tf.concat([kept, colBlock], 1) as tf.Tensor4D;
}
