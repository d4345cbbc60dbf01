// Multiply-accumulate count of a forward pass for one image: conv and fully connected layers
// only, one per MAC, as fvcore counts them (superweights.md §4.4). Batch norm, activations,
// pools, adds and weight generation are not included.
import { assert } from '../../contract/assert';
import { convOutputSize } from './outputSize';
import type { Architecture, LayerSpec } from './types';

/** MACs of the whole network and of each layer (indexed by layer id). */
export interface MacCount {
  total: number;
  perLayer: number[];
}

export function countMacs(arch: Architecture): MacCount {
  const perLayer = arch.layers.map(layerMacs);
  return { total: perLayer.reduce((sum, m) => sum + m, 0), perLayer };
}

function layerMacs(layer: LayerSpec): number {
  if (layer.kind === 'dense') return layer.inChannels * layer.outChannels;
  assert(layer.inputSize !== undefined, `conv layer ${layer.name} has its input size`);
  const height = convOutputSize(layer.inputSize.height, layer.kernel, layer.stride, layer.padding);
  const width = convOutputSize(layer.inputSize.width, layer.kernel, layer.stride, layer.padding);
  return height * width * layer.outChannels * layer.inChannels * layer.kernel * layer.kernel;
}
