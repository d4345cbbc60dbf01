// A TF.js LayersModel of materialised networks, built with tfjs-layers so `tf.loadLayersModel`
// reads what `model.save` writes. Input: [batch, H, W, C] pixels on the 0..1 scale (the training
// normalisation is a 1×1 depthwise convolution, the first layer); output: logits, or for an
// ensemble subset the members' mean softmax (probabilities; tfjs-layers has no log layer).
// PyTorch-style padding is an explicit zero padding before a 'valid' convolution, since TF's
// 'same' pads a stride-2 convolution differently; the option-A shortcut is a stride-s 1×1
// average pool and a 1×1 convolution that places the channels among zeros.
import { createRequire } from 'node:module';
import { missingCase } from '../../contract/assert';
import type { NodeSpec } from '../arch/types';
import { BN_EPSILON } from '../nn/batchNorm';
import type { Normalisation } from '../train/evaluate';
import { tf } from '../tf';
import type { PlainNetwork } from './plainNetwork';

type Tfjs = typeof import('@tensorflow/tfjs');
const tfjs = createRequire(import.meta.url)('@tensorflow/tfjs') as Tfjs;
type SymbolicTensor = import('@tensorflow/tfjs').SymbolicTensor;
/** The part of a tfjs-layers Layer this builder uses. */
interface Layer {
  apply(input: SymbolicTensor | SymbolicTensor[]): unknown;
  setWeights(weights: tf.Tensor[]): void;
}

/** Builds the model; the caller disposes it. */
export function buildLayersModel(
  nets: readonly PlainNetwork[],
  normalisation: Normalisation,
): import('@tensorflow/tfjs').LayersModel {
  const { input } = nets[0].arch;
  const c = input.channels;
  const x = tfjs.input({ shape: [input.height, input.width, c], name: 'input' });
  const pending: [Layer, tf.Tensor[]][] = [];
  const norm = tfjs.layers.depthwiseConv2d({ kernelSize: 1, useBias: true, name: 'normalise' });
  const normalised = norm.apply(x) as SymbolicTensor;
  pending.push([
    norm,
    [
      tf.tensor4d(
        normalisation.std.map((s) => 1 / s),
        [1, 1, c, 1],
      ),
      tf.tensor1d(normalisation.mean.map((m, i) => -m / normalisation.std[i])),
    ],
  ]);
  const outputs = nets.map((net, m) =>
    networkLayers(net, nets.length === 1 ? '' : `member${m}_`, normalised, pending),
  );
  let output = outputs[0];
  if (nets.length > 1) {
    const probs = outputs.map(
      (o, m) => tfjs.layers.softmax({ name: `member${m}_softmax` }).apply(o) as SymbolicTensor,
    );
    output = tfjs.layers.average({ name: 'ensemble_mean' }).apply(probs) as SymbolicTensor;
  }
  const model = tfjs.model({
    inputs: x,
    outputs: output,
    name: nets.map((n) => n.arch.name.replace(/[^\w]/g, '_')).join('_'),
  });
  for (const [layer, weights] of pending) {
    layer.setWeights(weights);
    tf.dispose(weights);
  }
  return model;
}

