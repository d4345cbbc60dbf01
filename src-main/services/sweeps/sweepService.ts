// Sweeps over one data folder (issue #14), transport-agnostic: the CLI and the app's
// sweepMethods both call this. Submit expands and validates the whole grid first (nothing is
// recorded or submitted when a cell is bad), records the sweep and its cells, then hands the
// cells to the executor: the local job queue, or Slurm as one job array.
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RunConfig } from '../../contract/config';
import { ConfigError, ExecutorError } from '../../contract/errors';
import {
  SWEEP_RESUBMITTABLE_STATES,
  type SweepListEntryWire,
  type SweepPreviewWire,
  type SweepSpec,
  type SweepSummaryWire,
} from '../../contract/sweep';
import {
  deleteSweep,
  insertSweep,
  listSweepCells,
  listSweepRows,
  newRunId,
  requireSweep,
  StoreError,
  type SweepCellRow,
} from '../../store';
import type { DataDir } from '../dataDir';
import type { JobQueue } from '../jobs/jobQueue';
import { npasCommand } from '../npasCommand';
import { expandGrid, checkAxes, sweepName, type GridCell } from './expandGrid';
import { cancelLocal, refreshLocal, resubmitLocal, submitLocal } from './localExecutor';
import { slurmScript, sweepPaths } from './slurmScript';
import {
  cancelSlurm,
  refreshSlurm,
  submitSlurm,
  writeCellConfigs,
  type SlurmContext,
} from './slurmExecutor';
import { createSlurmRunner, type SlurmRunner } from './slurmRunner';
import { listEntry, summaryWire } from './sweepSummary';

export interface SweepServiceOptions {
  dataDir: DataDir;
  /** The data folder's job queue (the local executor); absent: local sweeps are refused. */
  queue?: () => JobQueue;
  /** Runs Slurm's commands (tests inject one; default: the real commands on PATH). */
  slurm?: SlurmRunner;
  /** The npas command written into batch scripts (default: this build, see npasCommand). */
  npas?: string;
  /** The config each cell is checked with (e.g. with its dataset's input shape). */
  checkConfig?: (config: RunConfig) => RunConfig | Promise<RunConfig>;
  /** Called after a sweep's cells changed (the app pushes 'sweep.updated'). */
  onChange?: (sweepId: string) => void;
}

export interface SweepService {
  preview(spec: SweepSpec): Promise<SweepPreviewWire>;
  submit(spec: SweepSpec): Promise<SweepSummaryWire>;
  list(): SweepListEntryWire[];
  /** The sweep; `refresh` first updates its cells from the executor (and imports bundles). */
  get(id: string, options?: { refresh?: boolean }): Promise<SweepSummaryWire>;
  cancel(id: string, cells?: number[]): Promise<SweepSummaryWire>;
  resubmit(id: string, cells?: number[]): Promise<SweepSummaryWire>;
}

/** The folder on shared storage where a Slurm sweep's files go. */
function sweepRoot(dataDirPath: string, spec: SweepSpec, id: string): string {
  const shared = resolve(spec.slurm?.sharedDir ?? resolve(dataDirPath, 'sweeps'));
  // #SBATCH lines are split on whitespace by sbatch: a path with a space cannot be written there.
  if (/\s/.test(shared)) {
    throw new ConfigError(
      `the shared folder "${shared}" contains whitespace, which #SBATCH --output cannot hold; ` +
        'choose another --shared-dir',
    );
  }
  return `${shared}/${id}`;
}

/**
 * A dry run (`--dry-run`, previewSweep): every cell expanded and validated, and for Slurm the
 * batch script with DRY-RUN for the sweep id. Records and submits nothing, opens no database.
 */
export async function previewSweep(
  spec: SweepSpec,
  options: Pick<SweepServiceOptions, 'npas' | 'checkConfig'> & { dataDirPath: string },
): Promise<SweepPreviewWire> {
  const cells = await expandGrid(spec, { checkConfig: options.checkConfig });
  const executor = spec.executor ?? 'local';
  const root = executor === 'slurm' ? sweepRoot(options.dataDirPath, spec, 'DRY-RUN') : null;
  return {
    name: sweepName(spec),
    executor,
    cells: cells.map(({ index, label, name, values }) => ({ index, label, name, values })),
    script: root
      ? slurmScript({
          sweepId: 'DRY-RUN',
          sweepName: sweepName(spec),
          root,
          cells: cells.map((cell) => cell.index),
          options: spec.slurm ?? {},
          npas: options.npas ?? npasCommand(),
        })
      : null,
  };
}

