// The backend ladder (ARCHITECTURE.md "engine/backend", docs/compute.md): picks the fastest
// usable backend in the order node-gpu, webgpu, node, wasm, cpu, or the one the caller forces
// (e.g. from NPAS_BACKEND), initialises it, and reports why for `npas doctor` and the run's
// environment. `auto` takes webgpu only on a hardware adapter.
import { createRequire } from 'node:module';
import { version_cpu } from '@tensorflow/tfjs-backend-cpu';
import { version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { BackendError, ConfigError } from '../../contract/errors';
import { tf } from '../tf';
import { loadNative, loadedNativePackage } from './loadNative';
import { loadOnednn, onednnThreads } from './onednnAddon';
import { installOnednnKernels, onednnKernelsInstalled, removeOnednnKernels } from './onednnKernels';
import { probeBackends } from './probeBackends';
import {
  BACKEND_NAMES,
  TFJS_BACKEND,
  isBackendName,
  type BackendName,
  type BackendProbe,
  type BackendReport,
} from './types';
import { configureWasm } from './wasmSetup';
import { WebGpuError } from './webgpuErrors';
import { registerWebGpuBackend, webgpuDeviceLost } from './webgpuSetup';

export { probeBackends } from './probeBackends';
export { BACKEND_NAMES, type BackendName, type BackendProbe, type BackendReport } from './types';

export type BackendChoice = BackendName | 'auto';

const CHOICES: readonly string[] = ['auto', ...BACKEND_NAMES];

/** Checks a user-supplied backend name; throws ConfigError listing the valid ones. */
export function parseBackendChoice(value: string, source = 'backend'): BackendChoice {
  if (value === 'auto' || isBackendName(value)) return value;
  throw new ConfigError(`unknown ${source} '${value}'; valid values are ${CHOICES.join(', ')}`);
}

/** The choice NPAS_BACKEND asks for ('auto' when unset or empty). */
export function backendFromEnv(env: NodeJS.ProcessEnv = process.env): BackendChoice {
  const value = env.NPAS_BACKEND?.trim();
  return value ? parseBackendChoice(value, 'NPAS_BACKEND value') : 'auto';
}

/** What initBackend last set up, and under which NPAS_WEBGPU_ADAPTER (another name re-probes). */
let current: { choice: BackendChoice; report: BackendReport; adapter: string } | null = null;

/** The report of the backend initBackend last set up in this thread, or null. */
export function currentBackendReport(): BackendReport | null {
  return current?.report ?? null;
}

/**
 * Initialises `choice` ('auto': the first rung that is available and initialises) and makes it
 * tfjs' active backend. Forcing an unavailable backend throws BackendError saying why; an unknown
 * name throws ConfigError. Calling again with the same choice returns the same report.
 */
export async function initBackend(choice: BackendChoice | string = 'auto'): Promise<BackendReport> {
  const parsed = parseBackendChoice(choice);
  const adapter = process.env.NPAS_WEBGPU_ADAPTER ?? '';
  const alive = current?.report.name !== 'webgpu' || webgpuDeviceLost() === null;
  const same = current?.choice === parsed && current.adapter === adapter;
  if (same && tf.getBackend() === current?.report.tfjsBackend && alive) return current.report;
  const probes = await probeBackends(parsed === 'auto' ? undefined : parsed);
  const report =
    parsed === 'auto' ? await initFirstAvailable(probes) : await initForced(parsed, probes);
  current = { choice: parsed, report, adapter };
  return report;
}

async function initForced(name: BackendName, probes: BackendProbe[]): Promise<BackendReport> {
  const probe = probes.find((p) => p.name === name) as BackendProbe;
  if (!probe.available) {
    const usable = probes.filter((p) => p.available).map((p) => p.name);
    const message =
      `backend '${name}' is unavailable: ${probe.reason}` +
      (usable.length ? `; available here: ${usable.join(', ')}` : '');
    if (probe.failure) throw new WebGpuError(probe.failure, message);
    throw new BackendError(message);
  }
  // The webgpu rung's own typed errors (device request refused, ...) reach the caller as they are.
  if (name === 'webgpu') await registerWebGpuBackend();
  const failure = await activate(name);
  if (failure) throw new BackendError(`backend '${name}' failed to initialise: ${failure}`);
  return makeReport(name, `requested explicitly (${probe.reason})`, probes);
}

async function initFirstAvailable(probes: BackendProbe[]): Promise<BackendReport> {
  const skipped: string[] = [];
  for (const probe of probes) {
    if (!probe.available) {
      skipped.push(`${probe.name} unavailable`);
      continue;
    }
    if (probe.forcedOnly) {
      skipped.push(`${probe.name} skipped (${probe.reason})`);
      continue;
    }
    const failure = await activate(probe.name);
    if (failure === null) {
      const before = skipped.length ? `${skipped.join(', ')}; ` : '';
      return makeReport(
        probe.name,
        `auto: ${before}${probe.name} is the first usable rung (${probe.reason})`,
        probes,
      );
    }
    skipped.push(`${probe.name} failed to initialise (${failure})`);
  }
  throw new BackendError(`no backend could be initialised: ${skipped.join('; ')}`);
}

/** Makes `name` the active tfjs backend; returns why it failed, or null. */
async function activate(name: BackendName): Promise<string | null> {
  if (name === 'wasm' || name === 'onednn') {
    configureWasm();
    try {
      selectConvKernels(name);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }
  if (name === 'webgpu') {
    try {
      await registerWebGpuBackend();
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }
  const tfjsName = TFJS_BACKEND[name];
  if (tf.getBackend() === tfjsName && (name !== 'webgpu' || webgpuDeviceLost() === null)) {
    return null;
  }
  const ok = await tf.setBackend(tfjsName);
  return ok ? null : `tf.setBackend('${tfjsName}') returned false`;
}

/** The oneDNN rung and plain wasm share tfjs' 'wasm' backend; they differ in its kernels. */
function selectConvKernels(name: 'wasm' | 'onednn'): void {
  removeOnednnKernels();
  if (name === 'wasm') return;
  const load = loadOnednn();
  if (!load.loaded) throw new BackendError(`backend 'onednn' is unavailable: ${load.reason}`);
  load.addon.setThreads(onednnThreads());
  installOnednnKernels(load.addon);
}

async function makeReport(
  name: BackendName,
  why: string,
  probes: BackendProbe[],
): Promise<BackendReport> {
  const probe = probes.find((p) => p.name === name) as BackendProbe;
  return {
    name,
    tfjsBackend: TFJS_BACKEND[name],
    device: probe.device,
    why,
    probes,
    versions: await collectVersions(),
  };
}

async function collectVersions(): Promise<Record<string, string>> {
  const versions: Record<string, string> = {
    'tfjs-core': tf.version_core,
    'tfjs-backend-cpu': version_cpu,
    'tfjs-backend-wasm': version_wasm,
  };
  if (tf.getBackend() === 'webgpu') {
    // The package exports no version constant; its package.json is the source of truth.
    const require = createRequire(import.meta.url);
    for (const pkg of ['@tensorflow/tfjs-backend-webgpu', 'webgpu']) {
      versions[pkg.replace('@tensorflow/', '')] = (
        require(`${pkg}/package.json`) as { version: string }
      ).version;
    }
  }
  const onednn = loadOnednn();
  if (onednnKernelsInstalled() && onednn.loaded) versions.onednn = onednn.addon.info().version;
  const native = loadedNativePackage();
  if (native) {
    const load = await loadNative(native);
    if (load.version) versions[native.replace('@tensorflow/', '')] = load.version;
  }
  return versions;
}

/** Text for `npas doctor`: one line per backend, then the one in use and why. */
export function describeBackendReport(report: BackendReport): string {
  const width = Math.max(...report.probes.map((p) => p.name.length));
  const lines = report.probes.map((p) => {
    const mark = p.name === report.name ? '*' : ' ';
    const state = p.available ? 'available  ' : 'unavailable';
    return `${mark} ${p.name.padEnd(width)}  ${state}  ${p.reason}`;
  });
  const adapter = report.probes.find((p) => p.adapter)?.adapter;
  if (adapter) {
    lines.push(
      `webgpu adapter: vendor '${adapter.vendor}', architecture '${adapter.architecture}', ` +
        `description '${adapter.description}', fallback ${adapter.fallback}, ` +
        `software ${adapter.software}, maxBufferSize ${adapter.maxBufferSize} bytes`,
    );
  }
  lines.push(
    `using ${report.name} (tfjs backend '${report.tfjsBackend}', ${report.device}): ${report.why}`,
  );
  const versions = Object.entries(report.versions).map(([k, v]) => `${k} ${v}`);
  lines.push(`versions: ${versions.join(', ')}`);
  return lines.join('\n');
}
