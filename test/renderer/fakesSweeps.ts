// Sweep fixtures for renderer tests: a cell from its grid values and state, and a sweep summary
// around a list of cells, shaped as the service returns them (SweepCellWire, SweepSummaryWire).
import type {
  SweepAxis,
  SweepCellState,
  SweepCellWire,
  SweepCountsWire,
  SweepSummaryWire,
} from '../../src-main/contract/appApi';

export interface CellInput {
  index: number;
  method: 'ssn' | 'superweights' | 'unshared';
  budget: string | number;
  seed: number;
  state: SweepCellState;
  /** Test top-1 of a completed cell. */
  top1?: number;
  /** Budget parameters the engine counted. */
  params?: number;
  arch?: string;
  exitCode?: number;
  logTail?: string;
}

export function cell(input: CellInput): SweepCellWire {
  const values: Record<string, string | number> = {
    method: input.method,
    ...(input.arch ? { arch: input.arch } : {}),
    budget: input.budget,
    seed: input.seed,
  };
  const label = Object.entries(values)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return {
    index: input.index,
    values,
    label,
    name: `sweep-${input.index}`,
    method: input.method,
    seed: input.seed,
    state: input.state,
    runId: input.state === 'queued' ? null : `RUN${input.index}`,
    slurmJobId: null,
    exitCode: input.exitCode ?? null,
    logTail: input.logTail ?? null,
    bundleDir: null,
    attempts: 1,
    metrics:
      input.top1 === undefined && input.params === undefined
        ? null
        : {
            bestValTop1: null,
            testTop1: input.top1 ?? null,
            trainableParams: null,
            budgetParams: input.params ?? null,
            budgetRequested: String(input.budget),
          },
    updatedAt: 0,
  };
}

/**
 * Cells 0 and 1: ssn at 5% with seeds 0 and 1, both completed (test top-1 0.6 and 0.7, 500
 * budget parameters); `secondState` sets seed 1's state (its top-1 is kept either way).
 */
export function ssnFivePercentSeeds(secondState: SweepCellState = 'completed'): SweepCellWire[] {
  const base = { method: 'ssn', budget: '5%', params: 500 } as const;
  return [
    cell({ ...base, index: 0, seed: 0, state: 'completed', top1: 0.6 }),
    cell({ ...base, index: 1, seed: 1, state: secondState, top1: 0.7 }),
  ];
}

/** The axes a list of cells came from (values in first-seen order). */
export function axesOf(cells: readonly SweepCellWire[]): SweepAxis[] {
  const axes = new Map<string, (string | number)[]>();
  for (const c of cells) {
    for (const [key, value] of Object.entries(c.values)) {
      const values = axes.get(key) ?? [];
      if (!values.includes(value)) values.push(value);
      axes.set(key, values);
    }
  }
  return [...axes].map(([key, values]) => ({ key, values }));
}

export function summary(
  id: string,
  cells: SweepCellWire[],
  executor: 'local' | 'slurm' = 'local',
): SweepSummaryWire {
  const counts = Object.fromEntries(
    ['queued', 'pending', 'running', 'completed', 'failed', 'timeout', 'cancelled'].map((s) => [
      s,
      cells.filter((c) => c.state === s).length,
    ]),
  ) as SweepCountsWire;
  return {
    id,
    name: `sweep ${id}`,
    executor,
    createdAt: 0,
    axes: axesOf(cells),
    cellCount: cells.length,
    counts,
    base: {},
    slurm: null,
    slurmJobId: executor === 'slurm' ? '42' : null,
    script: null,
    cells,
  };
}
