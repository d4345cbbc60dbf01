// Shared types of the backend ladder (docs/compute.md "What installs where"): the six rungs,
// what probing one found, and what initialising one chose. 'onednn' is the wasm backend with
// its convolution and batch-norm kernels computed by the oneDNN addon (onednnKernels.ts).
import type { WebGpuAdapterInfo } from './webgpuAdapter';

/** The compute backends NPAS Studio can train on, fastest first. */
export const BACKEND_NAMES = ['node-gpu', 'webgpu', 'node', 'onednn', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** What probing one backend found. `reason` says why it is (un)available, for `npas doctor`. */
export interface BackendProbe {
  name: BackendName;
  available: boolean;
  reason: string;
  device: 'gpu' | 'cpu';
  /**
   * Usable only when asked for by name: `auto` skips it, saying why (a software WebGPU adapter
   * is correct but far slower than wasm).
   */
  forcedOnly?: boolean;
  /** Why the webgpu rung is unavailable, as a WebGpuError reason (webgpu rung only). */
  failure?: 'no-adapter' | 'dawn-unloadable';
  /** The WebGPU adapter found (webgpu rung only). */
  adapter?: WebGpuAdapterInfo;
}

/** The backend initBackend chose and why, with every probe and the library versions. */
export interface BackendReport {
  name: BackendName;
  /** The tfjs backend name it registered ('tensorflow' for both native ones). */
  tfjsBackend: string;
  device: 'gpu' | 'cpu';
  why: string;
  probes: BackendProbe[];
  versions: Record<string, string>;
}

/** The tfjs backend each rung registers. */
export const TFJS_BACKEND: Record<BackendName, string> = {
  'node-gpu': 'tensorflow',
  webgpu: 'webgpu',
  node: 'tensorflow',
  onednn: 'wasm',
  wasm: 'wasm',
  cpu: 'cpu',
};

export function isBackendName(value: string): value is BackendName {
  return (BACKEND_NAMES as readonly string[]).includes(value);
}
