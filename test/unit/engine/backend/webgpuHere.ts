// Whether this machine has a WebGPU adapter for the webgpu tests (issue 10). In CI (CI=true) the
// tests always run: .ci/run installs Mesa's lavapipe, so a missing adapter must fail them loudly.
// On a dev machine without one they are skipped, and the reason is printed.
import { findWebGpuAdapter, loadDawn } from '../../../../src-main/engine/backend/webgpuAdapter';

async function probe(): Promise<string | null> {
  try {
    await findWebGpuAdapter(await loadDawn());
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Why there is no adapter here (null: there is one). */
export const noAdapterReason = await probe();

/** Skip the webgpu tests: only off CI, and only without an adapter. */
export const skipWebGpu = noAdapterReason !== null && process.env.CI !== 'true';

if (skipWebGpu) {
  console.warn(`webgpu tests skipped on this dev machine: ${noAdapterReason}`);
}
