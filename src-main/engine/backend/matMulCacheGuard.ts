// Guards the wasm backend's matrix multiplications against a stale-operator bug in
// tfjs-backend-wasm 4.22: its BatchMatMul and _FusedMatMul cache the XNNPACK operator (with the
// prepacked right-hand matrix) under the right-hand tensor's id alone. A tensor used again as
// `b` with another shape or transpose — one parameter store sliced once and reshaped to [4, n]
// for one layer and [2, 2n] for another (SSN's shared blocks), or one matrix multiplied both
// plain and transposed — silently reuses the first operator and returns garbage. (The gradient
// tape does not hit this: tfjs saves a matmul's inputs for the backward pass as clones, and the
// wasm Identity kernel copies, so backward matMul(dy, T, false, true) sees a new id; measured on
// SSN WRN-16-4 training, the guard copies nothing per step.) The guard gives each (tensor,
// signature) pair its own data id: the first signature uses the tensor itself, every other one a
// copy made once (a heap-to-heap copy inside wasm memory, no read into JavaScript) and reused for
// as long as the tensor lives, so a signature seen again costs nothing. Copies are freed with the
// tensor they copy.
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { assert } from '../../contract/assert';

/** Backend members the guard needs (the wasm backend has them). */
interface CopyingBackend {
  write(values: null, shape: number[], dtype: string): object;
  disposeData(dataId: object, force?: boolean): boolean;
  getMemoryOffset(dataId: object): number;
  wasm: { HEAPU8: Uint8Array };
}

/** Per tensor data id: the first signature seen and the copies made for the others. */
interface Entry {
  first: string;
  copies: Map<string, object>;
}

/** How many copies the guards have made (tests check a repeated signature does not copy). */
export const matMulGuardStats = { copies: 0 };

const BYTES_PER_ELEMENT: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

/** Entries of every guarded backend, by tensor data id. */
const entries = new WeakMap<object, Entry>();
const hooked = new WeakSet<object>();

/** Frees a tensor's copies when the backend frees the tensor itself. */
function hookDispose(backend: CopyingBackend): void {
  if (hooked.has(backend)) return;
  hooked.add(backend);
  const dispose = backend.disposeData.bind(backend);
  backend.disposeData = (dataId: object, force?: boolean) => {
    const freed = dispose(dataId, force);
    const entry = freed ? entries.get(dataId) : undefined;
    if (entry) {
      entries.delete(dataId);
      for (const copy of entry.copies.values()) dispose(copy, true);
    }
    return freed;
  };
}

/** A new data id holding the same bytes as `b`, copied within the wasm heap. */
function copyOf(backend: CopyingBackend, b: TensorInfo): object {
  const bytes = b.shape.reduce((n, d) => n * d, 1) * (BYTES_PER_ELEMENT[b.dtype] ?? 4);
  const copy = backend.write(null, b.shape, b.dtype);
  const from = backend.getMemoryOffset(b.dataId);
  // Read HEAPU8 after write: allocating may have grown (and replaced) the heap.
  backend.wasm.HEAPU8.copyWithin(backend.getMemoryOffset(copy), from, from + bytes);
  matMulGuardStats.copies++;
  return copy;
}

/** Wraps a BatchMatMul-like kernel (inputs a, b; attrs transposeB) with the shape guard. */
export function guardMatMulCache(original: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const b = args.inputs.b as TensorInfo;
    assert(b !== undefined, `${original.kernelName} has an input b`);
    const signature = `${b.shape.join('x')}|${String(args.attrs?.transposeB)}`;
    const entry = entries.get(b.dataId);
    if (entry === undefined) {
      entries.set(b.dataId, { first: signature, copies: new Map() });
      return original.kernelFunc(args);
    }
    if (entry.first === signature) return original.kernelFunc(args);
    const backend = args.backend as unknown as CopyingBackend;
    hookDispose(backend);
    let copyId = entry.copies.get(signature);
    if (copyId === undefined) {
      copyId = copyOf(backend, b);
      entry.copies.set(signature, copyId);
    }
    const copy: TensorInfo = { dataId: copyId, shape: b.shape, dtype: b.dtype };
    return original.kernelFunc({ ...args, inputs: { ...args.inputs, b: copy } });
  };
  return { ...original, kernelFunc };
}
