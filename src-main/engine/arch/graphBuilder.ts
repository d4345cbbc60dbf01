// Incremental construction of an Architecture: every builder (WRN, ResNet, MLP, CNN, designs)
// appends layers, norms and nodes here, which numbers layer ids in construction order
// (ssn.md §5), tracks each node's output shape, fills LayerSpec.inputSize and rejects shapes
// that do not chain.
import { assert } from '../../contract/assert';
import { ArchitectureError } from '../../contract/errors';
import { convOutputSize, poolOutputSize } from './outputSize';
import type {
  ArchFamily,
  Architecture,
  InputShape,
  LayerSpec,
  NodeSpec,
  NormSpec,
  Padding,
} from './types';

/** Output shape of a node: a feature map (H×W×C) or a flat feature vector. */
export type NodeShape =
  | { kind: 'map'; height: number; width: number; channels: number }
  | { kind: 'flat'; features: number };

/** Arguments of a convolution layer. */
export interface ConvArgs {
  /** Unique layer name, e.g. `stage1.block0.conv1`. */
  name: string;
  filters: number;
  kernel: number;
  stride?: number;
  padding?: Padding;
  bias?: boolean;
  /** Prefix of error messages (e.g. `design layer 3 (conv)`); defaults to the name. */
  label?: string;
}

/** Arguments of a dense (fully connected) layer. */
export interface DenseArgs {
  name: string;
  units: number;
  bias?: boolean;
  label?: string;
}

export class GraphBuilder {
  readonly layers: LayerSpec[] = [];
  readonly norms: NormSpec[] = [];
  readonly nodes: NodeSpec[] = [{ op: 'input' }];
  private readonly shapes: NodeShape[];

  constructor(readonly input: InputShape) {
    this.shapes = [{ kind: 'map', ...input }];
  }

  /** Output shape of node `node`. */
  shape(node: number): NodeShape {
    assert(node >= 0 && node < this.shapes.length, `node ${node} does not exist`);
    return this.shapes[node];
  }

  conv(input: number, args: ConvArgs): number {
    const shape = this.mapShape(input, args.label ?? args.name);
    const stride = args.stride ?? 1;
    const padding = args.padding ?? 0;
    const height = convOutputSize(shape.height, args.kernel, stride, padding);
    const width = convOutputSize(shape.width, args.kernel, stride, padding);
    if (height < 1 || width < 1) {
      throw new ArchitectureError(
        `${args.label ?? args.name}: a ${args.kernel}×${args.kernel} convolution (stride ${stride}, ` +
          `padding ${padding}) over a ${shape.height}×${shape.width} input leaves ${height}×${width}; ` +
          'use a smaller kernel or stride, more padding, or fewer downsampling layers before it',
      );
    }
    const layer = this.addLayer({
      name: args.name,
      kind: 'conv',
      inChannels: shape.channels,
      outChannels: args.filters,
      kernel: args.kernel,
      stride,
      padding,
      bias: args.bias ?? false,
      inputSize: { height: shape.height, width: shape.width },
    });
    return this.addNode(
      { op: 'conv', layer, input },
      { kind: 'map', height, width, channels: args.filters },
    );
  }

  /** A dense layer; a feature-map input is flattened first. */
  dense(input: number, args: DenseArgs): number {
    const from = this.shapes[input].kind === 'map' ? this.flatten(input) : input;
    const shape = this.shapes[from];
    assert(shape.kind === 'flat', 'dense input is flat');
    const layer = this.addLayer({
      name: args.name,
      kind: 'dense',
      inChannels: shape.features,
      outChannels: args.units,
      kernel: 1,
      stride: 1,
      padding: 0,
      bias: args.bias ?? true,
      inputSize: { height: 1, width: 1 },
    });
    return this.addNode(
      { op: 'dense', layer, input: from },
      { kind: 'flat', features: args.units },
    );
  }

  batchNorm(input: number, name: string): number {
    const shape = this.shapes[input];
    const channels = shape.kind === 'map' ? shape.channels : shape.features;
    const norm = this.norms.length;
    this.norms.push({ id: norm, name, channels });
    return this.addNode({ op: 'batchNorm', norm, input }, shape);
  }

