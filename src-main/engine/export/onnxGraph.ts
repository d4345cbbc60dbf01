// The ONNX graph (opset 17) of one or more materialised networks, as a plain object shaped like
// onnx.proto's ModelProto (field names as in the .proto); services/exports encodes it with
// protobufjs and the official schema. Input: `input` [batch, C, H, W] float pixels on the 0..1
// scale (the training normalisation is the graph's first two nodes); output: `logits`
// [batch, classes]. An ensemble (or member subset) outputs log(mean softmax), as the engine
// predicts, plus each member's logits.
import { missingCase } from '../../contract/assert';
import type { LayerSpec, NodeSpec } from '../arch/types';
import { BN_EPSILON } from '../nn/batchNorm';
import type { Normalisation } from '../train/evaluate';
import { toOihw, transpose2d, type PlainNetwork } from './plainNetwork';

export const ONNX_OPSET = 17;
export const ONNX_IR_VERSION = 8;

// onnx.proto enum values (AttributeProto.AttributeType, TensorProto.DataType).
const ATTR = { FLOAT: 1, INT: 2, STRING: 3, INTS: 7 } as const;
const FLOAT = 1;
const INT64 = 7;

export interface OnnxAttribute {
  name: string;
  type: number;
  f?: number;
  i?: number;
  ints?: number[];
  s?: Uint8Array;
}
export interface OnnxNode {
  name: string;
  op_type: string;
  input: string[];
  output: string[];
  attribute: OnnxAttribute[];
}
export interface OnnxTensor {
  name: string;
  dims: number[];
  data_type: number;
  raw_data: Uint8Array;
}
export interface OnnxValueInfo {
  name: string;
  type: {
    tensor_type: {
      elem_type: number;
      shape: { dim: ({ dim_value: number } | { dim_param: string })[] };
    };
  };
}
export interface OnnxModel {
  ir_version: number;
  opset_import: { domain: string; version: number }[];
  producer_name: string;
  producer_version: string;
  doc_string: string;
  graph: {
    name: string;
    node: OnnxNode[];
    initializer: OnnxTensor[];
    input: OnnxValueInfo[];
    output: OnnxValueInfo[];
  };
  metadata_props: { key: string; value: string }[];
}

export interface OnnxExportOptions {
  normalisation: Normalisation;
  /** Extra metadata (class names, run id, ...), stored as ModelProto.metadata_props. */
  metadata: Record<string, string>;
  producerVersion: string;
}

const ints = (name: string, values: number[]): OnnxAttribute => ({
  name,
  type: ATTR.INTS,
  ints: values,
});
const int = (name: string, value: number): OnnxAttribute => ({ name, type: ATTR.INT, i: value });

function floatTensor(name: string, dims: number[], values: Float32Array): OnnxTensor {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return { name, dims, data_type: FLOAT, raw_data: bytes };
}

function int64Tensor(name: string, values: number[]): OnnxTensor {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return { name, dims: [values.length], data_type: INT64, raw_data: bytes };
}

function valueInfo(name: string, dims: (number | string)[]): OnnxValueInfo {
  return {
    name,
    type: {
      tensor_type: {
        elem_type: FLOAT,
        shape: {
          dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })),
        },
      },
    },
  };
}

