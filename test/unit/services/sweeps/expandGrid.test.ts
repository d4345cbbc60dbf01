// Grid expansion (issue #14, item 1 and "bad input"): the cartesian product in a stated order,
// each cell a validated run config; unknown keys, empty value lists and one bad cell are typed
// errors naming the key or the cell.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src-main/contract/errors';
import {
  EmptyGridAxisError,
  SweepCellError,
  UnknownGridKeyError,
  type SweepSpec,
} from '../../../../src-main/contract/sweep';
import { expandGrid } from '../../../../src-main/services/sweeps';

const base = { arch: 'mlp', method: 'ssn' as const, budget: '10%' };

describe('expandGrid', () => {
  it('varies the first axis slowest, names each cell and turns command-line numbers into numbers', async () => {
    const cells = await expandGrid({
      name: 'study',
      base,
      grid: [
        { key: 'budget', values: ['10%', '25%'] },
        { key: 'seed', values: ['0', '1'] },
        { key: 'training.lr', values: ['0.05'] },
      ],
    });
    expect(cells.map((cell) => cell.label)).toEqual([
      'budget=10% seed=0 training.lr=0.05',
      'budget=10% seed=1 training.lr=0.05',
      'budget=25% seed=0 training.lr=0.05',
      'budget=25% seed=1 training.lr=0.05',
    ]);
    expect(cells.map((cell) => cell.index)).toEqual([0, 1, 2, 3]);
    expect(cells[3]!.config).toMatchObject({ budget: '25%', seed: 1, name: expect.any(String) });
    expect(cells[3]!.config.training.lr).toBe(0.05);
    expect(cells[3]!.name).toBe('study · budget=25% seed=1 training.lr=0.05');
    // Fields the grid does not vary keep the base config's values and defaults.
    expect(cells[0]!.config.training.epochs).toBe(3);
  });

  it('turns a budget given as digits into a parameter count', async () => {
    const cells = await expandGrid({ base, grid: [{ key: 'budget', values: ['60000'] }] });
    expect(cells[0]!.config.budget).toBe(60000);
  });

  it('gives unshared cells no budget (one run per seed, whatever the budget axis says)', async () => {
    const cells = await expandGrid({
      base,
      grid: [{ key: 'method', values: ['unshared', 'ssn'] }],
    });
    expect(cells[0]!.config.budget).toBeUndefined();
    expect(cells[1]!.config.budget).toBe('10%');
  });

  it('refuses a key the grid cannot vary, naming it and the keys it can', async () => {
    const error = await expandGrid({ base, grid: [{ key: 'optimizer', values: ['adam'] }] }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnknownGridKeyError);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as UnknownGridKeyError).key).toBe('optimizer');
    expect((error as Error).message).toMatch(/unknown grid key "optimizer".*method, budget, seed/);
  });

  it('refuses an empty value list, naming its key', async () => {
    const error = await expandGrid({
      base,
      grid: [
        { key: 'seed', values: [0] },
        { key: 'budget', values: [] },
      ],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmptyGridAxisError);
    expect((error as Error).message).toMatch(/grid key "budget" has an empty value list/);
  });

  it('refuses a key given twice', async () => {
    await expect(
      expandGrid({
        base,
        grid: [
          { key: 'seed', values: [0] },
          { key: 'seed', values: [1] },
        ],
      }),
    ).rejects.toThrow(/grid key "seed" is given twice/);
  });

  it('refuses the whole sweep when one cell is invalid, naming the cell and why', async () => {
    const spec: SweepSpec = {
      base,
      grid: [{ key: 'budget', values: ['10%', 5, '25%'] }],
    };
    const error = await expandGrid(spec).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SweepCellError);
    expect((error as SweepCellError).cell).toBe(1);
    expect((error as Error).message).toMatch(
      /^sweep cell 1 \(budget=5\) is invalid, nothing was submitted: budget too small/,
    );
  });

  it('refuses a cell whose value the config schema rejects, naming the field', async () => {
    await expect(
      expandGrid({ base, grid: [{ key: 'method', values: ['ssn', 'pruning'] }] }),
    ).rejects.toThrow(/sweep cell 1 \(method=pruning\) is invalid.*method/);
  });

  it('checks each cell with the config the caller prepares (e.g. its dataset shape)', async () => {
    const seen: string[] = [];
    await expandGrid(
      { base, grid: [{ key: 'seed', values: [0, 1] }] },
      {
        checkConfig: (config) => {
          seen.push(`${config.seed}`);
          return { ...config, input: '28x28x1', classes: 10 };
        },
      },
    );
    expect(seen).toEqual(['0', '1']);
  });

  it('refuses a grid of more than 500 cells before validating any', async () => {
    const many = Array.from({ length: 30 }, (_, i) => i);
    await expect(
      expandGrid({
        base,
        grid: [
          { key: 'seed', values: many },
          { key: 'training.epochs', values: many.map((i) => i + 1) },
        ],
      }),
    ).rejects.toThrow(/the grid expands to 900 cells; the limit is 500/);
  });
});
