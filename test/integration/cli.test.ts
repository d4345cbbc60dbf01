// The `npas` command as a user runs it: a real child process through bin/npas.js, checking exit
// codes, one-line errors and the JSON outputs.
import { loadOnednn } from '../../src-main/engine/backend/onednnAddon';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function npas(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/npas.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NPAS_BACKEND: '' },
    timeout: 180_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npas command line', () => {
  it('inspects WRN-28-10 with the reference unshared count, as JSON', () => {
    const { code, stdout } = npas(
      'inspect',
      '--arch',
      'wrn-28-10',
      '--classes',
      '100',
      '--input',
      '32x32x3',
      '--json',
    );
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.unsharedParams).toBe(36_536_884);
    expect(report.budgetParams).toBe(36_536_884);
    expect(report.trainableParams).toBe(36_536_884);
    expect(report.accounting.layers).toHaveLength(29);
    expect(report.accounting.layers[1]).toMatchObject({
      id: 1,
      shape: [160, 16, 3, 3],
      params: 23_040,
    });
  });

  it('reports every backend and picks onednn here (wasm without the addon), where tfjs-node cannot be installed', () => {
    const { code, stdout } = npas('doctor', '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.name).toBe(loadOnednn().loaded ? 'onednn' : 'wasm');
    const names = report.probes.map((p: { name: string }) => p.name);
    expect(names).toEqual(['node-gpu', 'webgpu', 'node', 'onednn', 'wasm', 'cpu']);
    const gpu = report.probes.find((p: { name: string }) => p.name === 'node-gpu');
    expect(gpu.available).toBe(false);
    expect(gpu.reason.length).toBeGreaterThan(10);
  });

  it('trains the quickstart preset briefly and ends with a JSON result', () => {
    const { code, stdout } = npas(
      'train',
      '--preset',
      'quickstart',
      '--epochs',
      '1',
      '--max-steps',
      '5',
      '--json',
    );
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.filter((e) => e.type === 'step')).toHaveLength(5);
    const result = lines.at(-1);
    expect(result).toMatchObject({ type: 'result', status: 'completed', arch: 'cnn', epochs: 1 });
    expect(result.last.test.count).toBe(1000);
  });

  it('fails with exit code 2 and a one-line reason on bad input', () => {
    const depth = npas('inspect', '--arch', 'wrn-27-10');
    expect(depth.code).toBe(2);
    expect(depth.stderr.trim().split('\n')).toHaveLength(1);
    expect(depth.stderr).toMatch(/27/);

    const missing = npas('train', '--dataset', '/no/such/folder', '--epochs', '1');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/\/no\/such\/folder/);

    const unknown = npas('launch');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "launch"/);
  });

  it('benchmarks training throughput as JSON', () => {
    const { code, stdout } = npas(
      'bench',
      '--arch',
      'mlp',
      '--batch-size',
      '32',
      '--runs',
      '2',
      '--backend',
      'wasm',
      '--json',
    );
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ arch: 'mlp', backend: 'wasm', batchSize: 32 });
    expect(report.runs).toHaveLength(2);
    expect(report.imagesPerSecond).toBeGreaterThan(0);
  });
});