/** The ONNX model of `nets` (one network, or the members of an ensemble subset). */
export function onnxModel(nets: readonly PlainNetwork[], options: OnnxExportOptions): OnnxModel {
  const { input, classes } = nets[0].arch;
  const nodes: OnnxNode[] = [];
  const inits: OnnxTensor[] = [];
  const c = input.channels;
  inits.push(floatTensor('norm.mean', [1, c, 1, 1], Float32Array.from(options.normalisation.mean)));
  inits.push(floatTensor('norm.std', [1, c, 1, 1], Float32Array.from(options.normalisation.std)));
  nodes.push({
    name: 'norm.sub',
    op_type: 'Sub',
    input: ['input', 'norm.mean'],
    output: ['norm.centred'],
    attribute: [],
  });
  nodes.push({
    name: 'norm.div',
    op_type: 'Div',
    input: ['norm.centred', 'norm.std'],
    output: ['x'],
    attribute: [],
  });
  const memberOutputs = nets.map((net, m) =>
    networkNodes(net, nets.length === 1 ? '' : `member${m}/`, 'x', nodes, inits),
  );
  const outputs: OnnxValueInfo[] = [valueInfo('logits', ['batch', classes])];
  if (nets.length === 1) {
    nodes.push({
      name: 'output',
      op_type: 'Identity',
      input: [memberOutputs[0]],
      output: ['logits'],
      attribute: [],
    });
  } else {
    const probs = memberOutputs.map((out, m) => {
      nodes.push({
        name: `member${m}/identity`,
        op_type: 'Identity',
        input: [out],
        output: [`member${m}_logits`],
        attribute: [],
      });
      outputs.push(valueInfo(`member${m}_logits`, ['batch', classes]));
      nodes.push({
        name: `member${m}/softmax`,
        op_type: 'Softmax',
        input: [out],
        output: [`member${m}/probs`],
        attribute: [int('axis', 1)],
      });
      return `member${m}/probs`;
    });
    inits.push(floatTensor('ensemble.count', [], Float32Array.of(nets.length)));
    inits.push(floatTensor('ensemble.eps', [], Float32Array.of(1e-12)));
    nodes.push({
      name: 'ensemble.sum',
      op_type: 'Sum',
      input: probs,
      output: ['ensemble.sum'],
      attribute: [],
    });
    nodes.push({
      name: 'ensemble.mean',
      op_type: 'Div',
      input: ['ensemble.sum', 'ensemble.count'],
      output: ['ensemble.mean'],
      attribute: [],
    });
    nodes.push({
      name: 'ensemble.eps',
      op_type: 'Add',
      input: ['ensemble.mean', 'ensemble.eps'],
      output: ['ensemble.safe'],
      attribute: [],
    });
    nodes.push({
      name: 'ensemble.log',
      op_type: 'Log',
      input: ['ensemble.safe'],
      output: ['logits'],
      attribute: [],
    });
  }
  return {
    ir_version: ONNX_IR_VERSION,
    opset_import: [{ domain: '', version: ONNX_OPSET }],
    producer_name: 'NPAS Studio',
    producer_version: options.producerVersion,
    doc_string: `${nets.map((n) => n.arch.name).join(' + ')}; input NCHW float pixels on the 0..1 scale`,
    graph: {
      name: nets.map((n) => n.arch.name).join('+'),
      node: nodes,
      initializer: inits,
      input: [valueInfo('input', ['batch', c, input.height, input.width])],
      output: outputs,
    },
    metadata_props: Object.entries(options.metadata).map(([key, value]) => ({ key, value })),
  };
}

/** Appends one network's nodes reading `source`; returns the name of its logits. */
function networkNodes(
  net: PlainNetwork,
  prefix: string,
  source: string,
  nodes: OnnxNode[],
  inits: OnnxTensor[],
): string {
  const { arch } = net;
  const name = (i: number) => (i === 0 ? source : `${prefix}n${i}`);
  for (let i = 1; i < arch.nodes.length; i++) {
    const node = arch.nodes[i];
    const out = name(i);
    const add = (op: string, inputs: string[], attribute: OnnxAttribute[] = [], output = out) =>
      nodes.push({
        name: `${prefix}${op}${i}`,
        op_type: op,
        input: inputs,
        output: [output],
        attribute,
      });
    switch (node.op) {
      case 'input':
        break;
      case 'conv': {
        const layer = arch.layers[node.layer];
        const w = net.layers[node.layer];
        const wName = `${prefix}${layer.name}.weight`;
        inits.push(
          floatTensor(
            wName,
            [layer.outChannels, layer.inChannels, layer.kernel, layer.kernel],
            toOihw(w.kernel, layer.kernel, layer.inChannels, layer.outChannels),
          ),
        );
        const inputs = [name(node.input), wName];
        if (w.bias) {
          inits.push(floatTensor(`${prefix}${layer.name}.bias`, [layer.outChannels], w.bias));
          inputs.push(`${prefix}${layer.name}.bias`);
        }
        add('Conv', inputs, convAttributes(layer));
        break;
      }
      case 'dense': {
        const layer = arch.layers[node.layer];
        const w = net.layers[node.layer];
        const wName = `${prefix}${layer.name}.weight`;
        inits.push(
          floatTensor(
            wName,
            [layer.outChannels, layer.inChannels],
            transpose2d(w.kernel, layer.inChannels, layer.outChannels),
          ),
        );
        const inputs = [name(node.input), wName];
        if (w.bias) {
          inits.push(floatTensor(`${prefix}${layer.name}.bias`, [layer.outChannels], w.bias));
          inputs.push(`${prefix}${layer.name}.bias`);
        }
        add('Gemm', inputs, [int('transB', 1)]);
        break;
      }
      case 'batchNorm': {
        const spec = arch.norms[node.norm];
        const n = net.norms[node.norm];
        const base = `${prefix}${spec.name}`;
        const dims = [spec.channels];
        inits.push(
          floatTensor(`${base}.gamma`, dims, n.gamma),
          floatTensor(`${base}.beta`, dims, n.beta),
        );
        inits.push(
          floatTensor(`${base}.mean`, dims, n.mean),
          floatTensor(`${base}.variance`, dims, n.variance),
        );
        add(
          'BatchNormalization',
          [name(node.input), `${base}.gamma`, `${base}.beta`, `${base}.mean`, `${base}.variance`],
          [{ name: 'epsilon', type: ATTR.FLOAT, f: BN_EPSILON }],
        );
        break;
      }
      case 'relu':
        add('Relu', [name(node.input)]);
        break;
      case 'add':
        add('Add', [name(node.inputs[0]), name(node.inputs[1])]);
        break;
      case 'maxPool':
        add(
          'MaxPool',
          [name(node.input)],
          [
            ints('kernel_shape', [node.size, node.size]),
            ints('strides', [node.stride, node.stride]),
          ],
        );
        break;
      case 'avgPool':
        add(
          'AveragePool',
          [name(node.input)],
          [
            ints('kernel_shape', [node.size, node.size]),
            ints('strides', [node.stride, node.stride]),
          ],
        );
        break;
      case 'globalAvgPool':
        add('GlobalAveragePool', [name(node.input)], [], `${out}.pooled`);
        add('Flatten', [`${out}.pooled`], [int('axis', 1)]);
        break;
      case 'flatten':
        // The engine flattens NHWC activations: transpose first so dense weights line up.
        add('Transpose', [name(node.input)], [ints('perm', [0, 2, 3, 1])], `${out}.nhwc`);
        add('Flatten', [`${out}.nhwc`], [int('axis', 1)]);
        break;
      case 'subsamplePad':
        subsamplePad(
          node,
          name(node.input),
          out,
          `${prefix}n${i}`,
          nodes,
          inits,
          channelsOf(net, node.input),
        );
        break;
      default:
        missingCase(node);
    }
  }
  return name(arch.output);
}

