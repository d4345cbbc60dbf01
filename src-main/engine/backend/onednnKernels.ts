// tfjs kernels on the 'wasm' backend that hand the heavy half of a training step to the oneDNN
// addon (issue #11, docs/compute.md): Conv2D and both of its gradients, a training-mode batch norm
// with its gradient under the kernel names NpasBatchNormTrain/NpasBatchNormGrad (which
// engine/nn/batchNorm.ts uses when they are registered), Relu with a one-kernel gradient
// (NpasReluGrad instead of tfjs' step, cast and multiply), same-shape Add and Multiply, and an
// Identity that shares its input's data instead of copying it. The addon works in place on the wasm
// heap: inputs are read where the backend keeps them and outputs are allocated there.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type {
  GradConfig,
  Conv2DAttrs,
  Conv2DBackpropFilterAttrs,
  Conv2DBackpropInputAttrs,
  KernelConfig,
  KernelFunc,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import { BackendError } from '../../contract/errors';
import { tf } from '../tf';
import type { OnednnAddon } from './onednnAddon';

const BACKEND = 'wasm';
export const BATCH_NORM_TRAIN = 'NpasBatchNormTrain';
export const BATCH_NORM_GRAD = 'NpasBatchNormGrad';
export const RELU_GRAD = 'NpasReluGrad';
/** The wasm kernels replaced (the originals stay as fallbacks for what ours do not take). */
const REPLACED = [
  'Conv2D',
  'Conv2DBackpropInput',
  'Conv2DBackpropFilter',
  'Relu',
  'Add',
  'Multiply',
  'Identity',
] as const;
const ADDED = [BATCH_NORM_TRAIN, BATCH_NORM_GRAD, RELU_GRAD];

type Conv2DInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;
const enum Mode {
  Forward = 0,
  InputGrad = 1,
  FilterGrad = 2,
}

function offset(backend: BackendWasm, info: TensorInfo): number {
  return backend.dataIdMap.get(info.dataId)!.memoryOffset;
}

function heap(backend: BackendWasm): ArrayBuffer {
  // Read at every call: the heap's ArrayBuffer is replaced whenever wasm memory grows.
  // The Emscripten module has HEAPU8 though tfjs' typings leave it out.
  return (backend.wasm as unknown as { HEAPU8: Uint8Array }).HEAPU8.buffer as ArrayBuffer;
}

function requireNhwc(kernel: string, dataFormat: string): void {
  if (dataFormat !== 'NHWC') {
    throw new BackendError(
      `${kernel} on oneDNN supports dataFormat 'NHWC' only, got '${dataFormat}'`,
    );
  }
}

function geometry(mode: Mode, c: Conv2DInfo): Int32Array {
  const p = c.padInfo;
  return Int32Array.of(
    mode,
    c.batchSize,
    c.inHeight,
    c.inWidth,
    c.inChannels,
    c.outChannels,
    c.filterHeight,
    c.filterWidth,
    c.outHeight,
    c.outWidth,
    c.strideHeight,
    c.strideWidth,
    p.top,
    p.left,
    p.bottom,
    p.right,
    c.dilationHeight,
    c.dilationWidth,
  );
}

function isEmpty(c: Conv2DInfo): boolean {
  return [
    c.batchSize,
    c.inHeight,
    c.inWidth,
    c.inChannels,
    c.outChannels,
    c.outHeight,
    c.outWidth,
  ].some((d) => d === 0);
}

/** Runs one convolution on the addon, or `fallback` for empty tensors (oneDNN refuses them). */
function convolve(
  addon: OnednnAddon,
  args: Parameters<KernelFunc>[0],
  mode: Mode,
  info: Conv2DInfo,
  operands: [TensorInfo, TensorInfo],
  outShape: number[],
  fallback: KernelFunc,
): TensorInfo {
  if (isEmpty(info)) return fallback(args) as TensorInfo;
  const backend = args.backend as BackendWasm;
  const out = backend.makeOutput(outShape, 'float32');
  const [a, b] = operands;
  addon.conv2d(
    heap(backend),
    geometry(mode, info),
    offset(backend, a),
    offset(backend, b),
    offset(backend, out),
  );
  return out;
}

type Shape4 = [number, number, number, number];

