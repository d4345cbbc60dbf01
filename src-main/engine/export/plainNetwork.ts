// A materialised network: every layer's weights generated once from the method's parameters (SSN
// stores, SuperWeights banks) into plain per-layer arrays, plus the batch norms' four vectors, so
// the file formats (ONNX, safetensors, TF.js) describe an ordinary network with no sharing.
import type { Architecture } from '../arch/types';
import type { Model } from '../nn/model';
import { materialiseLayers, type MaterialisedLayer } from '../npas/ssn/materialise';

/** One batch norm's parameters and running statistics. */
export interface PlainNorm {
  gamma: Float32Array;
  beta: Float32Array;
  mean: Float32Array;
  variance: Float32Array;
}

export interface PlainNetwork {
  arch: Architecture;
  /** By layer id; kernels in tfjs layout (conv [kh, kw, in, out], dense [in, out]). */
  layers: MaterialisedLayer[];
  /** By norm id. */
  norms: PlainNorm[];
}

// Async reads: webgpu cannot read synchronously in Node (compute.md).
const read = async (v: { data(): Promise<unknown> }) => ((await v.data()) as Float32Array).slice();

/** The materialised weights of one member. */
export async function materialiseNetwork(model: Model): Promise<PlainNetwork> {
  const norms: PlainNorm[] = [];
  for (const n of model.norms) {
    norms.push({
      gamma: await read(n.gamma),
      beta: await read(n.beta),
      mean: await read(n.runningMean),
      variance: await read(n.runningVariance),
    });
  }
  return { arch: model.arch, layers: await materialiseLayers(model.provider), norms };
}

/** Float32 values a plain network holds (what its materialised files store). */
export function plainParameterCount(net: PlainNetwork): number {
  const layers = net.layers.reduce((s, l) => s + l.kernel.length + (l.bias?.length ?? 0), 0);
  return layers + net.norms.reduce((s, n) => s + 4 * n.gamma.length, 0);
}

/** [kh, kw, in, out] → [out, in, kh, kw] (PyTorch and ONNX order). */
export function toOihw(kernel: Float32Array, k: number, inC: number, outC: number): Float32Array {
  const out = new Float32Array(kernel.length);
  for (let y = 0; y < k; y++)
    for (let x = 0; x < k; x++)
      for (let i = 0; i < inC; i++)
        for (let o = 0; o < outC; o++)
          out[((o * inC + i) * k + y) * k + x] = kernel[((y * k + x) * inC + i) * outC + o];
  return out;
}

/** [in, out] → [out, in]. */
export function transpose2d(kernel: Float32Array, inF: number, outF: number): Float32Array {
  const out = new Float32Array(kernel.length);
  for (let i = 0; i < inF; i++)
    for (let o = 0; o < outF; o++) out[o * inF + i] = kernel[i * outF + o];
  return out;
}
