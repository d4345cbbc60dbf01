// The layer registry's vocabulary: an architecture is a list of weight-bearing layers (ids in
// construction order, as the reference implementations number their shared layers) plus a small
// op graph that wires them. Shapes and ids only, no tensors, so the UI's budget ledger can build
// and account an architecture cheaply.

/** Input image (or feature) shape, NHWC order without the batch. An MLP still takes H×W×C. */
export interface InputShape {
  height: number;
  width: number;
  channels: number;
}

/** Padding of a convolution: symmetric pixel count (PyTorch style) or tfjs' named modes. */
export type Padding = number | 'same' | 'valid';

/** What every architecture builder needs besides its own name: class count and input shape. */
export interface BuildOptions {
  classes: number;
  input: InputShape;
}

/** A weight-bearing layer: the unit every NPAS method generates weights for. */
export interface LayerSpec {
  /** Construction order, 0-based; equal to the reference's shared-layer id. */
  id: number;
  /** Human-readable path, e.g. `stage2.block1.conv1`, unique within the architecture. */
  name: string;
  kind: 'conv' | 'dense';
  /** Conv: input channels. Dense: input features. */
  inChannels: number;
  /** Conv: output channels (filters). Dense: output features. */
  outChannels: number;
  /** Square kernel size; 1 for dense layers. */
  kernel: number;
  /** Conv stride; 1 for dense layers. */
  stride: number;
  /** Conv padding; 0 for dense layers. */
  padding: Padding;
  /** Whether the layer has a bias vector (the reference's convs have none, classifiers do). */
  bias: boolean;
  /** Spatial size of this layer's input (1×1 for dense layers), used for MAC counts. */
  inputSize?: { height: number; width: number };
}

/** A batch-normalisation layer (γ and β trainable, running mean and variance not). */
export interface NormSpec {
  id: number;
  name: string;
  channels: number;
}

/** One node of the forward graph. Node 0 is always `{ op: 'input' }`; inputs refer to earlier nodes. */
export type NodeSpec =
  | { op: 'input' }
  | { op: 'conv'; layer: number; input: number }
  | { op: 'dense'; layer: number; input: number }
  | { op: 'batchNorm'; norm: number; input: number }
  | { op: 'relu'; input: number }
  | { op: 'add'; inputs: [number, number] }
  | { op: 'maxPool'; size: number; stride: number; input: number }
  | { op: 'avgPool'; size: number; stride: number; input: number }
  | { op: 'globalAvgPool'; input: number }
  | { op: 'flatten'; input: number }
  /**
   * ResNet option-A shortcut (He et al. 2016, CIFAR): parameter-free; keeps every `stride`-th
   * pixel, then zero-pads the channels up to `channels`, half before and the rest after.
   */
  | { op: 'subsamplePad'; stride: number; channels: number; input: number };

/** Families the registry builds; `design` is a user-edited layer list. */
export type ArchFamily = 'wrn' | 'resnet' | 'mlp' | 'cnn' | 'design';

/** A complete architecture: layers, norms and the graph that wires them. */
export interface Architecture {
  /** Canonical id such as `wrn-28-10`, `resnet-20`, `mlp`, `cnn`. */
  name: string;
  family: ArchFamily;
  input: InputShape;
  classes: number;
  layers: LayerSpec[];
  norms: NormSpec[];
  nodes: NodeSpec[];
  /** Index of the node whose output is the logits [batch, classes]. */
  output: number;
}

/** The weight tensor shape in the reference (PyTorch) order: conv [O, I, kh, kw], dense [O, I]. */
export function weightShape(layer: LayerSpec): number[] {
  return layer.kind === 'conv'
    ? [layer.outChannels, layer.inChannels, layer.kernel, layer.kernel]
    : [layer.outChannels, layer.inChannels];
}

/** Number of weight entries (bias excluded) of a layer. */
export function weightCount(layer: LayerSpec): number {
  return layer.outChannels * layer.inChannels * layer.kernel * layer.kernel;
}

/** Parameters of a layer when unshared: weights plus bias. */
export function layerParams(layer: LayerSpec): number {
  return weightCount(layer) + (layer.bias ? layer.outChannels : 0);
}

/** The network's own parameter count: every layer unshared plus batch-norm γ and β. */
export function unsharedParams(arch: Architecture): number {
  const layers = arch.layers.reduce((sum, layer) => sum + layerParams(layer), 0);
  const norms = arch.norms.reduce((sum, norm) => sum + 2 * norm.channels, 0);
  return layers + norms;
}
