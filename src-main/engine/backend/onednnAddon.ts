// Finds and loads the oneDNN addon (native/onednn, issue #11): convolution and batch-norm kernels
// that oneDNN, PyTorch's own CPU library, runs threaded and with the CPU's widest vectors, in
// place in the wasm backend's heap. Optional: where it was not built (no compiler or no
// libdnnl at install time) or does not load, the ladder says why and trains on plain wasm.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../contract/errors';

/** The addon's exports (native/onednn/src/addon.cc). Offsets are bytes into `heap`. */
export interface OnednnAddon {
  info(): { version: string; isa: string; threads: number; cores: number };
  setThreads(threads: number): void;
  conv2d(heap: ArrayBuffer, geometry: Int32Array, a: number, b: number, out: number): void;
  batchNormTrain(
    heap: ArrayBuffer,
    dims: Int32Array,
    x: number,
    gamma: number,
    beta: number,
    y: number,
    mean: number,
    variance: number,
    epsilon: number,
  ): void;
  batchNormGrad(
    heap: ArrayBuffer,
    dims: Int32Array,
    x: number,
    dy: number,
    gamma: number,
    mean: number,
    variance: number,
    dx: number,
    dGamma: number,
    dBeta: number,
    epsilon: number,
  ): void;
  relu(heap: ArrayBuffer, count: number, x: number, y: number): void;
  reluGrad(heap: ArrayBuffer, count: number, x: number, dy: number, dx: number): void;
  /** op 0: out = a + b; op 1: out = a · b (same shapes). */
  binary(heap: ArrayBuffer, op: 0 | 1, count: number, a: number, b: number, out: number): void;
}

/** The addon, or why it is unavailable (the first line of the loader's error). */
export type OnednnLoad =
  { loaded: true; addon: OnednnAddon; path: string } | { loaded: false; reason: string };

const FILE = 'npas_onednn.node';

/**
 * Candidate paths, in order: NPAS_ONEDNN_ADDON, then the build and the platform's prebuild under
 * the checkout (walking up from this module) and under a packaged app's resources folder.
 */
export function onednnCandidates(
  env: NodeJS.ProcessEnv = process.env,
  resourcesPath: string | undefined = process.resourcesPath,
): string[] {
  if (env.NPAS_ONEDNN_ADDON !== undefined) return [resolve(env.NPAS_ONEDNN_ADDON)];
  const roots = new Set<string>();
  // Walk up from this module (src-main/engine/backend or out/main) to the folder holding native/.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++, dir = dirname(dir)) roots.add(dir);
  if (typeof resourcesPath === 'string') roots.add(resourcesPath);
  const platform = `${process.platform}-${process.arch}`;
  return [...roots].flatMap((root) => [
    join(root, 'native', 'onednn', 'build', 'Release', FILE),
    join(root, 'native', 'onednn', 'prebuilds', platform, FILE),
  ]);
}

/**
 * Threads for the addon's kernels: NPAS_THREADS (a positive integer) or every core. Invalid
 * values are a ConfigError naming them.
 */
export function onednnThreads(env: NodeJS.ProcessEnv = process.env): number {
  const value = env.NPAS_THREADS?.trim();
  if (!value) return availableParallelism();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1024) {
    throw new ConfigError(`NPAS_THREADS must be an integer from 1 to 1024, got '${value}'`);
  }
  return n;
}

/**
 * Loads the addon (Node's module cache makes repeated loads cheap); never throws. NPAS_ONEDNN=0
 * turns it off.
 */
export function loadOnednn(env: NodeJS.ProcessEnv = process.env): OnednnLoad {
  if (env.NPAS_ONEDNN === '0') return { loaded: false, reason: 'turned off by NPAS_ONEDNN=0' };
  const path = onednnCandidates(env).find((p) => existsSync(p));
  if (path === undefined) {
    return {
      loaded: false,
      reason:
        'the oneDNN addon was not built (npm install builds it where g++ and libdnnl-dev are ' +
        'present: apt-get install libdnnl-dev, then npm run build:onednn)',
    };
  }
  try {
    const addon = createRequire(import.meta.url)(path) as OnednnAddon;
    addon.info();
    return { loaded: true, addon, path };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      loaded: false,
      reason: `the oneDNN addon at ${path} did not load: ${message.split('\n')[0]}`,
    };
  }
}
