// User-designed architectures: a short layer list edited in the UI, validated and turned into an
// Architecture with a classifier appended. Every rejection names the layer index and the value.
import { ArchitectureError } from '../../contract/errors';
import { checkLimit, LIMITS } from '../../contract/limits';
import { GraphBuilder } from './graphBuilder';
import { checkBuildOptions } from './registry';
import type { Architecture, InputShape, Padding } from './types';

/** Convolution; `padding` defaults to ⌊kernel/2⌋ (size-preserving at stride 1). */
export interface DesignConv {
  type: 'conv';
  filters: number;
  kernel: number;
  /** Default 1. */
  stride?: number;
  padding?: Padding;
  /** Batch norm after the conv (the conv then has no bias). Default true. */
  batchNorm?: boolean;
  /** ReLU at the end. Default true. */
  relu?: boolean;
}

/** Fully connected layer; a feature-map input is flattened automatically. */
export interface DesignDense {
  type: 'dense';
  units: number;
  /** Default true. */
  relu?: boolean;
}

/** Max or average pool over size×size windows; `stride` defaults to `size`. */
export interface DesignPool {
  type: 'maxPool' | 'avgPool';
  size: number;
  stride?: number;
}

export type DesignLayer =
  DesignConv | DesignDense | DesignPool | { type: 'globalAvgPool' } | { type: 'flatten' };

export interface DesignSpec {
  name?: string;
  input: InputShape;
  classes: number;
  /** Hidden layers; the classifier (dense to `classes`, with bias) is appended. */
  layers: DesignLayer[];
}

/** Validates `spec` and builds its Architecture (family 'design'). */
export function buildDesign(spec: DesignSpec): Architecture {
  checkBuildOptions(spec);
  if (!Array.isArray(spec.layers)) {
    throw new ArchitectureError(
      `a design's layers must be a list, got ${JSON.stringify(spec.layers)}`,
    );
  }
  checkLimit('design layer count', spec.layers.length, LIMITS.designLayers);
  const g = new GraphBuilder(spec.input);
  let x = 0;
  spec.layers.forEach((layer, i) => {
    x = addDesignLayer(g, x, layer, i);
  });
  g.dense(x, { name: 'classifier', units: spec.classes, bias: true });
  return g.build({ name: spec.name?.trim() || 'design', family: 'design', classes: spec.classes });
}

function addDesignLayer(g: GraphBuilder, x: number, layer: DesignLayer, i: number): number {
  const label = `design layer ${i} (${layer.type})`;
  switch (layer.type) {
    case 'conv': {
      positive(layer.filters, 'filters', label, LIMITS.layerWidth);
      positive(layer.kernel, 'kernel', label, LIMITS.inputSide);
      positive(layer.stride ?? 1, 'stride', label, LIMITS.inputSide);
      const padding = layer.padding ?? Math.floor(layer.kernel / 2);
      const validPadding =
        typeof padding === 'number'
          ? Number.isInteger(padding) && padding >= 0
          : padding === 'same' || padding === 'valid';
      if (!validPadding) {
        throw new ArchitectureError(
          `${label}: padding ${JSON.stringify(padding)} is invalid: use an integer ≥ 0, 'same' or 'valid'`,
        );
      }
      // Padding would let any kernel "fit" (a 40×40 kernel on 14×14 gave 15×15): refuse it.
      // Unpadded, the graph builder already says the output collapses.
      const input = g.shape(x);
      const padded = padding !== 0 && padding !== 'valid';
      const tooLarge =
        input.kind === 'map' && (layer.kernel > input.height || layer.kernel > input.width);
      if (padded && tooLarge) {
        throw new ArchitectureError(
          `${label}: kernel ${layer.kernel} is larger than its ${input.height}×${input.width} input; use a kernel of at most ${Math.min(input.height, input.width)}`,
        );
      }
      const batchNorm = layer.batchNorm ?? true;
      const args = {
        name: `layer${i}.conv`,
        filters: layer.filters,
        kernel: layer.kernel,
        padding,
        label,
      };
      let y = g.conv(x, { ...args, stride: layer.stride ?? 1, bias: !batchNorm });
      if (batchNorm) y = g.batchNorm(y, `layer${i}.bn`);
      return (layer.relu ?? true) ? g.relu(y) : y;
    }
    case 'dense': {
      positive(layer.units, 'units', label, LIMITS.layerWidth);
      const y = g.dense(x, { name: `layer${i}.dense`, units: layer.units, bias: true, label });
      return (layer.relu ?? true) ? g.relu(y) : y;
    }
    case 'maxPool':
    case 'avgPool': {
      positive(layer.size, 'size', label, LIMITS.inputSide);
      const stride = layer.stride ?? layer.size;
      positive(stride, 'stride', label, LIMITS.inputSide);
      return layer.type === 'maxPool'
        ? g.maxPool(x, layer.size, stride, label)
        : g.avgPool(x, layer.size, stride, label);
    }
    case 'globalAvgPool':
      return g.globalAvgPool(x, label);
    case 'flatten':
      return g.flatten(x);
    default:
      throw new ArchitectureError(
        `design layer ${i}: unknown type ${JSON.stringify((layer as { type?: unknown }).type)}; ` +
          'valid types are conv, dense, maxPool, avgPool, globalAvgPool, flatten',
      );
  }
}

function positive(value: number, field: string, label: string, limit: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new ArchitectureError(`${label}: ${field} ${value} is invalid: use a positive integer`);
  }
  checkLimit(`${label}: ${field}`, value, limit);
}
