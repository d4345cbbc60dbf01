// `npas runs`: list, show, tag, note, archive, rm, resume and export the runs recorded in a data
// folder (--data-dir or NPAS_DATA_DIR), over the same services the app uses. Tables for people,
// --json for scripts. Also the foreground job runner `npas train --data-dir` shares.
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { ConfigError } from '../../contract/errors';
import type { RunConfig } from '../../contract/config';
import type { TrainEvent } from '../../engine/train/events';
import { openDataDir, resolveDataDir, type DataDir } from '../../services/dataDir';
import type { JobEventMap } from '../../services/jobs/events';
import type { JobQueue } from '../../services/jobs/jobQueue';
import { importBundles } from '../../services/bundles';
import { recoverCrashedRuns } from '../../services/jobs/recovery';
import { runInForeground } from '../../services/jobs/runInForeground';
import {
  asRunId,
  createRunsService,
  type RunFilter,
  type RunId,
  type RunListQuery,
  type RunListRow,
  type RunMethod,
  type RunSortColumn,
  type RunStatus,
  type RunsService,
} from '../../services/runs';
import { parseFlags, type FlagValues } from '../flags';
import { stripTerminalControls } from './runsText';
import { createProgressPrinter, formatCount, formatDuration, printJsonLine } from '../output';

const HELP = `usage: npas runs <list|show|tag|note|archive|rm|resume|export|import> [args] [--data-dir D] [--json]

  list    [--status S[,S]] [--method M] [--tag T] [--text Q] [--budget-min N] [--budget-max N]
          [--archived | --all] [--sort COLUMN[:asc|desc]] [--limit N] [--page N]
  show    ID [--steps]                 config, summary, groups, files, epoch metrics
  tag     ID TAG... [--remove]         add (or remove) tags
  note    ID [TEXT]                    replace the markdown note (prints it without TEXT)
  archive ID... [--undo]               hide from the default list (or bring back)
  rm      ID... [--yes]                delete runs and their files (asks unless --yes)
  resume  ID                           continue a stopped, interrupted or failed run
  export  [ID] [--format csv|json] [--steps] [--out FILE]
          without ID: the runs table as CSV (list filters apply); with ID: its metric history
          as CSV (per epoch, or per step with --steps) or the whole run as JSON
  import  PATH                         import a finished run bundle (npas train --bundle), or
          every bundle in a folder; a bundle imported before is skipped (no duplicate); a
          partial, corrupt or newer-format bundle is refused and nothing of it imported

The data folder is --data-dir, else NPAS_DATA_DIR, else the per-user default.`;

const FLAGS = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  status: { type: 'string' },
  method: { type: 'string' },
  tag: { type: 'string' },
  text: { type: 'string' },
  'budget-min': { type: 'string' },
  'budget-max': { type: 'string' },
  archived: { type: 'boolean', default: false },
  all: { type: 'boolean', default: false },
  sort: { type: 'string' },
  limit: { type: 'string' },
  page: { type: 'string' },
  steps: { type: 'boolean', default: false },
  remove: { type: 'boolean', default: false },
  undo: { type: 'boolean', default: false },
  yes: { type: 'boolean', short: 'y', default: false },
  format: { type: 'string' },
  out: { type: 'string' },
} as const;

interface Context {
  values: FlagValues;
  args: string[];
  dataDir: DataDir;
  runs: RunsService;
  json: boolean;
}

type Subcommand = (context: Context) => Promise<number> | number;

const SUBCOMMANDS: Record<string, Subcommand> = {
  list: listCommand,
  show: showCommand,
  tag: tagCommand,
  note: noteCommand,
  archive: archiveCommand,
  rm: rmCommand,
  resume: resumeCommand,
  export: exportCommand,
  import: importCommand,
};

export async function runsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, FLAGS);
  const [name, ...args] = positionals;
  if (values.help || !name) {
    console.log(HELP);
    return values.help ? 0 : 2;
  }
  const subcommand = SUBCOMMANDS[name];
  if (!subcommand) {
    throw new ConfigError(
      `unknown runs command "${name}"; expected one of ${Object.keys(SUBCOMMANDS).join(', ')}`,
    );
  }
  const dataDir = openDataDir(resolveDataDir(values['data-dir'] as string | undefined));
  try {
    // Runs a killed process left 'running' show as interrupted (unless a live process runs them).
    recoverCrashedRuns(dataDir);
    const context = {
      values,
      args,
      dataDir,
      runs: createRunsService(dataDir),
      json: Boolean(values.json),
    };
    return await subcommand(context);
  } finally {
    dataDir.close();
  }
}

