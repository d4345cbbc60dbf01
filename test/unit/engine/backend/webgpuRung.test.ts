// The webgpu rung of the ladder (issue 10): adapter choice and description, `auto` never taking
// a software adapter, and the typed errors for a missing Dawn and a missing adapter.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BackendError } from '../../../../src-main/contract/errors';
import {
  describeBackendReport,
  initBackend,
  probeBackends,
} from '../../../../src-main/engine/backend/ladder';
import {
  adapterSummary,
  dawnFlags,
  describeAdapterInfo,
  findWebGpuAdapter,
  loadDawn,
  type GpuAdapterLike,
} from '../../../../src-main/engine/backend/webgpuAdapter';
import { WebGpuError } from '../../../../src-main/engine/backend/webgpuErrors';
import { probeWebGpuAdapter } from '../../../../src-main/engine/backend/webgpuProbe';
import { tf } from '../../../../src-main/engine/tf';
import { skipWebGpu } from './webgpuHere';

function fakeAdapter(info: Record<string, unknown>, maxBufferSize = 2 ** 30): GpuAdapterLike {
  return {
    info,
    features: { has: () => false },
    limits: { maxBufferSize },
    requestDevice: () => Promise.reject(new Error('not in this test')),
  };
}

describe('webgpu adapters', () => {
  it('tells software adapters (fallback, lavapipe, llvmpipe, SwiftShader) from GPUs', () => {
    const gpu = describeAdapterInfo(
      fakeAdapter({
        vendor: 'nvidia',
        architecture: 'ada',
        description: 'NVIDIA GeForce RTX 4090',
      }),
    );
    expect(gpu).toMatchObject({ software: false, fallback: false, maxBufferSize: 2 ** 30 });
    for (const info of [
      { vendor: 'mesa', architecture: 'software', description: 'llvmpipe: Mesa 25.0.7' },
      { vendor: 'mesa', description: 'lavapipe' },
      { vendor: 'google', description: 'SwiftShader Device (Subzero)' },
      { vendor: 'intel', description: 'Intel UHD 630', isFallbackAdapter: true },
    ]) {
      expect(describeAdapterInfo(fakeAdapter(info)).software, info.description).toBe(true);
    }
    expect(adapterSummary(gpu)).toBe(
      'NVIDIA GeForce RTX 4090 (vendor nvidia, architecture ada, hardware, fallback no, largest buffer 1024 MiB)',
    );
  });

  it('passes NPAS_WEBGPU_ADAPTER to Dawn as its adapter flag', () => {
    expect(dawnFlags(' RTX 4090 ')).toEqual(['adapter=RTX 4090']);
    expect(dawnFlags('')).toEqual([]);
    expect(dawnFlags(undefined)).toEqual([]);
  });

  it('throws WebGpuError no-adapter when Dawn finds no adapter at all', async () => {
    const dawn = { create: () => ({ requestAdapter: async () => null }), globals: {} };
    const error = await findWebGpuAdapter(dawn, undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebGpuError);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as WebGpuError).reason).toBe('no-adapter');
    expect((error as Error).message).toMatch(/^no WebGPU adapter: Dawn found no Vulkan, Metal/);
  });

  it('throws WebGpuError dawn-unloadable when dawn.node is missing or not a loadable library', async () => {
    const nowhere: string = '/nonexistent/webgpu/index.js';
    const missing = await loadDawn(() => import(nowhere)).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(WebGpuError);
    expect((missing as WebGpuError).reason).toBe('dawn-unloadable');
    expect((missing as Error).message).toMatch(
      /dawn\.node for linux-x64\) is missing or cannot load: Cannot find/,
    );
    // A damaged file where dawn.node should be: the real loader refuses it.
    const broken = join(mkdtempSync(join(tmpdir(), 'npas-dawn-')), 'dawn.node');
    writeFileSync(broken, 'not a shared library');
    const require = createRequire(import.meta.url);
    const unloadable = await loadDawn(async () => require(broken)).catch((e: unknown) => e);
    expect((unloadable as WebGpuError).reason).toBe('dawn-unloadable');
    expect((unloadable as Error).message).toMatch(/cannot load: .*(invalid ELF header|too short)/);
  });
});

