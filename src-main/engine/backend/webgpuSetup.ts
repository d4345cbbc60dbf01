// Sets up the webgpu rung (issue 10, docs/compute.md): puts Dawn's WebGPU globals where
// @tensorflow/tfjs-backend-webgpu looks for them, then registers tfjs' 'webgpu' backend on a device
// of the adapter findWebGpuAdapter chose (the package's own factory would pick its own adapter and
// ignore NPAS_WEBGPU_ADAPTER). Watches the device's `lost` promise so a run can fail with a typed
// error instead of reading garbage, and so the next run gets a fresh device.
import { tf } from '../tf';
import {
  findWebGpuAdapter,
  loadDawn,
  type GpuDeviceLike,
  type WebGpuAdapterFound,
  type WebGpuAdapterInfo,
} from './webgpuAdapter';

interface Active {
  found: WebGpuAdapterFound;
  device: GpuDeviceLike;
  /** Set once the device's `lost` promise resolves. */
  lost: string | null;
  /** The NPAS_WEBGPU_ADAPTER it was chosen under: another name needs another device. */
  adapterName: string;
}

let active: Active | null = null;

/** The adapter of the registered webgpu backend, if any. */
export function activeWebGpuAdapter(): WebGpuAdapterInfo | null {
  return active?.found.info ?? null;
}

/**
 * Registers (or re-registers after a lost device) tfjs' 'webgpu' backend on `found`'s adapter.
 * Registered at priority 0 so tfjs never picks it by itself: only the ladder decides.
 */
export async function registerWebGpuBackend(found?: WebGpuAdapterFound): Promise<void> {
  const adapterName = process.env.NPAS_WEBGPU_ADAPTER ?? '';
  if (active && active.lost === null && !found && active.adapterName === adapterName) return;
  const dawn = await loadDawn();
  const chosen = found ?? (await findWebGpuAdapter(dawn));
  // tfjs-backend-webgpu reads navigator.gpu and the GPU* constants (GPUBufferUsage, ...) as globals.
  Object.assign(globalThis, dawn.globals);
  Object.defineProperty(globalThis, 'navigator', {
    value: { ...(globalThis as { navigator?: object }).navigator, gpu: chosen.gpu },
    configurable: true,
    writable: true,
  });
  const { WebGPUBackend } = (await import('@tensorflow/tfjs-backend-webgpu')) as unknown as {
    WebGPUBackend: new (device: unknown, info?: unknown) => tf.KernelBackend;
  };
  const adapter = chosen.adapter;
  const limits = adapter.limits;
  // The same limits the package's own factory asks for: its shaders are sized to them.
  const device = await adapter.requestDevice({
    requiredFeatures: adapter.features.has('timestamp-query') ? ['timestamp-query'] : [],
    requiredLimits: {
      maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
      maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
      maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
    },
  });
  const state: Active = { found: chosen, device, lost: null, adapterName };
  void device.lost.then((info) => {
    state.lost = `${info.reason ?? 'unknown'}${info.message ? `: ${info.message}` : ''}`;
  });
  if (tf.findBackend('webgpu') || tf.engine().registryFactory.webgpu) tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', () => new WebGPUBackend(device, adapter.info), 0);
  active = state;
}

/** Why the current webgpu device was lost, or null while it is alive (or none exists). */
export function webgpuDeviceLost(): string | null {
  return active?.lost ?? null;
}

/** Resolves when the active device is lost (never, while there is none). */
export function webgpuLostSignal(): Promise<unknown> {
  return active ? active.device.lost : new Promise(() => {});
}

/** Destroys the active device (tests: the same path a driver reset takes). */
export function destroyWebGpuDevice(): void {
  active?.device.destroy();
}
