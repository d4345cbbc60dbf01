// Builds every layer's weight from the stores and coefficients with tf ops only, so the gradient
// tape reaches them (ssn.md §9 "weights regenerated inside the tape"): read the block, resize it
// (§3), combine the K templates (§2.3), then transpose PyTorch order to tfjs layout.
import { missingCase } from '../../../contract/assert';
import { tf } from '../../tf';
import { toTfjsLayout } from '../layout';
import type { LayerWeights } from '../provider';
import type { SsnLayerPlan, SsnPlan } from './planTypes';
import type { SsnVariables } from './ssnVariables';
import { interUpsample, maskUpsample, repeatUpsample, wavgUpsample } from './upsamplers';

/** One slice per distinct store block, shared by the layers reading it, so the backward pass
 *  pads a store-sized gradient once per block rather than once per layer. */
type Blocks = Map<string, tf.Tensor1D>;

const blockKey = (layer: SsnLayerPlan) => `${layer.group}:${layer.start}:${layer.end}`;

function sliceBlocks(plan: SsnPlan, vars: SsnVariables): Blocks {
  const blocks: Blocks = new Map();
  for (const layer of plan.layers) {
    const store = vars.stores[layer.group];
    if (!store || blocks.has(blockKey(layer))) continue;
    blocks.set(
      blockKey(layer),
      tf.slice(store as tf.Tensor1D, [layer.start], [layer.end - layer.start]),
    );
  }
  return blocks;
}

function readBlock(layer: SsnLayerPlan, blocks: Blocks): tf.Tensor1D {
  const block = blocks.get(blockKey(layer));
  if (!block) throw new Error(`group ${layer.group} has no store`);
  return block;
}

/** The layer's K templates in PyTorch order, flattened: [K, size]. */
function templates(
  plan: SsnPlan,
  layer: SsnLayerPlan,
  vars: SsnVariables,
  blocks: Blocks,
): tf.Tensor2D {
  const block = readBlock(layer, blocks);
  const { templates: k, size, shape } = layer;
  const window = plan.upsampler === 'wavg' ? 2 : 9 * plan.upsampleWindow;
  switch (layer.resize) {
    case 'none':
      return tf.reshape(block, [k, size]);
    case 'inter': {
      const [h, ...rest] = layer.templateShape;
      const w = rest.reduce((a, b) => a * b, 1);
      return interUpsample(block, k, [h, w], [shape[0], size / shape[0]]);
    }
    case 'repeat':
      return tf.reshape(repeatUpsample(block, size, layer.copies, window), [1, size]);
    case 'mask': {
      const masks = vars.upsamplers[layer.id] as tf.Tensor1D;
      return tf.reshape(maskUpsample(block, masks, size, layer.copies, window), [1, size]);
    }
    case 'wavg': {
      const mix = vars.upsamplers[layer.id] as tf.Tensor2D;
      return tf.reshape(wavgUpsample(block, mix, size), [1, size]);
    }
    default:
      return missingCase(layer.resize);
  }
}

/** Mixing weights alpha [1, K] of a layer with coefficients. */
function alpha(plan: SsnPlan, layer: SsnLayerPlan, vars: SsnVariables): tf.Tensor2D {
  const own = vars.coefficients[layer.id] as tf.Tensor1D;
  let raw: tf.Tensor2D = tf.reshape(own, [1, -1]);
  if (plan.combiner === 'emb') {
    const projection = vars.projections.get(`${layer.group}:${layer.templates}`);
    if (!projection)
      throw new Error(`no Emb projection for group ${layer.group}, K=${layer.templates}`);
    raw = tf.add(tf.matMul(raw, projection.weight as tf.Tensor2D), projection.bias);
  }
  return plan.softmax ? tf.softmax(raw) : raw;
}

/** Combines the templates into one flat PyTorch-order weight [size]. */
function combine(
  plan: SsnPlan,
  layer: SsnLayerPlan,
  vars: SsnVariables,
  t: tf.Tensor2D,
): tf.Tensor1D {
  if (layer.coefficientParams > 0) {
    return tf.reshape(tf.matMul(alpha(plan, layer, vars), t), [layer.size]);
  }
  // Avg (broken in the reference, §8 B2): the uniform mean of the K templates, a baseline.
  if (layer.templates > 1) return tf.mean(t, 0) as tf.Tensor1D;
  return tf.reshape(t, [layer.size]);
}

/** Layers without own parameters read the same numbers the same way: generate them once. */
function reuseKey(layer: SsnLayerPlan): string | null {
  if (layer.coefficientParams > 0 || layer.upsamplerParams > 0) return null;
  return [layer.group, layer.start, layer.end, layer.resize, layer.templateShape, layer.shape].join(
    '|',
  );
}

/** Every layer's weights (tfjs layout, biases for single-layer groups), indexed by layer id. */
export function generateWeights(plan: SsnPlan, vars: SsnVariables): LayerWeights[] {
  const made = new Map<string, tf.Tensor>();
  const blocks = sliceBlocks(plan, vars);
  const weights = plan.layers.map((layer): LayerWeights => {
    const single = vars.singles[layer.id];
    if (single) return { kernel: single.kernel, bias: single.bias };
    const key = reuseKey(layer);
    const known = key === null ? undefined : made.get(key);
    if (known) return { kernel: known };
    const kernel = tf.tidy(() =>
      toTfjsLayout(
        tf.reshape(combine(plan, layer, vars, templates(plan, layer, vars, blocks)), layer.shape),
        layer.kind,
      ),
    );
    if (key !== null) made.set(key, kernel);
    return { kernel };
  });
  blocks.forEach((block) => block.dispose());
  return weights;
}
