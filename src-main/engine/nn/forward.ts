// The forward pass: walks an Architecture's node graph with the layer weights a provider
// generated (tfjs layout, NHWC) and the model's batch-norm state. Intermediates are disposed as
// soon as their last consumer has run; the gradient tape keeps its own copies of what it needs.
import { assert, missingCase } from '../../contract/assert';
import { AssertionError } from '../../contract/errors';
import type { LayerWeights } from '../npas/provider';
import { tf } from '../tf';
import type { Architecture, LayerSpec, NodeSpec } from '../arch/types';
import { batchNormInfer, batchNormTrain } from './batchNorm';
import type { BatchStats, NormState } from './normState';

export interface ForwardResult {
  logits: tf.Tensor2D;
  /** Batch statistics per norm in training mode (empty in eval mode); the caller disposes them. */
  stats: BatchStats[];
}

/** Runs `arch` on `x` [N, H, W, C]. */
export function forward(
  arch: Architecture,
  weights: readonly LayerWeights[],
  norms: NormState,
  x: tf.Tensor4D,
  training: boolean,
): ForwardResult {
  assert(weights.length === arch.layers.length, `${arch.layers.length} layer weights given`);
  const remaining = consumerCounts(arch);
  const outputs: (tf.Tensor | null)[] = [x];
  const stats: BatchStats[] = [];
  const context: NodeContext = { arch, weights, norms, training, stats };
  for (let i = 1; i < arch.nodes.length; i++) {
    const node = arch.nodes[i];
    outputs[i] = runNode(node, (j) => outputs[j] as tf.Tensor, context);
    for (const j of nodeInputs(node)) {
      remaining[j]--;
      if (remaining[j] === 0 && j !== 0 && j !== arch.output) release(outputs, j);
    }
    if (remaining[i] === 0 && i !== arch.output) release(outputs, i);
  }
  const logits = outputs[arch.output];
  assert(logits !== null && logits.rank === 2, 'the output node yields [batch, classes]');
  return { logits: logits as tf.Tensor2D, stats };
}

/** Node ids a node reads. */
export function nodeInputs(node: NodeSpec): number[] {
  if (node.op === 'input') return [];
  if (node.op === 'add') return [...node.inputs];
  return [node.input];
}

/** How many later nodes read each node's output. */
function consumerCounts(arch: Architecture): number[] {
  const counts = arch.nodes.map(() => 0);
  for (const node of arch.nodes) for (const j of nodeInputs(node)) counts[j]++;
  return counts;
}

function release(outputs: (tf.Tensor | null)[], j: number): void {
  const t = outputs[j];
  // An op may hand back its input unchanged (a no-op pad); never free a tensor still in use.
  if (t && !outputs.some((other, k) => k !== j && other === t)) t.dispose();
  outputs[j] = null;
}

interface NodeContext {
  arch: Architecture;
  weights: readonly LayerWeights[];
  norms: NormState;
  training: boolean;
  stats: BatchStats[];
}

function runNode(node: NodeSpec, input: (node: number) => tf.Tensor, c: NodeContext): tf.Tensor {
  switch (node.op) {
    case 'input':
      throw new AssertionError('only node 0 may be the input');
    case 'conv':
      return conv(
        input(node.input) as tf.Tensor4D,
        c.arch.layers[node.layer],
        c.weights[node.layer],
      );
    case 'dense':
      return dense(input(node.input) as tf.Tensor2D, c.weights[node.layer]);
    case 'batchNorm':
      return batchNorm(input(node.input), node.norm, c);
    case 'relu':
      return tf.relu(input(node.input));
    case 'add':
      return tf.add(input(node.inputs[0]), input(node.inputs[1]));
    case 'maxPool':
      return tf.maxPool(input(node.input) as tf.Tensor4D, node.size, node.stride, 'valid');
    case 'avgPool':
      return tf.avgPool(input(node.input) as tf.Tensor4D, node.size, node.stride, 'valid');
    case 'globalAvgPool':
      return tf.mean(input(node.input), [1, 2]);
    case 'flatten': {
      const t = input(node.input);
      return tf.reshape(t, [t.shape[0], -1]);
    }
    case 'subsamplePad':
      return subsamplePad(input(node.input) as tf.Tensor4D, node.stride, node.channels);
    default:
      return missingCase(node);
  }
}

function conv(x: tf.Tensor4D, layer: LayerSpec, w: LayerWeights): tf.Tensor {
  assert(w !== undefined, `weights for layer ${layer.id}`);
  return tf.tidy(() => {
    const y = tf.conv2d(x, w.kernel as tf.Tensor4D, layer.stride, layer.padding);
    // Added whenever present: SSN gives single-layer groups a bias even on convs (ssn.md §2.1).
    return w.bias ? tf.add(y, w.bias) : y;
  });
}

function dense(x: tf.Tensor2D, w: LayerWeights): tf.Tensor {
  return tf.tidy(() => {
    const y = tf.matMul(x, w.kernel as tf.Tensor2D);
    return w.bias ? tf.add(y, w.bias) : y;
  });
}

function batchNorm(x: tf.Tensor, norm: number, c: NodeContext): tf.Tensor {
  const v = c.norms[norm];
  assert(v !== undefined, `batch-norm state for norm ${norm}`);
  const gamma = v.gamma as tf.Tensor1D;
  const beta = v.beta as tf.Tensor1D;
  if (!c.training) {
    return batchNormInfer(
      x,
      gamma,
      beta,
      v.runningMean as tf.Tensor1D,
      v.runningVariance as tf.Tensor1D,
    );
  }
  const { y, mean, variance } = batchNormTrain(x, gamma, beta);
  c.stats.push({ norm, mean, variance, count: x.size / x.shape[x.rank - 1] });
  return y;
}

/** Option-A shortcut: x[:, ::s, ::s, :] then zero channels, half before and the rest after. */
function subsamplePad(x: tf.Tensor4D, stride: number, channels: number): tf.Tensor {
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape;
    let y: tf.Tensor = x;
    if (stride > 1) {
      // StridedSlice has no gradient in tfjs; pad to a multiple of the stride, fold, slice.
      const [oh, ow] = [Math.ceil(h / stride), Math.ceil(w / stride)];
      const padded = tf.pad(x, [
        [0, 0],
        [0, oh * stride - h],
        [0, ow * stride - w],
        [0, 0],
      ]);
      const folded = tf.reshape(padded, [n, oh, stride, ow, stride, c]);
      y = tf.reshape(tf.slice(folded, [0, 0, 0, 0, 0, 0], [n, oh, 1, ow, 1, c]), [n, oh, ow, c]);
    }
    const before = Math.floor((channels - c) / 2);
    return tf.pad(y, [
      [0, 0],
      [0, 0],
      [0, 0],
      [before, channels - c - before],
    ]);
  });
}
