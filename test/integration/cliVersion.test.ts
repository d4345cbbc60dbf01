// `npas --version` and `npas doctor` carry what a bug report needs (issue #15): the product
// version, the checkout's commit, Node, and the TensorFlow.js and backend package versions.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkoutCommit, versionInfo } from '../../src-main/cli/versionInfo';
import packageJson from '../../package.json' with { type: 'json' };

function npas(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/npas.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NPAS_BACKEND: '' },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const commit = execFileSync('git', ['describe', '--always', '--dirty'], {
  encoding: 'utf8',
}).trim();
const tfjsCore = packageJson.dependencies['@tensorflow/tfjs-core'];

describe('npas --version and npas doctor', () => {
  it('prints the product version, commit, Node and tfjs versions with --version', () => {
    const { code, stdout } = npas('--version');
    expect(code).toBe(0);
    expect(stdout).toContain(`NPAS Studio ${packageJson.version} (commit ${commit})`);
    expect(stdout).toContain(`node ${process.version}`);
    expect(stdout).toContain(`tfjs-core ${tfjsCore}`);
    expect(stdout).toContain(`tfjs-backend-wasm ${tfjsCore}`);
    expect(stdout).toMatch(/tfjs-node (not installed|\d)/);
  });

  it('prints the same versions as JSON with --version --json', () => {
    const { code, stdout } = npas('--version', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      product: 'NPAS Studio',
      version: packageJson.version,
      commit,
      node: process.version,
      tfjs: { '@tensorflow/tfjs-core': tfjsCore, '@tensorflow/tfjs-backend-cpu': tfjsCore },
    });
  });

  it('heads the doctor report with the versions, in text and JSON', () => {
    const text = npas('doctor');
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[0]).toBe(
      `NPAS Studio ${packageJson.version} (commit ${commit})`,
    );
    expect(text.stdout).toContain(`node ${process.version}`);
    const json = JSON.parse(npas('doctor', '--json').stdout);
    expect(json.npas).toMatchObject({
      version: packageJson.version,
      commit,
      node: process.version,
    });
    expect(json.name).toBeTruthy(); // the backend report's own fields stay where they were
  });

  it('reports no commit outside a git checkout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'npas-version-'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x', version: '9.9.9' }));
    expect(checkoutCommit(dir)).toBeNull();
    expect(versionInfo(dir)).toMatchObject({ product: 'x', version: '9.9.9', commit: null });
    expect(versionInfo(dir).tfjs['@tensorflow/tfjs-core']).toBeNull();
  });
});
