// Prepares the wasm backend in Node: points it at the .wasm binaries inside node_modules (a
// bundled main process moves the JS away from them) and installs the training kernels.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmKernels } from './wasmKernels';

const BINARIES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'];

let configured = false;

/** The folder holding the package's .wasm files (with a trailing slash), or null if not found. */
export function wasmBinaryDir(): string | null {
  try {
    const entry = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
    const dir = dirname(entry);
    return BINARIES.every((file) => existsSync(join(dir, file))) ? `${dir}/` : null;
  } catch {
    // Unresolvable (e.g. a bundle without node_modules): the backend's own default applies.
    return null;
  }
}

/** Sets the binary path (once, before initialisation) and registers the extra kernels. */
export function configureWasm(): void {
  if (!configured) {
    const dir = wasmBinaryDir();
    if (dir !== null) setWasmPaths(dir);
    configured = true;
  }
  registerWasmKernels();
}