function needIds(context: Context, what: string, max = Infinity): RunId[] {
  const ids = context.args;
  if (!ids.length || ids.length > max) {
    throw new ConfigError(`npas runs ${what} needs ${max === 1 ? 'one run id' : 'run ids'}`);
  }
  return ids.map(asRunId);
}

function integerFlag(values: FlagValues, flag: string): number | undefined {
  const text = values[flag];
  if (typeof text !== 'string') return undefined;
  if (!/^\d+$/.test(text))
    throw new ConfigError(`--${flag} must be a non-negative integer, got "${text}"`);
  return Number(text);
}

function numberFlag(values: FlagValues, flag: string): number | undefined {
  const text = values[flag];
  if (typeof text !== 'string') return undefined;
  const value = Number(text);
  if (!text.trim() || !Number.isFinite(value))
    throw new ConfigError(`--${flag} must be a number, got "${text}"`);
  return value;
}

/** The list query the flags describe (filters and sort; paging separately). */
export function queryFromFlags(values: FlagValues): Omit<RunListQuery, 'page'> {
  const filter: RunFilter = {};
  const list = (flag: string) =>
    String(values[flag])
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (values.status) filter.status = list('status') as RunStatus[];
  if (values.method) filter.method = list('method') as RunMethod[];
  if (typeof values.tag === 'string') filter.tag = values.tag;
  if (typeof values.text === 'string') filter.text = values.text;
  filter.budgetMin = numberFlag(values, 'budget-min');
  filter.budgetMax = numberFlag(values, 'budget-max');
  if (!values.all) filter.archived = Boolean(values.archived);
  const query: Omit<RunListQuery, 'page'> = { filter };
  if (typeof values.sort === 'string') {
    const [column, direction = 'desc'] = values.sort.split(':');
    if (direction !== 'asc' && direction !== 'desc') {
      throw new ConfigError(`--sort ${values.sort}: the direction is asc or desc`);
    }
    query.sort = { column: column as RunSortColumn, direction };
  }
  return query;
}

const percent = (x: number | null) => (x === null ? '-' : `${(100 * x).toFixed(2)}%`);
const dateTime = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/** Left-aligned text columns separated by two spaces. */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

function listTable(rows: readonly RunListRow[]): string {
  return formatTable(
    [
      'ID',
      'NAME',
      'STATUS',
      'METHOD',
      'ARCH',
      'BUDGET',
      'EPOCHS',
      'BEST VAL',
      'LAST TEST',
      'CREATED',
      'TAGS',
    ],
    rows.map((r) => [
      r.id,
      r.name,
      r.status,
      r.method,
      r.arch,
      r.budgetParams === null ? '-' : formatCount(r.budgetParams),
      String(r.epochsDone),
      percent(r.bestValTop1),
      percent(r.lastTestTop1),
      dateTime(r.createdAt),
      r.tags.join(','),
    ]),
  );
}

function listCommand({ values, runs, json }: Context): number {
  const limit = integerFlag(values, 'limit') ?? 50;
  const page = integerFlag(values, 'page') ?? 1;
  if (page < 1) throw new ConfigError('--page counts from 1');
  const result = runs.list({
    ...queryFromFlags(values),
    page: { limit, offset: (page - 1) * limit },
  });
  if (json) {
    printJsonLine(result);
    return 0;
  }
  if (!result.rows.length) {
    console.log(result.total ? `no runs on page ${page} (${result.total} in all)` : 'no runs');
    return 0;
  }
  console.log(stripTerminalControls(listTable(result.rows)));
  const pages = Math.ceil(result.total / limit);
  if (pages > 1) console.log(`page ${page} of ${pages} (${result.total} runs)`);
  return 0;
}

