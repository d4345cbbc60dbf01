// Grid expansion (issue #14, item 1): a sweep spec's axes become the cartesian product of cells
// (the first axis varies slowest), each a full run config validated with the same checks a
// single run gets (parseRunConfig, then the accounting: budgets a method cannot meet, designs
// that cannot be built). One bad cell refuses the whole sweep naming the cell, before anything
// is recorded or submitted; unknown grid keys and empty value lists are refused by name.
import { parseRunConfig, type RunConfig, type RunConfigInput } from '../../contract/config';
import { ConfigError, NpasError } from '../../contract/errors';
import {
  EmptyGridAxisError,
  SWEEP_GRID_KEYS,
  SweepCellError,
  UnknownGridKeyError,
  type SweepAxis,
  type SweepGridKey,
  type SweepGridValue,
  type SweepSpec,
} from '../../contract/sweep';
import { inspectConfig } from '../inspect';

/** Most cells one sweep may have (each is a training run). */
export const MAX_SWEEP_CELLS = 500;

/** One expanded, validated cell. */
export interface GridCell {
  index: number;
  values: Record<string, SweepGridValue>;
  label: string;
  name: string;
  config: RunConfig;
}

export interface ExpandOptions {
  /**
   * The config a cell is checked with (e.g. with the dataset's input shape filled in); the
   * cell keeps its own config. Default: the cell's config as is.
   */
  checkConfig?: (config: RunConfig) => RunConfig | Promise<RunConfig>;
}

const NUMERIC_KEYS: ReadonlySet<SweepGridKey> = new Set([
  'seed',
  'training.lr',
  'training.epochs',
  'training.batchSize',
  'training.weightDecay',
  'training.maxStepsPerEpoch',
]);

function isGridKey(key: string): key is SweepGridKey {
  return (SWEEP_GRID_KEYS as readonly string[]).includes(key);
}

/**
 * A value as the config wants it: numeric keys take numbers ("3" from a command line becomes
 * 3), a budget is a count or a percentage; anything else stays a string for the config's own
 * validation to judge (and name).
 */
export function gridValue(key: SweepGridKey, value: SweepGridValue): SweepGridValue {
  if (typeof value === 'number') return value;
  const text = value.trim();
  if (NUMERIC_KEYS.has(key) || key === 'budget') {
    if (text !== '' && Number.isFinite(Number(text))) return Number(text);
  }
  return text;
}

/** Checks the axes (known keys, each once, none empty) and normalises their values. */
export function checkAxes(
  grid: readonly SweepAxis[],
): { key: SweepGridKey; values: SweepGridValue[] }[] {
  const seen = new Set<string>();
  return grid.map((axis) => {
    const key = axis.key.trim();
    if (!isGridKey(key)) throw new UnknownGridKeyError(key);
    if (seen.has(key)) throw new ConfigError(`grid key "${key}" is given twice; merge its values`);
    seen.add(key);
    if (!axis.values.length) throw new EmptyGridAxisError(key);
    return { key, values: axis.values.map((value) => gridValue(key, value)) };
  });
}

/** The base config with one cell's values set (dotted keys go into nested objects). */
function withValues(base: RunConfigInput, values: Record<string, SweepGridValue>): RunConfigInput {
  const config = structuredClone(base) as Record<string, unknown>;
  for (const [key, value] of Object.entries(values)) {
    const [head, tail] = key.split('.');
    if (tail === undefined) config[head] = value;
    else config[head] = { ...((config[head] as object | undefined) ?? {}), [tail]: value };
  }
  // An unshared network has no budget: its cells ignore a budget axis.
  if (config.method === 'unshared') delete config.budget;
  return config as RunConfigInput;
}

/** Every combination of the axes' values, the first axis varying slowest. */
function product(
  axes: { key: string; values: SweepGridValue[] }[],
): Record<string, SweepGridValue>[] {
  let cells: Record<string, SweepGridValue>[] = [{}];
  for (const axis of axes) {
    cells = cells.flatMap((cell) => axis.values.map((value) => ({ ...cell, [axis.key]: value })));
  }
  return cells;
}

/** The sweep's name: the spec's, else the base config's, else "sweep". */
export function sweepName(spec: Pick<SweepSpec, 'name' | 'base'>): string {
  return spec.name?.trim() || spec.base.name?.trim() || 'sweep';
}

/** Expands and validates every cell; throws before returning anything if one is bad. */
export async function expandGrid(
  spec: SweepSpec,
  options: ExpandOptions = {},
): Promise<GridCell[]> {
  const base = parseRunConfig(spec.base, 'sweep base config');
  const axes = checkAxes(spec.grid);
  const combos = product(axes);
  if (combos.length > MAX_SWEEP_CELLS) {
    throw new ConfigError(
      `the grid expands to ${combos.length} cells; the limit is ${MAX_SWEEP_CELLS}`,
    );
  }
  const prefix = sweepName(spec);
  const cells: GridCell[] = [];
  for (const [index, values] of combos.entries()) {
    const label =
      Object.entries(values)
        .map(([key, value]) => `${key}=${value}`)
        .join(' ') || 'base';
    const name = `${prefix} · ${label}`;
    try {
      const config = parseRunConfig(withValues({ ...base, name }, values), 'config');
      inspectConfig(options.checkConfig ? await options.checkConfig(config) : config);
      cells.push({ index, values, label, name, config });
    } catch (error) {
      if (error instanceof NpasError && error.kind !== 'internal') {
        throw new SweepCellError(index, label, error.message, { cause: error });
      }
      throw error;
    }
  }
  return cells;
}