  relu(input: number): number {
    return this.addNode({ op: 'relu', input }, this.shapes[input]);
  }

  add(a: number, b: number): number {
    const [sa, sb] = [this.shapes[a], this.shapes[b]];
    assert(
      JSON.stringify(sa) === JSON.stringify(sb),
      `add of ${JSON.stringify(sa)} and ${JSON.stringify(sb)}`,
    );
    return this.addNode({ op: 'add', inputs: [a, b] }, sa);
  }

  maxPool(input: number, size: number, stride: number, label = 'maxPool'): number {
    return this.pool('maxPool', input, size, stride, label);
  }

  avgPool(input: number, size: number, stride: number, label = 'avgPool'): number {
    return this.pool('avgPool', input, size, stride, label);
  }

  globalAvgPool(input: number, label = 'globalAvgPool'): number {
    const shape = this.mapShape(input, label);
    return this.addNode({ op: 'globalAvgPool', input }, { kind: 'flat', features: shape.channels });
  }

  flatten(input: number): number {
    const shape = this.shapes[input];
    const features =
      shape.kind === 'map' ? shape.height * shape.width * shape.channels : shape.features;
    return this.addNode({ op: 'flatten', input }, { kind: 'flat', features });
  }

  /** ResNet option-A shortcut: subsample by `stride`, zero-pad channels to `channels`. */
  subsamplePad(input: number, stride: number, channels: number): number {
    const shape = this.mapShape(input, 'shortcut');
    assert(
      channels >= shape.channels,
      `option-A shortcut cannot shrink ${shape.channels} channels to ${channels}`,
    );
    const height = Math.ceil(shape.height / stride);
    const width = Math.ceil(shape.width / stride);
    return this.addNode(
      { op: 'subsamplePad', stride, channels, input },
      { kind: 'map', height, width, channels },
    );
  }

  build(meta: {
    name: string;
    family: ArchFamily;
    classes: number;
    output?: number;
  }): Architecture {
    const output = meta.output ?? this.nodes.length - 1;
    const shape = this.shapes[output];
    assert(
      shape.kind === 'flat' && shape.features === meta.classes,
      `output node gives ${meta.classes} logits`,
    );
    return {
      name: meta.name,
      family: meta.family,
      input: { ...this.input },
      classes: meta.classes,
      layers: this.layers,
      norms: this.norms,
      nodes: this.nodes,
      output,
    };
  }

  private pool(
    op: 'maxPool' | 'avgPool',
    input: number,
    size: number,
    stride: number,
    label: string,
  ): number {
    const shape = this.mapShape(input, label);
    const height = poolOutputSize(shape.height, size, stride);
    const width = poolOutputSize(shape.width, size, stride);
    if (height < 1 || width < 1) {
      throw new ArchitectureError(
        `${label}: a ${size}×${size} pool over a ${shape.height}×${shape.width} input leaves ` +
          `${height}×${width}; use a pool no larger than ${Math.min(shape.height, shape.width)}`,
      );
    }
    return this.addNode(
      { op, size, stride, input },
      { kind: 'map', height, width, channels: shape.channels },
    );
  }

  private mapShape(input: number, label: string): Extract<NodeShape, { kind: 'map' }> {
    const shape = this.shape(input);
    if (shape.kind !== 'map') {
      throw new ArchitectureError(
        `${label} needs a feature map (H×W×C) but follows a flattened layer`,
      );
    }
    return shape;
  }

  private addLayer(spec: Omit<LayerSpec, 'id'>): number {
    const id = this.layers.length;
    assert(!this.layers.some((l) => l.name === spec.name), `layer name ${spec.name} is unique`);
    this.layers.push({ id, ...spec });
    return id;
  }

  private addNode(node: NodeSpec, shape: NodeShape): number {
    this.nodes.push(node);
    this.shapes.push(shape);
    return this.nodes.length - 1;
  }
}
