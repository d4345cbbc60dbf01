// `npas sweep` (issue #14): runs a grid of configs (method × budget × seed × ...) over one base
// config on the local job queue or as one Slurm job array, records it in the data folder, and
// follows it: status (refreshing Slurm states and importing finished bundles), cancel, resubmit.
import { readFileSync } from 'node:fs';
import { parseRunConfig, type RunConfigInput } from '../../contract/config';
import { ConfigError } from '../../contract/errors';
import {
  SWEEP_GRID_KEYS,
  sweepSpecSchema,
  type SweepAxis,
  type SweepSpec,
  type SweepSummaryWire,
} from '../../contract/sweep';
import { formatIssues } from '../../contract/config';
import { openDataDir, resolveDataDir, type DataDir } from '../../services/dataDir';
import { JobQueue } from '../../services/jobs/jobQueue';
import { recoverCrashedRuns } from '../../services/jobs/recovery';
import { createSweepService, previewSweep, type SweepService } from '../../services/sweeps';
import { configFromFlags, parseFlags, RUN_FLAGS, type FlagValues } from '../flags';
import { printJsonLine } from '../output';
import type { RunId } from '../../services/runs';

const HELP = `usage: npas sweep [start] --config base.json --grid KEY=V1,V2 [--grid ...] [flags]
       npas sweep start --file sweep.json [--executor local|slurm] [--dry-run]
       npas sweep list | status ID | cancel ID [--cell N]... | resubmit ID [--cell N]...

Expands the grid (the first --grid varies slowest), validates every cell before anything is
submitted (one bad cell refuses the sweep, naming it) and records the sweep in the data folder.
  --grid KEY=V1,V2    a grid axis; KEY is one of ${SWEEP_GRID_KEYS.join(', ')}
  --executor NAME     local (default: the data folder's job queue, run here until the sweep
                      ends) or slurm (one job array, one task per cell, submitted with sbatch)
  --dry-run           print the cells (and, for slurm, the batch script); submit nothing
  --name TEXT         the sweep's name, also its runs' name prefix
  --file F            a sweep file: {"name", "base", "grid": [{"key","values"}] or {KEY: [values]},
                      "executor", "slurm": {...}}
Slurm options (each one #SBATCH line):
  --slurm-partition P --slurm-time HH:MM:SS --slurm-gres gpu:1 --slurm-cpus N --slurm-mem 8G
  --slurm-extra LINE  any other #SBATCH option, e.g. --slurm-extra=--account=lab (repeatable)
  --shared-dir D      a folder every node can reach; each cell writes its run bundle to
                      D/<sweep id>/cell-<n> (default: sweeps/ in the data folder)
Following a sweep:
  status ID           asks Slurm (sacct, else scontrol) for each task's state, imports the
                      bundles of finished tasks, and prints the grid
  cancel ID           cancels unfinished cells (scancel, or the local queue); --cell N for one
  resubmit ID         resubmits failed, cancelled or timed-out cells; each resumes from its
                      last checkpoint; --cell N for one
Run flags (--arch, --method, --budget, --epochs, --max-steps, --backend, ...) set the base
config over --config. The data folder is --data-dir, else NPAS_DATA_DIR, else the default.`;

const FLAGS = {
  ...RUN_FLAGS,
  grid: { type: 'string', multiple: true },
  executor: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  name: { type: 'string' },
  file: { type: 'string' },
  'slurm-partition': { type: 'string' },
  'slurm-time': { type: 'string' },
  'slurm-gres': { type: 'string' },
  'slurm-cpus': { type: 'string' },
  'slurm-mem': { type: 'string' },
  'slurm-extra': { type: 'string', multiple: true },
  'shared-dir': { type: 'string' },
  cell: { type: 'string', multiple: true },
  'data-dir': { type: 'string' },
} as const;

const SUBCOMMANDS = ['start', 'list', 'status', 'cancel', 'resubmit'] as const;