function showCommand(context: Context): number {
  const [id] = needIds(context, 'show', 1);
  const details = context.runs.show(id, { steps: Boolean(context.values.steps) });
  if (context.json) {
    printJsonLine(details);
    return 0;
  }
  const { run, tags, files, groups, metrics } = details;
  const lines = [
    `${run.id}  ${run.name}`,
    `  status     ${run.status}${run.error ? ` (${run.error})` : ''}`,
    `  method     ${run.method} on ${run.arch}, dataset ${run.dataset}, seed ${run.seed}`,
    `  budget     ${run.budgetRequested ?? '-'} requested; ${run.budgetParams === null ? '-' : formatCount(run.budgetParams)} budget, ${run.trainableParams === null ? '-' : formatCount(run.trainableParams)} trainable, ${run.unsharedParams === null ? '-' : formatCount(run.unsharedParams)} unshared parameters`,
    `  backend    ${String(run.environment.backend ?? '-')}`,
    `  accuracy   best val ${percent(run.bestValTop1)} (test ${percent(run.bestTestTop1)}), last val ${percent(run.lastValTop1)}, last test ${percent(run.lastTestTop1)}`,
    `  training   ${run.epochsDone} epochs, ${run.durationSeconds === null ? '-' : formatDuration(run.durationSeconds)}, ${run.imagesPerSecond === null ? '-' : run.imagesPerSecond.toFixed(1)} img/s`,
    `  created    ${dateTime(run.createdAt)}${run.archived ? ' (archived)' : ''}`,
    `  tags       ${tags.length ? tags.join(', ') : '-'}`,
  ];
  if (run.note) lines.push('  note', ...run.note.split('\n').map((l) => `    ${l}`));
  if (files.length)
    lines.push('  files', ...files.map((f) => `    ${f.kind.padEnd(10)} ${f.path}`));
  const stages = [...new Set(groups.map((g) => g.stage))];
  for (const stage of stages) {
    const inStage = groups.filter((g) => g.stage === stage);
    lines.push(
      `  groups (${stage}): ${new Set(inStage.map((g) => g.groupId)).size} over ${inStage.length} layers`,
    );
  }
  console.log(stripTerminalControls(lines.join('\n')));
  if (metrics.epochs.length) {
    console.log('');
    console.log(
      formatTable(
        ['PHASE', 'EPOCH', 'LR', 'TRAIN LOSS', 'VAL TOP-1', 'TEST TOP-1', 'TEST LOSS', 'IMG/S'],
        metrics.epochs.map((e) => [
          e.phase,
          String(e.epoch + 1),
          e.lr === null ? '-' : e.lr.toPrecision(3),
          e.trainLoss === null ? '-' : e.trainLoss.toFixed(4),
          percent(e.valTop1),
          percent(e.testTop1),
          e.testLoss === null ? '-' : e.testLoss.toFixed(4),
          e.imagesPerSecond === null ? '-' : e.imagesPerSecond.toFixed(1),
        ]),
      ),
    );
  }
  return 0;
}

function tagCommand(context: Context): number {
  const [id, ...tags] = context.args;
  if (!id || !tags.length)
    throw new ConfigError('npas runs tag needs a run id and at least one tag');
  const runId = asRunId(id);
  const now = context.values.remove
    ? context.runs.untag(runId, tags)
    : context.runs.tag(runId, tags);
  if (context.json) printJsonLine({ id: runId, tags: now });
  else console.log(stripTerminalControls(`${runId}: ${now.length ? now.join(', ') : 'no tags'}`));
  return 0;
}

function noteCommand(context: Context): number {
  const [id, ...words] = context.args;
  if (!id) throw new ConfigError('npas runs note needs a run id');
  const runId = asRunId(id);
  if (words.length) context.runs.note(runId, words.join(' '));
  const note = context.runs.get(runId).note;
  if (context.json) printJsonLine({ id: runId, note });
  else if (!words.length) console.log(stripTerminalControls(note || '(no note)'));
  return 0;
}

