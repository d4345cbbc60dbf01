// A sweep's rows as the contract's wire shapes: cells with their grid values, state, Slurm job
// and, once the cell's run is in the store, the metrics a Sweeps view plots.
import type { RunConfigInput } from '../../contract/config';
import {
  SWEEP_CELL_STATES,
  type SlurmOptions,
  type SweepAxis,
  type SweepCellWire,
  type SweepCountsWire,
  type SweepListEntryWire,
  type SweepSummaryWire,
} from '../../contract/sweep';
import type { MethodWire } from '../../contract/wire';
import { getRun, type ReadableDb, type SweepCellRow, type SweepRow } from '../../store';

export function emptyCounts(): SweepCountsWire {
  return Object.fromEntries(SWEEP_CELL_STATES.map((state) => [state, 0])) as SweepCountsWire;
}

export function cellWire(db: ReadableDb, row: SweepCellRow): SweepCellWire {
  const run = row.runId ? getRun(db, row.runId) : undefined;
  return {
    index: row.cellIndex,
    values: JSON.parse(row.cellValues) as SweepCellWire['values'],
    label: row.label,
    name: row.name,
    method: row.method as MethodWire,
    seed: row.seed,
    state: row.state,
    runId: row.runId,
    slurmJobId: row.slurmJobId,
    exitCode: row.exitCode,
    logTail: row.logTail,
    bundleDir: row.bundleDir,
    attempts: row.attempts,
    metrics: run
      ? {
          bestValTop1: run.bestValTop1,
          testTop1: run.lastTestTop1 ?? run.bestTestTop1,
          trainableParams: run.trainableParams,
          budgetParams: run.budgetParams,
          budgetRequested: run.budgetRequested,
        }
      : null,
    updatedAt: row.updatedAt,
  };
}

export function listEntry(
  row: SweepRow,
  cells: readonly { state: SweepCellWire['state'] }[],
): SweepListEntryWire {
  const counts = emptyCounts();
  for (const cell of cells) counts[cell.state] += 1;
  return {
    id: row.id,
    name: row.name,
    executor: row.executor,
    createdAt: row.createdAt,
    axes: JSON.parse(row.axes) as SweepAxis[],
    cellCount: cells.length,
    counts,
  };
}

export function summaryWire(
  db: ReadableDb,
  row: SweepRow,
  cells: readonly SweepCellRow[],
): SweepSummaryWire {
  return {
    ...listEntry(row, cells),
    base: JSON.parse(row.base) as RunConfigInput,
    slurm: row.slurm ? (JSON.parse(row.slurm) as SlurmOptions) : null,
    slurmJobId: row.slurmJobId,
    script: row.script,
    cells: cells.map((cell) => cellWire(db, cell)),
  };
}