export async function sweepCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, FLAGS);
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const [first, ...rest] = positionals;
  const name = first ?? 'start';
  if (!(SUBCOMMANDS as readonly string[]).includes(name)) {
    throw new ConfigError(
      `unknown sweep command "${name}"; expected one of ${SUBCOMMANDS.join(', ')}`,
    );
  }
  const json = Boolean(values.json);
  if (name === 'start') {
    const spec = specFromFlags(values);
    if (values['dry-run']) return dryRun(spec, json, values);
    return withDataDir(values, (dataDir) => start(dataDir, spec, json));
  }
  if (name === 'list') return withDataDir(values, (dataDir) => list(dataDir, json));
  const [id] = rest;
  if (!id || rest.length > 1) throw new ConfigError(`npas sweep ${name} needs one sweep id`);
  const cells = cellFlags(values);
  return withDataDir(values, async (dataDir) => {
    const service = createSweepService({ dataDir });
    const sweep = await service.get(id);
    if (sweep.executor === 'local' && name !== 'status') {
      return followLocal(
        dataDir,
        json,
        async (local) => {
          const after =
            name === 'cancel' ? await local.cancel(id, cells) : await local.resubmit(id, cells);
          return name === 'resubmit' ? runIdsOf(after, cells) : [];
        },
        id,
      );
    }
    const after =
      name === 'status'
        ? await service.get(id, { refresh: true })
        : name === 'cancel'
          ? await service.cancel(id, cells)
          : await service.resubmit(id, cells);
    printSweep(after, json);
    if (after.refreshError) {
      if (!json) console.error(`npas sweep ${name}: could not refresh: ${after.refreshError}`);
      return 2;
    }
    return 0;
  });
}

async function withDataDir(
  values: FlagValues,
  body: (dataDir: DataDir) => Promise<number>,
): Promise<number> {
  const dataDir = openDataDir(resolveDataDir(values['data-dir'] as string | undefined));
  try {
    recoverCrashedRuns(dataDir);
    return await body(dataDir);
  } finally {
    dataDir.close();
  }
}

function cellFlags(values: FlagValues): number[] | undefined {
  const cells = values.cell as unknown as string[] | undefined;
  if (!cells?.length) return undefined;
  return cells.map((text) => {
    if (!/^\d+$/.test(text.trim())) {
      throw new ConfigError(`--cell must be a cell number (0, 1, ...), got "${text}"`);
    }
    return Number(text);
  });
}

/** `--grid budget=5%,10%` → { key: 'budget', values: ['5%', '10%'] }. */
export function parseGridFlag(text: string): SweepAxis {
  const equals = text.indexOf('=');
  if (equals <= 0) {
    throw new ConfigError(`--grid ${text}: expected KEY=V1,V2 (e.g. --grid seed=0,1,2)`);
  }
  const values = text
    .slice(equals + 1)
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value !== '');
  return { key: text.slice(0, equals).trim(), values };
}

/** The sweep spec from a sweep file or from flags (flags for executor and Slurm win). */
function specFromFlags(values: FlagValues): SweepSpec {
  const str = (key: string) => values[key] as string | undefined;
  const grids = (values.grid as unknown as string[] | undefined) ?? [];
  let spec: Partial<SweepSpec> & { grid?: SweepAxis[] | Record<string, unknown[]> } = {};
  if (str('file')) {
    try {
      spec = JSON.parse(readFileSync(str('file')!, 'utf8')) as typeof spec;
    } catch (error) {
      throw new ConfigError(`--file ${str('file')}: ${(error as Error).message}`);
    }
    if (spec.grid && !Array.isArray(spec.grid)) {
      spec.grid = Object.entries(spec.grid).map(([key, list]) => ({
        key,
        values: list as SweepAxis['values'],
      }));
    }
  }
  const base =
    str('file') && !str('config')
      ? mergeBase(spec.base ?? {}, configFromFlags(values))
      : configFromFlags(values);
  const slurm = { ...(spec.slurm ?? {}) };
  if (str('slurm-partition')) slurm.partition = str('slurm-partition');
  if (str('slurm-time')) slurm.time = str('slurm-time');
  if (str('slurm-gres')) slurm.gres = str('slurm-gres');
  if (str('slurm-mem')) slurm.mem = str('slurm-mem');
  if (str('slurm-cpus')) {
    if (!/^\d+$/.test(str('slurm-cpus')!)) {
      throw new ConfigError(`--slurm-cpus must be a whole number, got "${str('slurm-cpus')}"`);
    }
    slurm.cpus = Number(str('slurm-cpus'));
  }
  const extra = values['slurm-extra'] as unknown as string[] | undefined;
  if (extra?.length) slurm.extra = [...(slurm.extra ?? []), ...extra];
  if (str('shared-dir')) slurm.sharedDir = str('shared-dir');
  const candidate = {
    name: str('name') ?? spec.name,
    base: parseRunConfig(base, str('file') ? `--file ${str('file')} base` : 'base config'),
    grid: [...((spec.grid as SweepAxis[] | undefined) ?? []), ...grids.map(parseGridFlag)],
    executor: str('executor') ?? spec.executor,
    slurm: Object.keys(slurm).length ? slurm : undefined,
  };
  if (!candidate.grid.length) {
    throw new ConfigError('a sweep needs at least one --grid KEY=V1,V2 (or a grid in --file)');
  }
  const parsed = sweepSpecSchema.safeParse(candidate);
  if (!parsed.success) throw new ConfigError(`sweep: ${formatIssues(parsed.error.issues)}`);
  return parsed.data;
}