function archiveCommand(context: Context): number {
  const ids = needIds(context, 'archive');
  for (const id of ids) {
    if (context.values.undo) context.runs.unarchive(id);
    else context.runs.archive(id);
  }
  const archived = !context.values.undo;
  if (context.json) printJsonLine({ ids, archived });
  else
    console.log(
      `${archived ? 'archived' : 'restored'} ${ids.length} run${ids.length === 1 ? '' : 's'}`,
    );
  return 0;
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

async function rmCommand(context: Context): Promise<number> {
  const ids = needIds(context, 'rm');
  const names = ids.map((id) => `${id} (${context.runs.get(id).name})`);
  if (!context.values.yes) {
    if (!process.stdin.isTTY) {
      throw new ConfigError(
        `refusing to delete ${ids.length} run(s) without confirmation: stdin is not a ` +
          'terminal; pass --yes',
      );
    }
    const question = `delete ${names.join(', ')} and their files? [y/N] `;
    if (!(await confirm(question))) {
      console.error('nothing deleted');
      return 1;
    }
  }
  const removed = ids.map((id) => context.runs.remove(id));
  if (context.json) printJsonLine({ removed });
  else for (const r of removed) console.log(`deleted ${r.id} (${r.deleted.length} paths)`);
  for (const r of removed) {
    for (const left of r.leftovers)
      console.error(`npas runs rm: could not delete ${left.path}: ${left.reason}`);
  }
  return removed.some((r) => r.leftovers.length) ? 1 : 0;
}

async function resumeCommand(context: Context): Promise<number> {
  const [id] = needIds(context, 'resume', 1);
  const config = context.runs.get(id).config as unknown as RunConfig;
  return trainInForeground(
    context.dataDir,
    (queue) => {
      queue.resume(id);
      return id;
    },
    { json: context.json, config },
  );
}

/**
 * Imports bundles. Exit code 0 when every bundle was imported (or was already), 2 when any was
 * refused (each refused one is named with its reason on stderr).
 */
function importCommand(context: Context): number {
  const [path] = context.args;
  if (!path || context.args.length > 1) {
    throw new ConfigError('npas runs import needs one path: a run bundle or a folder of bundles');
  }
  const report = importBundles(context.dataDir, path);
  if (context.json) {
    printJsonLine({
      type: 'import',
      imported: report.imported,
      refused: report.refused.map(({ path: dir, error }) => ({ path: dir, error: error.message })),
    });
  } else {
    for (const one of report.imported) {
      console.log(`${one.added ? 'imported' : 'already imported'} ${one.path} as run ${one.runId}`);
    }
    for (const one of report.refused) console.error(`refused ${one.error.message}`);
  }
  return report.refused.length ? 2 : 0;
}

function exportCommand(context: Context): number {
  const { values, runs } = context;
  const format = (values.format as string | undefined) ?? 'csv';
  if (format !== 'csv' && format !== 'json') {
    throw new ConfigError(`--format ${format}: expected csv or json`);
  }
  const [id] = context.args.length ? needIds(context, 'export', 1) : [undefined];
  let text: string;
  if (id === undefined) {
    if (format === 'json') {
      throw new ConfigError(
        'the runs table exports as CSV; for JSON give a run id, or use npas runs list --json',
      );
    }
    text = runs.exportRunsCsv(queryFromFlags(values));
  } else if (format === 'json') {
    text = `${JSON.stringify(runs.exportRunJson(id), null, 2)}\n`;
  } else {
    text = runs.exportMetricsCsv(id, { steps: Boolean(values.steps) });
  }
  if (typeof values.out === 'string') {
    try {
      writeFileSync(values.out, text);
    } catch (error) {
      throw new ConfigError(`--out ${values.out}: ${(error as Error).message}`);
    }
    if (!context.json) console.error(`wrote ${values.out}`);
  } else {
    process.stdout.write(text);
  }
  return 0;
}

/**
 * Runs one job through the data folder's queue and engine worker in the foreground, printing
 * its events like the in-process `npas train` (JSON lines with --json), and the result. Ctrl-C
 * stops the run cleanly (it checkpoints and can be resumed).
 */
export async function trainInForeground(
  dataDir: DataDir,
  enqueue: (queue: JobQueue) => RunId,
  options: { json: boolean; config: Pick<RunConfig, 'arch' | 'method'> },
): Promise<number> {
  const print: (event: TrainEvent) => void = options.json ? printJsonLine : createProgressPrinter();
  // Filled by the run.started event (a callback, so TypeScript cannot follow it: kept in an object).
  const started: { info: JobEventMap['run.started'] | null } = { info: null };
  let runId: RunId | null = null;
  let queueRef: JobQueue | null = null;
  const onSigint = () => {
    if (!runId || !queueRef) return;
    console.error(
      `\nstopping run ${runId} after this step (it can be resumed with npas runs resume)`,
    );
    queueRef.stop(runId);
  };
  process.once('SIGINT', onSigint);
  try {
    const finished = await runInForeground(dataDir, enqueue, {
      subscribe(queue) {
        queue.on('run.event', (e) => e.runId === runId && print(e.event));
        queue.on('run.started', (e) => {
          if (e.runId === runId) started.info = e;
        });
      },
      onQueued(id, queue) {
        runId = id;
        queueRef = queue;
        if (options.json) printJsonLine({ type: 'run', runId: id, dataDir: dataDir.path });
        else console.error(`run ${id} (data folder ${dataDir.path})`);
      },
    });
    const result = finished.result;
    const info = started.info;
    const summary = {
      type: 'result',
      runId: finished.runId,
      status: finished.status,
      arch: options.config.arch,
      method: options.config.method,
      backend: info?.environment.backend ?? null,
      trainableParams: info?.trainableParams ?? null,
      budgetParams: info?.budgetParams ?? null,
      epochs: result?.history.length ?? 0,
      imagesPerSecond: result?.imagesPerSecond ?? null,
      last: result?.last ?? null,
      best: result?.best ?? null,
    };
    if (options.json) printJsonLine(summary);
    else {
      const test = result?.last.test;
      console.log(
        `${finished.status}: run ${finished.runId}, ${options.config.arch} (${options.config.method}), ` +
          `backend ${summary.backend ?? '-'}; last test top-1 ${test ? percent(test.top1) : '-'}` +
          (result ? `, ${result.imagesPerSecond.toFixed(1)} img/s` : ''),
      );
    }
    return 0;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}
