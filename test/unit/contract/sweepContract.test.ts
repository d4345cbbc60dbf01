// The sweep contract's edge schemas: what the Sweeps view and the CLI send is accepted, and a
// Slurm option that would add a line to the batch script is refused before any service runs.
import { describe, expect, it } from 'vitest';
import { APP_API_ARGS } from '../../../src-main/contract/appApi';
import { formatIssues } from '../../../src-main/contract/config';

describe('the sweep contract', () => {
  it('accepts a grid spec with Slurm options and fills the base config defaults', () => {
    const [spec] = APP_API_ARGS.submitSweep.parse([
      {
        base: { arch: 'mlp' },
        grid: [
          { key: 'method', values: ['ssn', 'superweights'] },
          { key: 'budget', values: ['5%', 2000] },
        ],
        executor: 'slurm',
        slurm: { partition: 'gpu', gres: 'gpu:1', cpus: 4, extra: ['--account=lab'] },
      },
    ]);
    expect(spec.base.training.epochs).toBe(3);
    expect(spec.grid[1]?.values).toEqual(['5%', 2000]);
    expect(spec.slurm?.extra).toEqual(['--account=lab']);
  });

  it('refuses a Slurm option holding a newline (it would inject a script line)', () => {
    const result = APP_API_ARGS.previewSweep.safeParse([
      { base: {}, grid: [], executor: 'slurm', slurm: { partition: 'gpu\nrm -rf /' } },
    ]);
    expect(result.success).toBe(false);
    if (!result.success) expect(formatIssues(result.error.issues)).toMatch(/one line/);
  });

  it('refuses an unknown executor and a negative cell index', () => {
    expect(
      APP_API_ARGS.submitSweep.safeParse([{ base: {}, grid: [], executor: 'pbs' }]).success,
    ).toBe(false);
    expect(APP_API_ARGS.cancelSweepCells.safeParse(['S1', [-1]]).success).toBe(false);
    expect(APP_API_ARGS.cancelSweepCells.parse(['S1'])).toEqual(['S1']);
  });
});