/** A sweep file's base config with run flags over it (nested sections merged, flags win). */
function mergeBase(file: RunConfigInput, flags: RunConfigInput): RunConfigInput {
  const merged: Record<string, unknown> = { ...file, ...flags };
  for (const section of ['training', 'dataset', 'ssn', 'superweights'] as const) {
    merged[section] = { ...(file[section] ?? {}), ...(flags[section] ?? {}) };
  }
  return merged as RunConfigInput;
}

/** --dry-run: validates every cell and prints them (and the script); needs no data folder. */
async function dryRun(spec: SweepSpec, json: boolean, values: FlagValues): Promise<number> {
  // Only the data folder's path is needed (the default shared folder is under it): no database.
  const preview = await previewSweep(spec, {
    dataDirPath: resolveDataDir(values['data-dir'] as string | undefined),
  });
  if (json) {
    printJsonLine({ type: 'preview', ...preview });
    return 0;
  }
  console.log(`sweep "${preview.name}" (${preview.executor}): ${preview.cells.length} cells`);
  for (const cell of preview.cells)
    console.log(`  ${String(cell.index).padStart(3)}  ${cell.label}`);
  if (preview.script) {
    console.log('\nbatch script (sbatch):\n');
    console.log(preview.script);
  }
  console.log('dry run: nothing was recorded or submitted');
  return 0;
}

async function start(dataDir: DataDir, spec: SweepSpec, json: boolean): Promise<number> {
  if ((spec.executor ?? 'local') === 'slurm') {
    const sweep = await createSweepService({ dataDir }).submit(spec);
    if (!json) {
      console.error(
        `submitted sweep ${sweep.id} as Slurm job ${sweep.slurmJobId} (${sweep.cellCount} tasks); ` +
          `follow it with: npas sweep status ${sweep.id}`,
      );
    }
    printSweep(sweep, json);
    return 0;
  }
  let id = '';
  return followLocal(
    dataDir,
    json,
    async (service) => {
      const sweep = await service.submit(spec);
      id = sweep.id;
      if (!json) console.error(`sweep ${sweep.id}: ${sweep.cellCount} runs queued`);
      return sweep.cells.map((cell) => cell.runId).filter((runId): runId is string => !!runId);
    },
    () => id,
  );
}

/** The run ids of the given cells (all cells when none are given). */
function runIdsOf(sweep: SweepSummaryWire, cells: number[] | undefined): string[] {
  return sweep.cells
    .filter((cell) => !cells || cells.includes(cell.index))
    .map((cell) => cell.runId)
    .filter((runId): runId is string => !!runId);
}

/**
 * Runs a local sweep's queue in this process until the runs `act` returns finish, printing each
 * run as it ends and the grid at the end. Ctrl-C stops the running cell (it checkpoints).
 */
