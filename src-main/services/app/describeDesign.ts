// The Design screen's table (issue #6, Design): every layer of a preset or a user's layer list
// with its weight shape, output shape and parameters, the total and the MACs; or, for a design
// that cannot be built, the engine's message naming the layer and value (returned, not thrown:
// the screen shows it while the user types).
import { parseRunConfig } from '../../contract/config';
import { NpasError, toWireError } from '../../contract/errors';
import type { DesignReport, DesignRequest, DesignRowWire } from '../../contract/wire';
import type { DesignLayer } from '../../engine/arch/design';
import { countMacs } from '../../engine/arch/macs';
import { convOutputSize, poolOutputSize } from '../../engine/arch/outputSize';
import { formatInputShape } from '../../engine/arch/registry';
import {
  layerParams,
  unsharedParams,
  weightShape,
  type Architecture,
  type LayerSpec,
} from '../../engine/arch/types';
import { architectureFor, shapeWithoutData } from '../../engine/train/accounting';

function convOutput(layer: LayerSpec): number[] {
  const size = layer.inputSize ?? { height: 1, width: 1 };
  return [
    convOutputSize(size.height, layer.kernel, layer.stride, layer.padding),
    convOutputSize(size.width, layer.kernel, layer.stride, layer.padding),
    layer.outChannels,
  ];
}

function layerRow(layer: LayerSpec, index: number | null, extra = 0): DesignRowWire {
  return {
    index,
    name: layer.name,
    type: layer.name === 'classifier' ? 'classifier' : layer.kind,
    weightShape: weightShape(layer),
    outputShape: layer.kind === 'conv' ? convOutput(layer) : [layer.outChannels],
    params: layerParams(layer) + extra,
  };
}

/** Rows of a user design: one per listed layer (pools included), then the classifier. */
function designRows(arch: Architecture, layers: readonly DesignLayer[]): DesignRowWire[] {
  const byName = new Map(arch.layers.map((l) => [l.name, l]));
  let shape = [arch.input.height, arch.input.width, arch.input.channels];
  const rows = layers.map((layer, i): DesignRowWire => {
    const base = { index: i, name: `layer${i}.${layer.type}`, type: layer.type };
    switch (layer.type) {
      case 'conv': {
        const spec = byName.get(`layer${i}.conv`)!;
        const norm = (layer.batchNorm ?? true) ? 2 * layer.filters : 0;
        const row = { ...layerRow(spec, i, norm), type: layer.type };
        shape = row.outputShape;
        return row;
      }
      case 'dense': {
        const row = { ...layerRow(byName.get(`layer${i}.dense`)!, i), type: layer.type };
        shape = row.outputShape;
        return row;
      }
      case 'maxPool':
      case 'avgPool': {
        const stride = layer.stride ?? layer.size;
        shape = [
          poolOutputSize(shape[0], layer.size, stride),
          poolOutputSize(shape[1], layer.size, stride),
          shape[2],
        ];
        return { ...base, weightShape: null, outputShape: shape, params: 0 };
      }
      case 'globalAvgPool':
        shape = [shape.length === 3 ? shape[2] : shape[0]];
        return { ...base, weightShape: null, outputShape: shape, params: 0 };
      case 'flatten':
        shape = [shape.reduce((a, b) => a * b, 1)];
        return { ...base, weightShape: null, outputShape: shape, params: 0 };
    }
  });
  const classifier = byName.get('classifier');
  return classifier ? [...rows, layerRow(classifier, null)] : rows;
}

/**
 * Rows of a preset in forward order: every weight layer and every batch norm (γ and β), so the
 * rows add up to the total (issue #12 item 5).
 */
function presetRows(arch: Architecture): DesignRowWire[] {
  const shapes: number[][] = [];
  const rows: DesignRowWire[] = [];
  arch.nodes.forEach((node, id) => {
    switch (node.op) {
      case 'input':
        shapes[id] = [arch.input.height, arch.input.width, arch.input.channels];
        return;
      case 'conv':
      case 'dense': {
        const row = layerRow(arch.layers[node.layer], null);
        shapes[id] = row.outputShape;
        rows.push(row);
        return;
      }
      case 'batchNorm': {
        const norm = arch.norms[node.norm];
        shapes[id] = shapes[node.input];
        rows.push({
          index: null,
          name: norm.name,
          type: 'batchNorm',
          weightShape: null,
          outputShape: shapes[id],
          params: 2 * norm.channels,
        });
        return;
      }
      case 'add':
        shapes[id] = shapes[node.inputs[0]];
        return;
      case 'maxPool':
      case 'avgPool': {
        const [h, w, c] = shapes[node.input];
        shapes[id] = [
          poolOutputSize(h, node.size, node.stride),
          poolOutputSize(w, node.size, node.stride),
          c,
        ];
        return;
      }
      case 'globalAvgPool':
        shapes[id] = [shapes[node.input].at(-1)!];
        return;
      case 'flatten':
        shapes[id] = [shapes[node.input].reduce((a, b) => a * b, 1)];
        return;
      case 'subsamplePad': {
        const [h, w] = shapes[node.input];
        shapes[id] = [Math.ceil(h / node.stride), Math.ceil(w / node.stride), node.channels];
        return;
      }
      default:
        shapes[id] = shapes[node.input];
    }
  });
  return rows;
}

/** The index of the design layer an error names ("design layer 3 (conv): ..."), if any. */
export function blamedLayer(message: string): number | null {
  const match = /design layer (\d+)/.exec(message);
  return match ? Number(match[1]) : null;
}

/** Describes a preset or a user design. */
export function describeDesign(request: DesignRequest): DesignReport {
  try {
    const config = parseRunConfig(
      {
        arch: request.arch,
        design: request.design,
        input: request.input,
        classes: request.classes,
      },
      'design',
    );
    const { input, classes } = shapeWithoutData(config);
    const arch = architectureFor(config, input, classes);
    const rows =
      config.arch === 'design'
        ? designRows(arch, (request.design?.layers ?? []) as DesignLayer[])
        : presetRows(arch);
    return {
      valid: true,
      arch: arch.name,
      family: arch.family,
      input: formatInputShape(arch.input),
      classes: arch.classes,
      rows,
      totalParams: unsharedParams(arch),
      macs: countMacs(arch).total,
    };
  } catch (error) {
    // Only the user's mistakes become a report; a bug still throws.
    if (!(error instanceof NpasError) || error.kind === 'internal') throw error;
    const wire = toWireError(error);
    return {
      valid: false,
      message: wire.message,
      layerIndex: blamedLayer(wire.message),
      kind: wire.kind,
    };
  }
}