function convAttributes(layer: LayerSpec): OnnxAttribute[] {
  const attrs = [
    ints('kernel_shape', [layer.kernel, layer.kernel]),
    ints('strides', [layer.stride, layer.stride]),
  ];
  if (layer.padding === 'same') {
    // tfjs 'same' puts the odd pixel after, as SAME_UPPER does.
    attrs.push({ name: 'auto_pad', type: ATTR.STRING, s: new TextEncoder().encode('SAME_UPPER') });
  } else {
    const p = layer.padding === 'valid' ? 0 : layer.padding;
    attrs.push(ints('pads', [p, p, p, p]));
  }
  return attrs;
}

/** Channels of node `j`'s output (for the option-A shortcut's padding). */
function channelsOf(net: PlainNetwork, j: number): number {
  const { arch } = net;
  const node = arch.nodes[j];
  switch (node.op) {
    case 'input':
      return arch.input.channels;
    case 'conv':
    case 'dense':
      return arch.layers[node.layer].outChannels;
    case 'batchNorm':
      return arch.norms[node.norm].channels;
    case 'subsamplePad':
      return node.channels;
    case 'add':
      return channelsOf(net, node.inputs[0]);
    default:
      return channelsOf(net, node.input);
  }
}

function subsamplePad(
  node: Extract<NodeSpec, { op: 'subsamplePad' }>,
  input: string,
  out: string,
  base: string,
  nodes: OnnxNode[],
  inits: OnnxTensor[],
  inChannels: number,
): void {
  inits.push(
    int64Tensor(`${base}.starts`, [0, 0]),
    int64Tensor(`${base}.ends`, [2 ** 31 - 1, 2 ** 31 - 1]),
  );
  inits.push(
    int64Tensor(`${base}.axes`, [2, 3]),
    int64Tensor(`${base}.steps`, [node.stride, node.stride]),
  );
  nodes.push({
    name: `${base}.slice`,
    op_type: 'Slice',
    input: [input, `${base}.starts`, `${base}.ends`, `${base}.axes`, `${base}.steps`],
    output: [`${base}.sub`],
    attribute: [],
  });
  const before = Math.floor((node.channels - inChannels) / 2);
  const after = node.channels - inChannels - before;
  inits.push(int64Tensor(`${base}.pads`, [0, before, 0, 0, 0, after, 0, 0]));
  nodes.push({
    name: `${base}.pad`,
    op_type: 'Pad',
    input: [`${base}.sub`, `${base}.pads`],
    output: [out],
    attribute: [],
  });
}
