import { describe, expect, it } from 'vitest';
import { tf } from '../../../../src-main/engine/tf';
import {
  backendFromEnv,
  describeBackendReport,
  initBackend,
  parseBackendChoice,
  probeBackends,
} from '../../../../src-main/engine/backend/ladder';
import { describeLoadError } from '../../../../src-main/engine/backend/loadNative';
import { loadOnednn } from '../../../../src-main/engine/backend/onednnAddon';
import { BackendError, ConfigError } from '../../../../src-main/contract/errors';

// The oneDNN rung is available where its addon was built (CI builds it: .ci/run).
const onednnBuilt = loadOnednn().loaded;

const MISSING_GPU =
  "Cannot find module '@tensorflow/tfjs-node-gpu' (optional dependency not installed";

describe('backend ladder', () => {
  it('probes all six rungs in ladder order; here neither tfjs-node rung is available', async () => {
    const probes = await probeBackends();
    expect(probes.map((p) => p.name)).toEqual([
      'node-gpu',
      'webgpu',
      'node',
      'onednn',
      'wasm',
      'cpu',
    ]);
    const [gpu, , node, onednn, wasm, cpu] = probes;
    expect([gpu, node, onednn, wasm, cpu].map((p) => p.available)).toEqual([
      false,
      false,
      onednnBuilt,
      true,
      true,
    ]);
    expect(gpu.reason).toContain(MISSING_GPU);
    expect(gpu.device).toBe('gpu');
    expect(node.reason).toContain("Cannot find module '@tensorflow/tfjs-node'");
    expect(wasm.reason).toBe('wasm SIMD, 1 thread');
    expect(cpu.reason).toBe('pure JavaScript, 1 thread');
  });

  it('initialises cpu when forced, and again cheaply with the same report', async () => {
    const report = await initBackend('cpu');
    expect(report).toMatchObject({ name: 'cpu', tfjsBackend: 'cpu', device: 'cpu' });
    expect(tf.getBackend()).toBe('cpu');
    expect(report.versions['tfjs-core']).toBe('4.22.0');
    expect(await initBackend('cpu')).toBe(report);
  });

  it('initialises wasm with the training kernels registered', async () => {
    const report = await initBackend('wasm');
    expect(report).toMatchObject({ name: 'wasm', tfjsBackend: 'wasm', device: 'cpu' });
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    expect(report.versions['tfjs-backend-wasm']).toBe('4.22.0');
  });

  it("picks onednn (or wasm without the addon) on 'auto' here: no tfjs-node, and webgpu has at most a software adapter", async () => {
    const report = await initBackend('auto');
    expect(report.name).toBe(onednnBuilt ? 'onednn' : 'wasm');
    expect(report.why).toMatch(
      onednnBuilt
        ? /^auto: node-gpu unavailable, webgpu (unavailable|skipped \(software adapter .*\)), node unavailable; onednn is the first usable rung/
        : /^auto: node-gpu unavailable, webgpu (unavailable|skipped \(software adapter .*\)), node unavailable, onednn unavailable; wasm is the first usable rung/,
    );
  });

  it('throws a BackendError naming node-gpu and why when it is forced here', async () => {
    const error = await initBackend('node-gpu').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as Error).message).toContain("backend 'node-gpu' is unavailable");
    expect((error as Error).message).toContain(MISSING_GPU);
    expect((error as Error).message).toMatch(/available here: (webgpu, )?(onednn, )?wasm, cpu$/);
  });

  it('throws a ConfigError listing the valid names for an unknown backend', async () => {
    const error = await initBackend('tpu').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      "unknown backend 'tpu'; valid values are auto, node-gpu, webgpu, node, onednn, wasm, cpu",
    );
    expect(() => parseBackendChoice('webgl')).toThrow(ConfigError);
  });

  it('reads NPAS_BACKEND, defaulting to auto and rejecting unknown values', () => {
    expect(backendFromEnv({})).toBe('auto');
    expect(backendFromEnv({ NPAS_BACKEND: '' })).toBe('auto');
    expect(backendFromEnv({ NPAS_BACKEND: 'wasm' })).toBe('wasm');
    expect(() => backendFromEnv({ NPAS_BACKEND: 'gpu' })).toThrow(/NPAS_BACKEND value 'gpu'/);
  });

  it('describes a report with one line per backend and marks the one in use', async () => {
    const text = describeBackendReport(await initBackend('wasm'));
    // Six rung lines, the adapter line where WebGPU found one, then 'using' and 'versions'.
    const lines = text.split('\n').filter((l) => !l.startsWith('webgpu adapter: '));
    expect(lines).toHaveLength(8);
    expect(lines[0]).toMatch(/^ {2}node-gpu {2}unavailable {2}Cannot find module/);
    expect(lines[1]).toMatch(/^ {2}webgpu {4}(un)?available/);
    expect(lines[3]).toMatch(/^ {2}onednn {4}(un)?available/);
    expect(lines[4]).toBe('* wasm      available    wasm SIMD, 1 thread');
    expect(lines[6]).toMatch(/^using wasm \(tfjs backend 'wasm', cpu\): requested explicitly/);
    expect(lines[7]).toContain('tfjs-core 4.22.0');
  });

  it('words load failures: a missing package as an optional dependency, others verbatim', () => {
    const missing = Object.assign(
      new Error("Cannot find package '@tensorflow/tfjs-node' imported from x"),
      {
        code: 'ERR_MODULE_NOT_FOUND',
      },
    );
    expect(describeLoadError('@tensorflow/tfjs-node', missing)).toBe(
      "Cannot find module '@tensorflow/tfjs-node' (optional dependency not installed; its install downloads libtensorflow)",
    );
    const broken = new Error('libtensorflow.so.2: cannot open shared object file\nmore');
    expect(describeLoadError('@tensorflow/tfjs-node-gpu', broken)).toBe(
      'failed to load @tensorflow/tfjs-node-gpu: libtensorflow.so.2: cannot open shared object file',
    );
  });
});
