// Turns a lost WebGPU device into a typed failure of the one run that was using it (issue 10):
// after the device goes (driver reset, GPU unplugged, destroyed), tfjs-backend-webgpu's reads
// reject with an empty message or return stale zeros. The trainer runs every step through
// stepOnDevice, so the run fails with WebGpuDeviceLostError; its last checkpoint (written
// atomically at the last epoch end or stop) stays valid, and the next run gets a fresh device.
import { tf } from '../tf';
import { WebGpuDeviceLostError } from './webgpuErrors';
import { webgpuDeviceLost, webgpuLostSignal } from './webgpuSetup';

/** How long to wait, after a failed step, for the device's `lost` promise to say why. */
const LOSS_SETTLE_MS = 200;

/** Runs one training step; a lost webgpu device during or before it throws WebGpuDeviceLostError. */
export async function stepOnDevice<T>(step: () => Promise<T>): Promise<T> {
  if (tf.getBackend() !== 'webgpu') return step();
  throwIfLost();
  let result: T;
  try {
    result = await step();
  } catch (error) {
    // Dawn settles `lost` asynchronously: give it a moment so the cause is not misreported.
    await Promise.race([webgpuLostSignal(), new Promise((r) => setTimeout(r, LOSS_SETTLE_MS))]);
    throwIfLost(error);
    throw error;
  }
  throwIfLost();
  return result;
}

function throwIfLost(cause?: unknown): void {
  const lost = webgpuDeviceLost();
  if (lost !== null) throw new WebGpuDeviceLostError(lost, cause ? { cause } : undefined);
}
