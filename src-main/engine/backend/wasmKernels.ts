// Extra and replacement kernels for the 'wasm' backend so it can train conv nets quickly
// (docs/compute.md "Kernels a training step needs"): Conv2DBackpropFilter (missing) and
// Conv2DBackpropInput (slow) as forward convolutions.
import type {
  Conv2DBackpropFilterAttrs,
  Conv2DBackpropInputAttrs,
  KernelConfig,
  KernelFunc,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import { BackendError } from '../../contract/errors';
import { tf } from '../tf';
import { conv2dFilterGrad, conv2dInputGrad } from './conv2dGrads';
import { withTensors } from './kernelTensors';
import { guardMatMulCache } from './matMulCacheGuard';

const BACKEND = 'wasm';

function requireNhwc(kernel: string, dataFormat: string): void {
  if (dataFormat !== 'NHWC') {
    throw new BackendError(
      `${kernel} on wasm supports dataFormat 'NHWC' only, got '${dataFormat}'`,
    );
  }
}

const filterGrad: KernelFunc = ({ inputs, attrs }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
    attrs as unknown as Conv2DBackpropFilterAttrs;
  requireNhwc('Conv2DBackpropFilter', dataFormat);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  return withTensors([x, dy], ([xt, dyt]) =>
    conv2dFilterGrad(xt as tf.Tensor4D, dyt as tf.Tensor4D, info),
  );
};

const inputGrad: KernelFunc = ({ inputs, attrs }) => {
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } =
    attrs as unknown as Conv2DBackpropInputAttrs;
  requireNhwc('Conv2DBackpropInput', dataFormat);
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  return withTensors([dy, filter], ([dyt, ft]) =>
    conv2dInputGrad(dyt as tf.Tensor4D, ft as tf.Tensor4D, info),
  );
};

/** The kernels this module installs on 'wasm', by name. */
export const WASM_EXTRA_KERNELS: readonly KernelConfig[] = [
  { kernelName: 'Conv2DBackpropFilter', backendName: BACKEND, kernelFunc: filterGrad },
  { kernelName: 'Conv2DBackpropInput', backendName: BACKEND, kernelFunc: inputGrad },
];

/** Built-in kernels wrapped by guardMatMulCache (see that module for the bug it works around). */
export const GUARDED_MATMULS = ['BatchMatMul', '_FusedMatMul'];
const guarded = new Set<KernelFunc>();

/** Whether `kernelFunc` is one of the guarded matmuls this module installed. */
export function isGuardedMatMul(kernelFunc: KernelFunc): boolean {
  return guarded.has(kernelFunc);
}

/** Replaces the built-in matmul kernels with guarded ones, once. */
function guardMatMuls(): void {
  for (const name of GUARDED_MATMULS) {
    const existing = tf.getKernel(name, BACKEND);
    if (!existing || guarded.has(existing.kernelFunc)) continue;
    const wrapped = guardMatMulCache(existing);
    guarded.add(wrapped.kernelFunc);
    tf.unregisterKernel(name, BACKEND);
    tf.registerKernel(wrapped);
  }
}

/** Installs WASM_EXTRA_KERNELS, replacing built-in ones of the same name. Idempotent. */
export function registerWasmKernels(): void {
  guardMatMuls();
  for (const config of WASM_EXTRA_KERNELS) {
    const existing = tf.getKernel(config.kernelName, BACKEND);
    if (existing?.kernelFunc === config.kernelFunc) continue;
    if (existing) tf.unregisterKernel(config.kernelName, BACKEND);
    tf.registerKernel(config);
  }
}