async function followLocal(
  dataDir: DataDir,
  json: boolean,
  act: (service: SweepService) => Promise<string[]>,
  sweepId: string | (() => string),
): Promise<number> {
  const queue = new JobQueue({ dataDir });
  const service = createSweepService({ dataDir, queue: () => queue });
  const onSigint = () => {
    const current = queue.currentRunId;
    console.error('\nstopping the sweep: the running cell checkpoints; resubmit it to continue');
    for (const cell of queued) {
      try {
        queue.stop(cell as RunId);
      } catch (error) {
        // A run that ended meanwhile cannot be stopped; the others still are.
        if (cell === current) throw error;
      }
    }
  };
  let queued: string[] = [];
  process.once('SIGINT', onSigint);
  try {
    queue.start();
    queue.on('run.finished', (finished) => {
      if (!queued.includes(finished.runId)) return;
      if (json) printJsonLine({ type: 'cell', runId: finished.runId, status: finished.status });
      else console.error(`run ${finished.runId} ${finished.status}`);
    });
    queued = await act(service);
    for (const runId of queued) await queue.waitForRun(runId as RunId);
    const id = typeof sweepId === 'string' ? sweepId : sweepId();
    const sweep = await service.get(id, { refresh: true });
    printSweep(sweep, json);
    return sweep.cells.every((cell) => cell.state === 'completed') ? 0 : 1;
  } finally {
    process.off('SIGINT', onSigint);
    await queue.close();
  }
}

async function list(dataDir: DataDir, json: boolean): Promise<number> {
  const sweeps = createSweepService({ dataDir }).list();
  if (json) {
    printJsonLine({ type: 'sweeps', sweeps });
    return 0;
  }
  if (!sweeps.length) {
    console.log('no sweeps in this data folder');
    return 0;
  }
  const rows = sweeps.map((sweep) => [
    sweep.id,
    sweep.name,
    sweep.executor,
    String(sweep.cellCount),
    Object.entries(sweep.counts)
      .filter(([, n]) => n)
      .map(([state, n]) => `${n} ${state}`)
      .join(', '),
    new Date(sweep.createdAt).toISOString().slice(0, 16).replace('T', ' '),
  ]);
  console.log(table(['ID', 'NAME', 'EXECUTOR', 'CELLS', 'STATES', 'CREATED'], rows));
  return 0;
}

const pct = (x: number | null | undefined) => (x == null ? '-' : `${(100 * x).toFixed(2)}%`);

/** The grid as a table, then the log tails of failed cells. */
export function formatSweep(sweep: SweepSummaryWire): string {
  const keys = sweep.axes.map((axis) => axis.key);
  const rows = sweep.cells.map((cell) => [
    String(cell.index),
    ...keys.map((key) => String(cell.values[key] ?? '')),
    cell.state,
    cell.exitCode === null ? '-' : String(cell.exitCode),
    cell.slurmJobId ?? '-',
    cell.runId ?? '-',
    pct(cell.metrics?.bestValTop1),
    pct(cell.metrics?.testTop1),
    cell.metrics?.trainableParams?.toLocaleString('en-US') ?? '-',
  ]);
  const counts = Object.entries(sweep.counts)
    .filter(([, n]) => n)
    .map(([state, n]) => `${n} ${state}`)
    .join(', ');
  const lines = [
    `sweep ${sweep.id} "${sweep.name}" (${sweep.executor}${sweep.slurmJobId ? `, Slurm job ${sweep.slurmJobId}` : ''}): ${sweep.cellCount} cells, ${counts}`,
    table(
      [
        'CELL',
        ...keys.map((key) => key.toUpperCase()),
        'STATE',
        'EXIT',
        'JOB',
        'RUN',
        'BEST VAL',
        'TEST',
        'PARAMS',
      ],
      rows,
    ),
  ];
  for (const cell of sweep.cells) {
    if (cell.logTail && cell.state !== 'completed') {
      lines.push(`\ncell ${cell.index} (${cell.label}) ${cell.state}, log tail:`);
      lines.push(...cell.logTail.split('\n').map((line) => `  | ${line}`));
    }
  }
  return lines.join('\n');
}

function printSweep(sweep: SweepSummaryWire, json: boolean): void {
  if (json) printJsonLine({ type: 'sweep', ...sweep });
  else console.log(formatSweep(sweep));
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