/** The geometry of a convolution kernel call; NHWC only, like the rest of the engine. */
function convInfo(
  kernel: string,
  inShape: number[],
  filterShape: number[],
  attrs: Pick<Conv2DAttrs, 'strides' | 'pad' | 'dataFormat' | 'dimRoundingMode'> & {
    dilations?: Conv2DAttrs['dilations'];
  },
): Conv2DInfo {
  requireNhwc(kernel, attrs.dataFormat);
  return tf.backend_util.computeConv2DInfo(
    inShape as Shape4,
    filterShape as Shape4,
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
}

function convKernels(addon: OnednnAddon, originals: Map<string, KernelFunc>): KernelConfig[] {
  const original = (name: string) => originals.get(name)!;
  const forward: KernelFunc = (args) => {
    const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
    const info = convInfo('Conv2D', x.shape, filter.shape, args.attrs as unknown as Conv2DAttrs);
    const fallback = original('Conv2D');
    return convolve(addon, args, Mode.Forward, info, [x, filter], info.outShape, fallback);
  };
  const inputGrad: KernelFunc = (args) => {
    const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
    const attrs = args.attrs as unknown as Conv2DBackpropInputAttrs;
    const info = convInfo('Conv2DBackpropInput', attrs.inputShape, filter.shape, attrs);
    const fallback = original('Conv2DBackpropInput');
    return convolve(addon, args, Mode.InputGrad, info, [dy, filter], attrs.inputShape, fallback);
  };
  const filterGrad: KernelFunc = (args) => {
    const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
    const attrs = args.attrs as unknown as Conv2DBackpropFilterAttrs;
    const info = convInfo('Conv2DBackpropFilter', x.shape, attrs.filterShape, attrs);
    const fallback = original('Conv2DBackpropFilter');
    return convolve(addon, args, Mode.FilterGrad, info, [x, dy], attrs.filterShape, fallback);
  };
  return [
    { kernelName: 'Conv2D', backendName: BACKEND, kernelFunc: forward },
    { kernelName: 'Conv2DBackpropInput', backendName: BACKEND, kernelFunc: inputGrad },
    { kernelName: 'Conv2DBackpropFilter', backendName: BACKEND, kernelFunc: filterGrad },
  ];
}

/** [n, h, w, c] of an NHWC or [rows, c] tensor. */
function normDims(x: TensorInfo): Int32Array {
  const s = x.shape;
  if (s.length === 4) return Int32Array.from(s);
  if (s.length === 2) return Int32Array.of(s[0], 1, 1, s[1]);
  throw new BackendError(
    `batch norm on oneDNN takes a rank-2 or rank-4 tensor, got shape [${s.join(', ')}]`,
  );
}

function batchNormKernels(addon: OnednnAddon): KernelConfig[] {
  const train: KernelFunc = ({ inputs, attrs, backend }) => {
    const b = backend as BackendWasm;
    const { x, gamma, beta } = inputs as Record<string, TensorInfo>;
    const c = x.shape[x.shape.length - 1];
    const [y, mean, variance] = [
      b.makeOutput(x.shape, 'float32'),
      b.makeOutput([c], 'float32'),
      b.makeOutput([c], 'float32'),
    ];
    const at = (t: TensorInfo) => offset(b, t);
    addon.batchNormTrain(
      heap(b),
      normDims(x),
      at(x),
      at(gamma),
      at(beta),
      at(y),
      at(mean),
      at(variance),
      attrs!.epsilon as number,
    );
    return [y, mean, variance];
  };
  const grad: KernelFunc = ({ inputs, attrs, backend }) => {
    const b = backend as BackendWasm;
    const { x, dy, gamma, mean, variance } = inputs as Record<string, TensorInfo>;
    const c = x.shape[x.shape.length - 1];
    const [dx, dGamma, dBeta] = [
      b.makeOutput(x.shape, 'float32'),
      b.makeOutput([c], 'float32'),
      b.makeOutput([c], 'float32'),
    ];
    const at = (t: TensorInfo) => offset(b, t);
    addon.batchNormGrad(
      heap(b),
      normDims(x),
      at(x),
      at(dy),
      at(gamma),
      at(mean),
      at(variance),
      at(dx),
      at(dGamma),
      at(dBeta),
      attrs!.epsilon as number,
    );
    return [dx, dGamma, dBeta];
  };
  return [
    { kernelName: BATCH_NORM_TRAIN, backendName: BACKEND, kernelFunc: train },
    { kernelName: BATCH_NORM_GRAD, backendName: BACKEND, kernelFunc: grad },
  ];
}

/**
 * Below this many elements an elementwise op stays on wasm: waking a second thread costs more
 * than the op (the optimizer's per-parameter updates ran slower on 2 threads than on 1).
 */
export const MIN_NATIVE_ELEMENTS = 1 << 16;

function elementwiseKernels(
  addon: OnednnAddon,
  originals: Map<string, KernelFunc>,
): KernelConfig[] {
  const relu: KernelFunc = (args) => {
    const b = args.backend as BackendWasm;
    const { x } = args.inputs as { x: TensorInfo };
    const count = tf.util.sizeFromShape(x.shape);
    if (x.dtype !== 'float32' || count < MIN_NATIVE_ELEMENTS) return originals.get('Relu')!(args);
    const y = b.makeOutput(x.shape, 'float32');
    addon.relu(heap(b), count, offset(b, x), offset(b, y));
    return y;
  };
  const reluGrad: KernelFunc = ({ inputs, backend }) => {
    const b = backend as BackendWasm;
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const dx = b.makeOutput(x.shape, 'float32');
    const count = tf.util.sizeFromShape(x.shape);
    if (count > 0) addon.reluGrad(heap(b), count, offset(b, x), offset(b, dy), offset(b, dx));
    return dx;
  };
  const binary =
    (name: 'Add' | 'Multiply', op: 0 | 1): KernelFunc =>
    (args) => {
      const b = args.backend as BackendWasm;
      const { a, b: other } = args.inputs as { a: TensorInfo; b: TensorInfo };
      const count = tf.util.sizeFromShape(a.shape);
      // Broadcasting and other dtypes stay with wasm's kernel.
      const same =
        a.dtype === 'float32' &&
        other.dtype === 'float32' &&
        tf.util.arraysEqual(a.shape, other.shape);
      if (!same || count < MIN_NATIVE_ELEMENTS) return originals.get(name)!(args);
      const out = b.makeOutput(a.shape, 'float32');
      addon.binary(heap(b), op, count, offset(b, a), offset(b, other), offset(b, out));
      return out;
    };
  // tfjs clones every tensor a custom gradient saves (a batch norm's input: a whole activation);
  // wasm's Identity copies it. Tensors are immutable, so sharing the data is enough, as wasm's
  // own Reshape and the cpu backend's Identity do.
  const identity: KernelFunc = (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    if (x.dtype === 'string') return originals.get('Identity')!(args);
    (args.backend as BackendWasm).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
  return [
    { kernelName: 'Identity', backendName: BACKEND, kernelFunc: identity },
    { kernelName: 'Relu', backendName: BACKEND, kernelFunc: relu },
    { kernelName: RELU_GRAD, backendName: BACKEND, kernelFunc: reluGrad },
    { kernelName: 'Add', backendName: BACKEND, kernelFunc: binary('Add', 0) },
    { kernelName: 'Multiply', backendName: BACKEND, kernelFunc: binary('Multiply', 1) },
  ];
}

/**
 * Relu's gradient as one NpasReluGrad call where that kernel is registered for the active backend;
 * elsewhere tfjs' own gradient. Gradients are global in tfjs, so this one checks every time.
 */
function reluGradient(original: GradConfig): GradConfig {
  return {
    ...original,
    gradFunc: (dy, saved, attrs) => {
      if (!tf.getKernel(RELU_GRAD, tf.getBackend())) return original.gradFunc(dy, saved, attrs);
      const [x] = saved;
      return { x: () => tf.engine().runKernel(RELU_GRAD, { x, dy: dy as tf.Tensor }) as tf.Tensor };
    },
  };
}

/** What installOnednnKernels replaced, to put back when plain wasm is asked for again. */
let installed: {
  originals: Map<string, KernelConfig>;
  reluGradient: GradConfig;
  addon: OnednnAddon;
} | null = null;

/** Replaces the wasm convolution kernels with the addon's and adds the batch-norm kernels. */
export function installOnednnKernels(addon: OnednnAddon): void {
  // Always reinstalled: configureWasm() may have put the plain wasm gradients back since.
  removeOnednnKernels();
  const originals = new Map<string, KernelConfig>();
  for (const name of REPLACED) {
    const existing = tf.getKernel(name, BACKEND);
    if (!existing) throw new BackendError(`the wasm backend has no ${name} kernel to replace`);
    originals.set(name, existing);
  }
  const funcs = new Map([...originals].map(([name, config]) => [name, config.kernelFunc]));
  // Ours carry the originals' setup: if the backend initialises after this, that setup still has
  // to run, or the original (our fallback, and what removeOnednnKernels puts back) cannot work.
  const replacing = [...convKernels(addon, funcs), ...elementwiseKernels(addon, funcs)].map(
    (config) => {
      const original = originals.get(config.kernelName);
      return original
        ? { ...config, setupFunc: original.setupFunc, disposeFunc: original.disposeFunc }
        : config;
    },
  );
  for (const config of [...replacing, ...batchNormKernels(addon)]) {
    if (tf.getKernel(config.kernelName, BACKEND)) tf.unregisterKernel(config.kernelName, BACKEND);
    tf.registerKernel(config);
  }
  const reluGrad = tf.getGradient('Relu');
  if (!reluGrad) throw new BackendError('tfjs has no gradient registered for Relu');
  tf.registerGradient(reluGradient(reluGrad));
  installed = { originals, reluGradient: reluGrad, addon };
}

/** Puts back the kernels installOnednnKernels replaced and removes the batch-norm kernels. */
export function removeOnednnKernels(): void {
  if (!installed) return;
  for (const [name, config] of installed.originals) {
    tf.unregisterKernel(name, BACKEND);
    tf.registerKernel(config);
  }
  for (const name of ADDED) tf.unregisterKernel(name, BACKEND);
  tf.registerGradient(installed.reluGradient);
  installed = null;
}

/** Whether the oneDNN kernels are the ones registered now. */
export function onednnKernelsInstalled(): boolean {
  return installed !== null;
}
