// `npas sweep` flags (issue #14, item 1): --grid axes, Slurm options and --dry-run, which
// prints the validated cells and the batch script and records nothing; bad grids exit 2 with
// one line naming the key or the cell.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../../helpers/cliInProcess';

const root = mkdtempSync(join(tmpdir(), 'npas-sweep-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function npas(args: string[]) {
  return runCliInProcess(args);
}

describe('npas sweep', () => {
  it('prints the cells and the job-array script on --dry-run, recording nothing', async () => {
    const dataDir = join(root, 'data');
    const { code, stdout } = await npas([
      'sweep',
      '--arch',
      'mlp',
      '--method',
      'ssn',
      '--grid',
      'budget=10%,25%',
      '--grid',
      'seed=0,1',
      '--executor',
      'slurm',
      '--slurm-partition',
      'gpu',
      '--slurm-time',
      '00:30:00',
      '--slurm-gres',
      'gpu:1',
      '--slurm-cpus',
      '4',
      '--slurm-mem',
      '8G',
      '--slurm-extra=--account=lab',
      '--slurm-extra=--qos=short',
      '--shared-dir',
      join(root, 'shared'),
      '--data-dir',
      dataDir,
      '--dry-run',
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/sweep "sweep" \(slurm\): 4 cells/);
    expect(stdout).toMatch(/ 3 {2}budget=25% seed=1/);
    for (const line of [
      '#SBATCH --array=0-3',
      '#SBATCH --partition=gpu',
      '#SBATCH --time=00:30:00',
      '#SBATCH --gres=gpu:1',
      '#SBATCH --cpus-per-task=4',
      '#SBATCH --mem=8G',
      '#SBATCH --account=lab',
      '#SBATCH --qos=short',
    ]) {
      expect(stdout).toContain(line);
    }
    expect(stdout).toContain('dry run: nothing was recorded or submitted');
    expect(existsSync(dataDir)).toBe(false);
    expect(existsSync(join(root, 'shared'))).toBe(false);
  });

  it('reads a sweep file with its grid as an object', async () => {
    const file = join(root, 'sweep.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'from a file',
        base: { arch: 'mlp', budget: '10%' },
        grid: { method: ['ssn', 'unshared'], seed: [0] },
      }),
    );
    const { code, stdout } = await npas(['sweep', '--file', file, '--dry-run', '--json']);
    expect(code).toBe(0);
    const preview = JSON.parse(stdout);
    expect(preview.name).toBe('from a file');
    expect(preview.cells.map((cell: { label: string }) => cell.label)).toEqual([
      'method=ssn seed=0',
      'method=unshared seed=0',
    ]);
    expect(preview.script).toBeNull();
  });

  it('exits 2 naming what is wrong: a --grid without "=", an unknown key, an empty list, a bad cell', async () => {
    const cases: [string[], RegExp][] = [
      [['--grid', 'seed'], /--grid seed: expected KEY=V1,V2/],
      [['--grid', 'momentum=0.9'], /unknown grid key "momentum"/],
      [['--grid', 'seed='], /grid key "seed" has an empty value list/],
      [
        ['--method', 'ssn', '--grid', 'budget=10%,3'],
        /sweep cell 1 \(budget=3\) is invalid, nothing was submitted/,
      ],
      [[], /a sweep needs at least one --grid/],
      [['--executor', 'pbs', '--grid', 'seed=0'], /executor/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await npas(['sweep', '--arch', 'mlp', ...args, '--dry-run']);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(message);
    }
    const status = await npas(['sweep', 'status']);
    expect(status.code).toBe(2);
    expect(status.stderr).toMatch(/npas sweep status needs one sweep id/);
  });
});
