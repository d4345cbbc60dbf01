// Guards the wasm backend's matrix multiplications against a stale-operator bug in
// tfjs-backend-wasm 4.22: its BatchMatMul and _FusedMatMul cache the XNNPACK operator (with the
// prepacked right-hand matrix) under the right-hand tensor's id alone. A tensor used again as
// `b` with another shape — one parameter store sliced once and reshaped to [4, n] for one layer
// and [2, 2n] for another (SSN's shared blocks) — silently reuses the first operator and returns
// garbage. The guard remembers the shape and transpose each `b` was first used with and hands
// the kernel a fresh copy (a new id, so no cached operator) when they differ.
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { assert } from '../../contract/assert';

/** Backend methods the guard needs (the wasm backend has them). */
interface CopyingBackend {
  readSync(dataId: object): Float32Array | Int32Array | Uint8Array;
  write(values: Float32Array | Int32Array | Uint8Array, shape: number[], dtype: string): object;
  disposeData(dataId: object): boolean;
}

/** Wraps a BatchMatMul-like kernel (inputs a, b; attrs transposeB) with the shape guard. */
export function guardMatMulCache(original: KernelConfig): KernelConfig {
  const firstUse = new WeakMap<object, string>();
  const kernelFunc: KernelFunc = (args) => {
    const b = args.inputs.b as TensorInfo;
    assert(b !== undefined, `${original.kernelName} has an input b`);
    const signature = `${b.shape.join('x')}|${String(args.attrs?.transposeB)}`;
    const seen = firstUse.get(b.dataId);
    if (seen === undefined) firstUse.set(b.dataId, signature);
    if (seen === undefined || seen === signature) return original.kernelFunc(args);
    const backend = args.backend as unknown as CopyingBackend;
    const copyId = backend.write(backend.readSync(b.dataId).slice(), b.shape, b.dtype);
    try {
      const copy: TensorInfo = { dataId: copyId, shape: b.shape, dtype: b.dtype };
      return original.kernelFunc({ ...args, inputs: { ...args.inputs, b: copy } });
    } finally {
      backend.disposeData(copyId);
    }
  };
  return { ...original, kernelFunc };
}