describe.skipIf(skipWebGpu)('webgpu rung on this machine’s adapter', () => {
  const saved = process.env.NPAS_WEBGPU_ADAPTER;
  afterEach(() => {
    if (saved === undefined) delete process.env.NPAS_WEBGPU_ADAPTER;
    else process.env.NPAS_WEBGPU_ADAPTER = saved;
  });

  it('probes webgpu second, describing the adapter; auto skips a software one and says why', async () => {
    const probes = await probeBackends();
    expect(probes.map((p) => p.name)).toEqual([
      'node-gpu',
      'webgpu',
      'node',
      'onednn',
      'wasm',
      'cpu',
    ]);
    const webgpu = probes[1];
    expect(webgpu.available).toBe(true);
    expect(webgpu.adapter!.maxBufferSize).toBeGreaterThan(0);
    expect(webgpu.adapter!.description.length).toBeGreaterThan(0);
    const report = await initBackend('auto');
    if (webgpu.adapter!.software) {
      expect(webgpu.forcedOnly).toBe(true);
      expect(report.name).not.toBe('webgpu');
      expect(report.why).toContain('webgpu skipped (software adapter');
    } else {
      expect(report.name).toBe('webgpu');
    }
    const text = describeBackendReport(report);
    expect(text).toMatch(
      /^webgpu adapter: vendor '.*', architecture '.*', description '.+', fallback (true|false), software (true|false), maxBufferSize \d+ bytes$/m,
    );
  });

  it('uses the adapter when forced with webgpu, and reads back asynchronously', async () => {
    const report = await initBackend('webgpu');
    const software = report.probes.find((p) => p.name === 'webgpu')!.adapter!.software;
    // A software adapter (lavapipe in CI) computes on the CPU, and the report says so.
    expect(report).toMatchObject({
      name: 'webgpu',
      tfjsBackend: 'webgpu',
      device: software ? 'cpu' : 'gpu',
    });
    expect(report.why).toMatch(/^requested explicitly/);
    expect(report.versions['tfjs-backend-webgpu']).toBe('4.22.0');
    expect(tf.getBackend()).toBe('webgpu');
    const y = tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]]));
    expect(Array.from(await y.data())).toEqual([11]);
    y.dispose();
  });

  it("probes in a child process: doctor's stderr stays free of Dawn's driver warnings", () => {
    const root = join(import.meta.dirname, '..', '..', '..', '..');
    const result = spawnSync(process.execPath, [join(root, 'bin', 'npas.js'), 'doctor'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^webgpu adapter: vendor /m);
    expect(result.stderr).toBe('');
  });

  it('refuses an NPAS_WEBGPU_ADAPTER that matches no adapter, in the child probe too', async () => {
    const error = await probeWebGpuAdapter('no-such-gpu').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebGpuError);
    expect((error as WebGpuError).reason).toBe('no-adapter');
    expect((error as Error).message).toMatch(
      /NPAS_WEBGPU_ADAPTER 'no-such-gpu'.*Available adapters/,
    );
  });

  it('sets the adapter up again when the chosen adapter name changes (a run from Settings)', async () => {
    await initBackend('webgpu');
    process.env.NPAS_WEBGPU_ADAPTER = 'no-such-gpu';
    // The same choice under another adapter name is not the backend already set up.
    const error = await initBackend('webgpu').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebGpuError);
    expect((error as Error).message).toMatch(/NPAS_WEBGPU_ADAPTER 'no-such-gpu'/);
    delete process.env.NPAS_WEBGPU_ADAPTER;
    expect((await initBackend('webgpu')).name).toBe('webgpu');
  });

  it('throws WebGpuError no-adapter naming NPAS_WEBGPU_ADAPTER when it matches no adapter', async () => {
    process.env.NPAS_WEBGPU_ADAPTER = 'no-such-gpu';
    const error = await findWebGpuAdapter(await loadDawn()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebGpuError);
    expect((error as WebGpuError).reason).toBe('no-adapter');
    expect((error as Error).message).toMatch(
      /NPAS_WEBGPU_ADAPTER 'no-such-gpu'.*Available adapters/,
    );
  });
});
