// Probes each rung of the backend ladder (docs/compute.md "What installs where") and says why it
// is or is not usable here. Probing the native rungs imports their optional packages, at most one
// of which can load per process (./loadNative).
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { tf } from '../tf';
import { diagnoseCuda, missingCudaLibraries } from './cudaDiagnosis';
import { loadNative, loadedNativePackage } from './loadNative';
import { BACKEND_NAMES, type BackendName, type BackendProbe } from './types';
import { loadOnednn, onednnThreads } from './onednnAddon';
import { wasmBinaryDir } from './wasmSetup';
import { adapterSummary, type WebGpuAdapterInfo } from './webgpuAdapter';
import { probeWebGpuAdapter } from './webgpuProbe';
import { WebGpuError } from './webgpuErrors';
import { activeWebGpuAdapter, webgpuDeviceLost } from './webgpuSetup';

/**
 * Whether the loaded 'tensorflow' backend runs on a GPU. tfjs-node exposes no device list; its
 * backend object carries `isUsingGpuDevice` (true when libtensorflow placed ops on a GPU). If a
 * future binding lacks the field, a successful load of the -gpu package is taken as a GPU.
 */
function nativeUsesGpu(): boolean {
  const backend = tf.findBackend('tensorflow') as { isUsingGpuDevice?: unknown } | null;
  const flag = backend?.isUsingGpuDevice;
  return typeof flag === 'boolean' ? flag : true;
}

async function probeNodeGpu(): Promise<BackendProbe> {
  const base = { name: 'node-gpu', device: 'gpu' } as const;
  const load = await loadNative('@tensorflow/tfjs-node-gpu');
  if (!load.loaded) {
    const error = load.error ?? 'not loaded';
    // Installed but unloadable: name the CUDA library the dynamic loader could not open.
    const cuda = load.installed ? diagnoseCuda(error, missingCudaLibraries()) : null;
    return { ...base, available: false, reason: cuda ? `${error} (${cuda})` : error };
  }
  if (!nativeUsesGpu()) {
    const cuda = diagnoseCuda(null, missingCudaLibraries());
    return {
      ...base,
      available: false,
      reason:
        'loaded, but libtensorflow sees no GPU (needs CUDA 11.2 and cuDNN 8.1)' +
        (cuda ? `: ${cuda}` : '') +
        '; it runs on the CPU as node',
    };
  }
  return {
    ...base,
    available: true,
    reason: 'loaded, libtensorflow reports a GPU device (isUsingGpuDevice)',
  };
}

/**
 * The adapter, asked of Dawn (in a child process, ./webgpuProbe) once per process and
 * NPAS_WEBGPU_ADAPTER value: every run's ladder probes every rung.
 */
const adapters = new Map<string, Promise<WebGpuAdapterInfo>>();
function adapterOnce(): Promise<WebGpuAdapterInfo> {
  const key = process.env.NPAS_WEBGPU_ADAPTER ?? '';
  let found = adapters.get(key);
  if (!found) {
    found = probeWebGpuAdapter();
    adapters.set(key, found);
  }
  return found;
}

async function probeWebGpu(): Promise<BackendProbe> {
  const base = { name: 'webgpu', device: 'gpu' } as const;
  // A registered backend with a live device is not probed again: a second device would double
  // the GPU memory, and the answer cannot have changed.
  const current = activeWebGpuAdapter();
  let info = current && webgpuDeviceLost() === null ? current : null;
  if (!info) {
    try {
      info = await adapterOnce();
    } catch (error) {
      if (!(error instanceof WebGpuError) || error.reason === 'device-lost') throw error;
      return { ...base, available: false, failure: error.reason, reason: error.message };
    }
  }
  const summary = adapterSummary(info);
  if (info.software) {
    return {
      ...base,
      // A software adapter computes on the CPU: runs record it as such.
      device: 'cpu',
      available: true,
      forcedOnly: true,
      adapter: info,
      reason: `software adapter ${summary}: correct but slower than wasm, used only with --backend webgpu`,
    };
  }
  return { ...base, available: true, adapter: info, reason: `GPU adapter ${summary}` };
}

async function probeNode(): Promise<BackendProbe> {
  const base = { name: 'node', device: 'cpu' } as const;
  if (loadedNativePackage() === '@tensorflow/tfjs-node-gpu') {
    return {
      ...base,
      available: true,
      reason: "served by @tensorflow/tfjs-node-gpu's libtensorflow",
    };
  }
  const load = await loadNative('@tensorflow/tfjs-node');
  if (!load.loaded) return { ...base, available: false, reason: load.error ?? 'not loaded' };
  return { ...base, available: true, reason: 'loaded, native libtensorflow on the CPU' };
}

async function probeWasm(): Promise<BackendProbe> {
  const base = { name: 'wasm', device: 'cpu' } as const;
  // lib has no DOM/WebAssembly typings here; the global is only checked for presence.
  if (typeof (globalThis as { WebAssembly?: unknown }).WebAssembly !== 'object') {
    return { ...base, available: false, reason: 'WebAssembly is not available in this runtime' };
  }
  if (wasmBinaryDir() === null) {
    return {
      ...base,
      available: false,
      reason: 'the .wasm files of @tensorflow/tfjs-backend-wasm were not found in node_modules',
    };
  }
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean;
  // The package turns multithreading off under Node (its WASM_HAS_MULTITHREAD_SUPPORT flag).
  const threads = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'))
    ? 'multithreaded'
    : '1 thread';
  return {
    ...base,
    available: true,
    reason: `${simd ? 'wasm SIMD' : 'wasm without SIMD'}, ${threads}`,
  };
}

/** The oneDNN rung needs the wasm backend (it keeps the tensors) and the addon. */
async function probeOnednn(): Promise<BackendProbe> {
  const base = { name: 'onednn', device: 'cpu' } as const;
  const wasm = await probeWasm();
  if (!wasm.available) return { ...base, available: false, reason: `needs wasm: ${wasm.reason}` };
  const load = loadOnednn();
  if (!load.loaded) return { ...base, available: false, reason: load.reason };
  const info = load.addon.info();
  return {
    ...base,
    available: true,
    reason:
      `oneDNN ${info.version} (${info.isa}) convolutions and batch norm, ` +
      `${onednnThreads()} of ${info.cores} cores, other ops on wasm`,
  };
}

function probeCpu(): BackendProbe {
  return { name: 'cpu', available: true, reason: 'pure JavaScript, 1 thread', device: 'cpu' };
}

const PROBES: Record<BackendName, () => BackendProbe | Promise<BackendProbe>> = {
  'node-gpu': probeNodeGpu,
  webgpu: probeWebGpu,
  node: probeNode,
  onednn: probeOnednn,
  wasm: probeWasm,
  cpu: probeCpu,
};

/**
 * Probes every backend and returns them in ladder order. `first` is probed before the others so
 * that, of the two native packages, the one asked for is the one that loads.
 */
export async function probeBackends(first?: BackendName): Promise<BackendProbe[]> {
  const order = first ? [first, ...BACKEND_NAMES.filter((n) => n !== first)] : [...BACKEND_NAMES];
  const found = new Map<BackendName, BackendProbe>();
  for (const name of order) found.set(name, await PROBES[name]());
  return BACKEND_NAMES.map((name) => found.get(name) as BackendProbe);
}