function networkLayers(
  net: PlainNetwork,
  prefix: string,
  source: SymbolicTensor,
  pending: [Layer, tf.Tensor[]][],
): SymbolicTensor {
  const { arch } = net;
  const outs: SymbolicTensor[] = [source];
  const channels: number[] = [arch.input.channels];
  const safe = (s: string) => prefix + s.replace(/[^\w]/g, '_');
  for (let i = 1; i < arch.nodes.length; i++) {
    const node = arch.nodes[i];
    const at = (j: number) => outs[j];
    const apply = (layer: Layer, input: SymbolicTensor | SymbolicTensor[]) =>
      layer.apply(input) as SymbolicTensor;
    switch (node.op) {
      case 'input':
        break;
      case 'conv': {
        const layer = arch.layers[node.layer];
        const w = net.layers[node.layer];
        let h = at(node.input);
        if (typeof layer.padding === 'number' && layer.padding > 0) {
          h = apply(
            tfjs.layers.zeroPadding2d({ padding: layer.padding, name: safe(`${layer.name}.pad`) }),
            h,
          );
        }
        const conv = tfjs.layers.conv2d({
          filters: layer.outChannels,
          kernelSize: layer.kernel,
          strides: layer.stride,
          padding: layer.padding === 'same' ? 'same' : 'valid',
          useBias: Boolean(w.bias),
          name: safe(layer.name),
        });
        outs[i] = apply(conv, h);
        const kernel = tf.tensor4d(w.kernel, [
          layer.kernel,
          layer.kernel,
          layer.inChannels,
          layer.outChannels,
        ]);
        pending.push([conv, w.bias ? [kernel, tf.tensor1d(w.bias)] : [kernel]]);
        channels[i] = layer.outChannels;
        break;
      }
      case 'dense': {
        const layer = arch.layers[node.layer];
        const w = net.layers[node.layer];
        const dense = tfjs.layers.dense({
          units: layer.outChannels,
          useBias: Boolean(w.bias),
          name: safe(layer.name),
        });
        outs[i] = apply(dense, at(node.input));
        const kernel = tf.tensor2d(w.kernel, [layer.inChannels, layer.outChannels]);
        pending.push([dense, w.bias ? [kernel, tf.tensor1d(w.bias)] : [kernel]]);
        channels[i] = layer.outChannels;
        break;
      }
      case 'batchNorm': {
        const spec = arch.norms[node.norm];
        const n = net.norms[node.norm];
        const bn = tfjs.layers.batchNormalization({
          axis: -1,
          epsilon: BN_EPSILON,
          name: safe(spec.name),
        });
        outs[i] = apply(bn, at(node.input));
        pending.push([
          bn,
          [tf.tensor1d(n.gamma), tf.tensor1d(n.beta), tf.tensor1d(n.mean), tf.tensor1d(n.variance)],
        ]);
        channels[i] = spec.channels;
        break;
      }
      case 'relu':
        outs[i] = apply(tfjs.layers.reLU({ name: safe(`relu${i}`) }), at(node.input));
        channels[i] = channels[node.input];
        break;
      case 'add':
        outs[i] = apply(tfjs.layers.add({ name: safe(`add${i}`) }), [
          at(node.inputs[0]),
          at(node.inputs[1]),
        ]);
        channels[i] = channels[node.inputs[0]];
        break;
      case 'maxPool':
        outs[i] = apply(
          tfjs.layers.maxPooling2d({
            poolSize: node.size,
            strides: node.stride,
            padding: 'valid',
            name: safe(`maxpool${i}`),
          }),
          at(node.input),
        );
        channels[i] = channels[node.input];
        break;
      case 'avgPool':
        outs[i] = apply(
          tfjs.layers.averagePooling2d({
            poolSize: node.size,
            strides: node.stride,
            padding: 'valid',
            name: safe(`avgpool${i}`),
          }),
          at(node.input),
        );
        channels[i] = channels[node.input];
        break;
      case 'globalAvgPool':
        outs[i] = apply(
          tfjs.layers.globalAveragePooling2d({ name: safe(`gap${i}`) }),
          at(node.input),
        );
        channels[i] = channels[node.input];
        break;
      case 'flatten':
        outs[i] = apply(tfjs.layers.flatten({ name: safe(`flatten${i}`) }), at(node.input));
        channels[i] = 0;
        break;
      case 'subsamplePad':
        outs[i] = subsamplePad(
          node,
          at(node.input),
          channels[node.input],
          safe(`shortcut${i}`),
          pending,
        );
        channels[i] = node.channels;
        break;
      default:
        missingCase(node);
    }
  }
  return outs[arch.output];
}

function subsamplePad(
  node: Extract<NodeSpec, { op: 'subsamplePad' }>,
  x: SymbolicTensor,
  inC: number,
  name: string,
  pending: [Layer, tf.Tensor[]][],
): SymbolicTensor {
  const pooled = tfjs.layers
    .averagePooling2d({
      poolSize: 1,
      strides: node.stride,
      padding: 'valid',
      name: `${name}_subsample`,
    })
    .apply(x) as SymbolicTensor;
  const place = tfjs.layers.conv2d({
    filters: node.channels,
    kernelSize: 1,
    useBias: false,
    name: `${name}_pad`,
  });
  const out = place.apply(pooled) as SymbolicTensor;
  const before = Math.floor((node.channels - inC) / 2);
  const kernel = new Float32Array(inC * node.channels);
  for (let c = 0; c < inC; c++) kernel[c * node.channels + before + c] = 1;
  pending.push([place, [tf.tensor4d(kernel, [1, 1, inC, node.channels])]]);
  return out;
}
