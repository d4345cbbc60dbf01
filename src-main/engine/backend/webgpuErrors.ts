// Typed errors of the webgpu rung (issue 10): each names why WebGPU cannot be used, so `npas doctor`,
// the CLI and a failed run say the same thing. They are BackendErrors (kind 'backend'), so they
// survive the worker boundary like every other backend failure.
import { BackendError } from '../../contract/errors';

/** Why WebGPU is unusable: the three bad cases the issue names. */
export type WebGpuFailure = 'no-adapter' | 'dawn-unloadable' | 'device-lost';

/** A WebGPU failure with a machine-readable `reason`. */
export class WebGpuError extends BackendError {
  readonly reason: WebGpuFailure;
  constructor(reason: WebGpuFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

/**
 * The GPU device went away while a run used it (driver reset, GPU removed, destroyed). Only the
 * run that was using it fails; its last checkpoint stays valid for `npas train --resume`.
 */
export class WebGpuDeviceLostError extends WebGpuError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super(
      'device-lost',
      `the WebGPU device was lost during the run (${detail}); the run failed, and its last ` +
        'checkpoint can be resumed once the GPU is back',
      options,
    );
  }
}
