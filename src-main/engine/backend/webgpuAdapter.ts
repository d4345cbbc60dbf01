// Finds the WebGPU adapter the webgpu rung would train on (issue 10, docs/compute.md): loads Dawn
// for Node (the `webgpu` package and its per-platform dawn.node), asks it for the high-performance
// adapter (or the one NPAS_WEBGPU_ADAPTER names) and describes it for `npas doctor`. Software
// adapters (lavapipe, llvmpipe, SwiftShader, any fallback adapter) are told apart from GPUs, because
// `auto` must never pick one: they are 100× slower than wasm and only useful to test correctness.
import { WebGpuError } from './webgpuErrors';

/** The parts of the WebGPU API this engine touches (no DOM typings in the Node build). */
export interface GpuAdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
export interface GpuDeviceLike {
  lost: Promise<{ reason?: string; message?: string }>;
  destroy(): void;
}
export interface GpuAdapterLike {
  info?: GpuAdapterInfoLike;
  isFallbackAdapter?: boolean;
  features: { has(name: string): boolean };
  limits: Record<string, number>;
  requestDevice(descriptor?: object): Promise<GpuDeviceLike>;
}
export interface GpuLike {
  requestAdapter(options?: object): Promise<GpuAdapterLike | null>;
}
/** What the `webgpu` package exports. */
export interface DawnModule {
  create(flags: string[]): GpuLike;
  globals: Record<string, unknown>;
}

/** The adapter as `npas doctor` shows it. */
export interface WebGpuAdapterInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  fallback: boolean;
  /** Whether it is a CPU implementation (fallback adapter, lavapipe, llvmpipe, SwiftShader). */
  software: boolean;
  maxBufferSize: number;
}

export interface WebGpuAdapterFound {
  gpu: GpuLike;
  adapter: GpuAdapterLike;
  info: WebGpuAdapterInfo;
}

/** Loads the `webgpu` package; a missing or unloadable dawn.node becomes a WebGpuError. */
export async function loadDawn(
  load: () => Promise<unknown> = () => import('webgpu'),
): Promise<DawnModule> {
  try {
    const mod = (await load()) as Partial<DawnModule>;
    if (typeof mod.create !== 'function' || typeof mod.globals !== 'object') {
      throw new Error("the module has no 'create' and 'globals' exports");
    }
    return mod as DawnModule;
  } catch (error) {
    throw new WebGpuError(
      'dawn-unloadable',
      `Dawn for Node (the 'webgpu' package's dawn.node for ${process.platform}-${process.arch}) ` +
        `is missing or cannot load: ${firstLine(error)}`,
      { cause: error },
    );
  }
}

/** Dawn's flags for a user-chosen adapter name (NPAS_WEBGPU_ADAPTER, or the Settings field). */
export function dawnFlags(adapterName: string | undefined): string[] {
  const name = adapterName?.trim();
  return name ? [`adapter=${name}`] : [];
}

/**
 * The adapter WebGPU offers for training: the high-performance one, or the named one. Throws a
 * WebGpuError 'no-adapter' when there is none (no Vulkan/Metal/D3D12 device, or Mesa too old).
 */
export async function findWebGpuAdapter(
  dawn: DawnModule,
  adapterName = process.env.NPAS_WEBGPU_ADAPTER,
): Promise<WebGpuAdapterFound> {
  const gpu = dawn.create(dawnFlags(adapterName));
  let adapter: GpuAdapterLike | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    // Dawn rejects an unknown adapter name with the list of adapters it has.
    throw new WebGpuError(
      'no-adapter',
      `no WebGPU adapter matches NPAS_WEBGPU_ADAPTER '${adapterName ?? ''}': ${oneLine(error)}`,
      { cause: error },
    );
  }
  if (!adapter) {
    throw new WebGpuError(
      'no-adapter',
      'no WebGPU adapter: Dawn found no Vulkan, Metal or Direct3D 12 device (on Linux without a ' +
        'GPU, Mesa ≥ 23 lavapipe gives a software one: mesa-vulkan-drivers from bookworm-backports)',
    );
  }
  return { gpu, adapter, info: describeAdapterInfo(adapter) };
}

const SOFTWARE = /lavapipe|llvmpipe|swiftshader|software|softpipe/i;

/** The doctor's view of an adapter; `software` is true for any CPU implementation. */
export function describeAdapterInfo(
  adapter: Pick<GpuAdapterLike, 'info' | 'isFallbackAdapter' | 'limits'>,
): WebGpuAdapterInfo {
  const raw = adapter.info ?? {};
  const fallback = Boolean(raw.isFallbackAdapter ?? adapter.isFallbackAdapter);
  const info = {
    vendor: raw.vendor ?? '',
    architecture: raw.architecture ?? '',
    device: raw.device ?? '',
    description: raw.description ?? '',
  };
  const software =
    fallback || SOFTWARE.test([info.architecture, info.device, info.description].join(' '));
  return { ...info, fallback, software, maxBufferSize: adapter.limits.maxBufferSize ?? 0 };
}

/** One line for `npas doctor`. */
export function adapterSummary(info: WebGpuAdapterInfo): string {
  const name = info.description || info.device || 'unnamed adapter';
  const mib = Math.round(info.maxBufferSize / 2 ** 20);
  return (
    `${name} (vendor ${info.vendor || '?'}, architecture ${info.architecture || '?'}, ` +
    `${info.software ? 'software' : 'hardware'}, fallback ${info.fallback ? 'yes' : 'no'}, ` +
    `largest buffer ${mib} MiB)`
  );
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error))
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
}
