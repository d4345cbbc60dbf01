// `npas sweep` on the local executor as a user runs it (issue #14, items 1-2): the grid runs on
// the data folder's queue in the foreground, the sweep and its runs are recorded, `status`
// prints the grid, and `resubmit` with nothing failed says so (exit code 2).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = mkdtempSync(join(tmpdir(), 'npas-cli-sweep-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function npas(args: string[]) {
  const result = spawnSync(process.execPath, ['bin/npas.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NPAS_BACKEND: '', NPAS_DATA_DIR: join(root, 'data') },
    input: '',
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npas sweep --executor local', () => {
  it('runs the grid on the queue, records it, and shows it with status', () => {
    const run = npas([
      'sweep',
      '--arch',
      'cnn',
      '--method',
      'ssn',
      '--budget',
      '25%',
      '--epochs',
      '1',
      '--max-steps',
      '3',
      '--batch-size',
      '32',
      '--lr',
      '0.05',
      '--backend',
      'wasm',
      '--grid',
      'seed=0,1',
      '--name',
      'cli grid',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.filter((line) => line.type === 'cell').map((line) => line.status)).toEqual([
      'completed',
      'completed',
    ]);
    const sweep = lines.find((line) => line.type === 'sweep');
    expect(sweep).toMatchObject({ name: 'cli grid', executor: 'local', cellCount: 2 });
    expect(sweep.counts.completed).toBe(2);

    const status = npas(['sweep', 'status', sweep.id]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/"cli grid" \(local\): 2 cells, 2 completed/);
    expect(status.stdout).toMatch(/^1 +1 +completed/m);

    const list = npas(['runs', 'list', '--json']);
    expect(JSON.parse(list.stdout).total).toBe(2);

    const resubmit = npas(['sweep', 'resubmit', sweep.id]);
    expect(resubmit.code).toBe(2);
    expect(resubmit.stderr).toMatch(/has no failed, cancelled or timed-out cell/);
  }, 150_000);
});