export function createSweepService(options: SweepServiceOptions): SweepService {
  const { dataDir } = options;
  const db = dataDir.db;
  const slurm = (): SlurmContext => ({
    dataDir,
    runner: options.slurm ?? createSlurmRunner(),
    npas: options.npas ?? npasCommand(),
  });
  const changed = (id: string) => options.onChange?.(id);

  const expand = (spec: SweepSpec): Promise<GridCell[]> =>
    expandGrid(spec, { checkConfig: options.checkConfig });

  async function summary(id: string): Promise<SweepSummaryWire> {
    return summaryWire(db, requireSweep(db, id), listSweepCells(db, id));
  }

  async function refresh(id: string): Promise<void> {
    const sweep = requireSweep(db, id);
    const moved =
      sweep.executor === 'local' ? refreshLocal(db, id) : await refreshSlurm(slurm(), sweep);
    if (moved) changed(id);
  }

  /** The cells named (all when none are), each checked to exist. */
  function pick(id: string, wanted: number[] | undefined, fits: (cell: SweepCellRow) => boolean) {
    const cells = listSweepCells(db, id);
    if (!wanted) return cells.filter(fits);
    return wanted.map((index) => {
      const cell = cells.find((c) => c.cellIndex === index);
      if (!cell) {
        throw new ConfigError(
          `sweep ${id} has no cell ${index}; its cells are 0 to ${cells.length - 1}`,
        );
      }
      return cell;
    });
  }

  return {
    preview: (spec) =>
      previewSweep(spec, {
        dataDirPath: dataDir.path,
        npas: options.npas,
        checkConfig: options.checkConfig,
      }),

    async submit(spec) {
      const executor = spec.executor ?? 'local';
      const cells = await expand(spec);
      const queue = executor === 'local' ? needQueue(options) : null;
      const id = newRunId();
      const root = executor === 'slurm' ? sweepRoot(dataDir.path, spec, id) : null;
      if (root) writeCellConfigs(root, cells);
      const sweep = insertSweep(db, {
        id,
        name: sweepName(spec),
        executor,
        base: spec.base,
        axes: checkAxes(spec.grid),
        slurm: executor === 'slurm' ? (spec.slurm ?? {}) : null,
        root,
        cells: cells.map((cell) => ({
          index: cell.index,
          label: cell.label,
          name: cell.name,
          method: cell.config.method,
          seed: cell.config.seed,
          values: cell.values,
          config: cell.config,
          bundleDir: root ? sweepPaths.bundle(root, cell.index) : null,
        })),
      });
      if (queue) submitLocal(db, queue, id, cells);
      else {
        try {
          await submitSlurm(slurm(), sweep, listSweepCells(db, id));
        } catch (error) {
          // sbatch missing or refusing (a partition that does not exist): nothing stays behind.
          deleteSweep(db, id);
          rmSync(root!, { recursive: true, force: true });
          throw error;
        }
      }
      changed(id);
      return summary(id);
    },

    list() {
      return listSweepRows(db).map((row) => listEntry(row, listSweepCells(db, row.id)));
    },

    async get(id, getOptions = {}) {
      requireSweep(db, id);
      if (!getOptions.refresh) return summary(id);
      try {
        await refresh(id);
      } catch (error) {
        // The sweep is still shown (as last known) where Slurm cannot be asked; the caller
        // gets the reason with it rather than no sweep at all.
        if (!(error instanceof ExecutorError)) throw error;
        return { ...(await summary(id)), refreshError: error.message };
      }
      return summary(id);
    },

    async cancel(id, cellIndexes) {
      const sweep = requireSweep(db, id);
      const active = (cell: SweepCellRow) =>
        cell.state === 'queued' || cell.state === 'pending' || cell.state === 'running';
      const cells = pick(id, cellIndexes, active).filter(active);
      if (sweep.executor === 'local') cancelLocal(needQueue(options), cells);
      else await cancelSlurm(slurm(), sweep, cells);
      await refresh(id);
      changed(id);
      return summary(id);
    },

    async resubmit(id, cellIndexes) {
      const sweep = requireSweep(db, id);
      await refresh(id);
      const fits = (cell: SweepCellRow) => SWEEP_RESUBMITTABLE_STATES.includes(cell.state);
      const cells = pick(id, cellIndexes, fits);
      const wrong = cells.find((cell) => !fits(cell));
      if (wrong) {
        throw new StoreError(
          `sweep ${id} cell ${wrong.cellIndex} (${wrong.label}) is ${wrong.state}; only ` +
            `${SWEEP_RESUBMITTABLE_STATES.join(', ')} cells can be resubmitted`,
        );
      }
      if (!cells.length) {
        throw new StoreError(`sweep ${id} has no failed, cancelled or timed-out cell`);
      }
      if (sweep.executor === 'local') resubmitLocal(db, needQueue(options), id, cells);
      else await submitSlurm(slurm(), sweep, cells);
      changed(id);
      return summary(id);
    },
  };
}

function needQueue(options: SweepServiceOptions): JobQueue {
  if (!options.queue) {
    throw new ConfigError(
      "the local executor needs the data folder's job queue, which is not running",
    );
  }
  return options.queue();
}
