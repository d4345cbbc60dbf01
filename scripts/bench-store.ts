// Store benchmark (issue #5 acceptance; not a timed test): fills an on-disk store with 10,000
// runs x 200 epochs of metrics, then times the runs list's first page with a filter and a sort
// (target < 50 ms), one run's full metric history (< 20 ms), and metric inserts from another
// process while this one pages the list (no "database is locked"). Appends a row (with commit,
// date, machine and settings) to bench-results/store.json.
// Usage: npx tsx scripts/bench-store.ts [--runs N] [--epochs N] [--reuse]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng } from '../src-main/engine/random';
import { appendBenchRow, benchContext } from './bench-rows';
import {
  openDatabase,
  writeTransaction,
  type ReadableDb,
  type WritableDb,
} from '../src-main/store/db';
import {
  buildListRunsQueries,
  listRuns,
  type RunListQuery,
} from '../src-main/store/queries/listRuns';
import {
  getMetricHistory,
  insertEpochMetrics,
  insertStepMetrics,
} from '../src-main/store/queries/metrics';
import { writeProgressBatch } from '../src-main/store/queries/progress';
import {
  RUN_METHODS,
  insertRun,
  updateRunSummary,
  type RunStatus,
} from '../src-main/store/queries/runs';
import { addTag } from '../src-main/store/queries/tags';
import { asRunId, newRunId, type RunId } from '../src-main/store/runId';
import { all, explainQueryPlan, run, sql } from '../src-main/store/sql';

const TARGET_LIST_MS = 50;
const TARGET_HISTORY_MS = 20;

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

function fill(db: WritableDb, runCount: number, epochs: number): RunId[] {
  const rng = createRng(2024);
  const statuses: RunStatus[] = [
    'completed',
    'completed',
    'completed',
    'failed',
    'stopped',
    'interrupted',
  ];
  const archs = ['wrn-16-4', 'wrn-28-10', 'resnet-20', 'resnet-56', 'cnn', 'mlp'];
  const datasets = ['cifar10', 'cifar100', 'fashion-mnist', 'svhn'];
  const ids: RunId[] = [];
  const start = Date.UTC(2025, 0, 1);
  for (let base = 0; base < runCount; base += 50) {
    writeTransaction(db, () => {
      for (let i = base; i < Math.min(base + 50, runCount); i++) {
        const createdAt = start + i * 60_000;
        const id = newRunId(createdAt);
        const method = RUN_METHODS[rng.int(3)];
        const arch = archs[rng.int(archs.length)];
        const unshared = 2_700_000;
        const budget =
          method === 'unshared' ? unshared : Math.round(unshared * (0.01 + rng.next() * 0.5));
        insertRun(db, {
          id,
          name: `${arch} ${method} #${i}`,
          method,
          arch,
          dataset: datasets[rng.int(datasets.length)],
          budgetRequested:
            method === 'unshared' ? null : `${Math.round((budget / unshared) * 100)}%`,
          budgetParams: budget,
          trainableParams: budget,
          unsharedParams: unshared,
          config: { arch, method, seed: i, training: { epochs } },
          configSchemaVersion: 1,
          seed: i,
          createdAt,
        });
        const status = statuses[rng.int(statuses.length)];
        run(
          db,
          sql`UPDATE runs SET status = ${status}, startedAt = ${createdAt}, finishedAt = ${createdAt + 3_600_000},
          archived = ${rng.next() < 0.1 ? 1 : 0}, note = ${rng.next() < 0.05 ? 'kmeans grouping looks promising' : ''}
          WHERE id = ${id}`,
        );
        let best = 0;
        const rows = Array.from({ length: epochs }, (_, epoch) => {
          const val = Math.min(0.97, 0.3 + 0.6 * (1 - Math.exp(-epoch / 40)) + 0.02 * rng.normal());
          best = Math.max(best, val);
          return {
            runId: id,
            phase: epoch < 10 && method === 'ssn' ? 'search' : 'main',
            epoch,
            lr: 0.1,
            seconds: 30,
            imagesPerSecond: 1600,
            trainLoss: 2 / (epoch + 1),
            trainAccuracy: val,
            valLoss: 1 - val,
            valTop1: val,
            valTop5: Math.min(1, val + 0.1),
            testLoss: 1 - val,
            testTop1: val - 0.01,
            testTop5: val + 0.09,
          };
        });
        insertEpochMetrics(db, rows);
        const last = rows[rows.length - 1];
        updateRunSummary(db, id, {
          bestValTop1: best,
          bestTestTop1: best - 0.01,
          lastValTop1: last.valTop1,
          lastTestTop1: last.testTop1,
          lastLoss: last.trainLoss,
          imagesPerSecond: 1600,
          durationSeconds: 30 * epochs,
          epochsDone: epochs,
          phase: 'main',
        });
        if (rng.next() < 0.2) addTag(db, id, 'baseline');
        if (rng.next() < 0.05) addTag(db, id, 'paper');
        ids.push(id);
      }
    });
  }
  return ids;
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const start = process.hrtime.bigint();
  const value = fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    samples: samples.length,
    firstMs: round(samples[0]),
    medianMs: round(at(0.5)),
    p95Ms: round(at(0.95)),
    maxMs: round(sorted[sorted.length - 1]),
  };
}

const LIST_CASES: Record<string, RunListQuery> = {
  'completed ssn, not archived, by best val top-1': {
    filter: { status: 'completed', method: 'ssn', archived: false },
    sort: { column: 'bestValTop1', direction: 'desc' },
    page: { limit: 50, offset: 0 },
  },
  'default list (not archived, newest first)': {
    filter: { archived: false },
    page: { limit: 50, offset: 0 },
  },
  'budget 100k-500k by budget': {
    filter: { budgetMin: 100_000, budgetMax: 500_000 },
    sort: { column: 'budgetParams', direction: 'asc' },
    page: { limit: 50, offset: 0 },
  },
  'tag baseline, by last test top-1': {
    filter: { tag: 'baseline' },
    sort: { column: 'lastTestTop1', direction: 'desc' },
    page: { limit: 50, offset: 0 },
  },
  'text "kmeans", newest first': { filter: { text: 'kmeans' }, page: { limit: 50, offset: 0 } },
  'page 100 of the default list': {
    filter: { archived: false },
    page: { limit: 50, offset: 4950 },
  },
};

function benchList(db: ReadableDb) {
  return Object.fromEntries(
    Object.entries(LIST_CASES).map(([name, query]) => {
      const samples: number[] = [];
      let total = 0;
      for (let i = 0; i < 30; i++) {
        const { ms, value } = time(() => listRuns(db, query));
        samples.push(ms);
        total = value.total;
      }
      const plan = explainQueryPlan(db, buildListRunsQueries(query).page);
      return [name, { total, ...stats(samples), plan }];
    }),
  );
}

function benchHistory(db: ReadableDb, ids: RunId[], stepRunIds: RunId[]) {
  const rng = createRng(7);
  const samples: number[] = [];
  let epochs = 0;
  for (let i = 0; i < 200; i++) {
    const { ms, value } = time(() => getMetricHistory(db, ids[rng.int(ids.length)]));
    samples.push(ms);
    epochs = value.epochs.length;
  }
  const withSteps: number[] = [];
  let steps = 0;
  for (const id of stepRunIds) {
    const { ms, value } = time(() => getMetricHistory(db, id));
    withSteps.push(ms);
    steps = value.steps.length;
  }
  return {
    epochsPerRun: epochs,
    ...stats(samples),
    withSteps: { stepsPerRun: steps, ...stats(withSteps) },
  };
}

async function benchConcurrent(path: string, reader: ReadableDb, runId: RunId, ms: number) {
  const self = fileURLToPath(import.meta.url);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', self, '--writer', path, runId, String(ms)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let output = '';
  const ready = new Promise<void>((resolve) =>
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.startsWith('ready\n')) resolve();
    }),
  );
  const done = new Promise<number | null>((resolve) => child.on('exit', resolve));
  await ready;
  const samples: number[] = [];
  let locked = 0;
  const end = Date.now() + ms - 200;
  for (let page = 0; Date.now() < end; page++) {
    try {
      samples.push(
        time(() =>
          listRuns(reader, {
            ...LIST_CASES['completed ssn, not archived, by best val top-1'],
            page: { limit: 50, offset: (page % 20) * 50 },
          }),
        ).ms,
      );
    } catch (error) {
      if (!/locked|busy/i.test(String(error))) throw error;
      locked += 1;
    }
  }
  const code = await done;
  if (code !== 0) throw new Error(`writer process exited with ${code}`);
  const writer = JSON.parse(output.split('\n')[1]) as {
    ticks: number;
    rows: number;
    locked: number;
    tickMs: number[];
  };
  return {
    seconds: ms / 1000,
    readerPages: samples.length,
    readerLocked: locked,
    readerPageMs: stats(samples),
    writerTicks: writer.ticks,
    writerRowsInserted: writer.rows,
    writerLocked: writer.locked,
    writerTickMs: stats(writer.tickMs),
  };
}

/** The child side of the concurrency bench: ticks of 50 steps + 1 epoch, as a trainer would send. */
function writerMain(path: string, runId: RunId, ms: number) {
  const db = openDatabase(path);
  const tickMs: number[] = [];
  let rows = 0;
  let locked = 0;
  process.stdout.write('ready\n');
  const end = Date.now() + ms;
  for (let epoch = 1000; Date.now() < end; epoch++) {
    try {
      tickMs.push(
        time(() =>
          writeProgressBatch(db, {
            steps: Array.from({ length: 50 }, (_, step) => ({
              runId,
              phase: 'main',
              epoch,
              step,
              loss: 1 / (step + 1),
              lr: 0.1,
            })),
            epochs: [{ runId, phase: 'main', epoch, valTop1: 0.5 }],
            summaries: [{ runId, patch: { epochsDone: epoch, lastValTop1: 0.5 } }],
          }),
        ).ms,
      );
      rows += 51;
    } catch (error) {
      if (!/locked|busy/i.test(String(error))) throw error;
      locked += 1;
    }
  }
  db.close();
  process.stdout.write(`${JSON.stringify({ ticks: tickMs.length, rows, locked, tickMs })}\n`);
}

/** Fills a new store, or with --reuse opens the one a previous run filled. */
function prepareStore(path: string, runCount: number, epochs: number, reuse: boolean) {
  if (!reuse) {
    rmSync(dirname(path), { recursive: true, force: true });
    mkdirSync(dirname(path), { recursive: true });
  }
  const db = openDatabase(path);
  if (reuse) {
    const ids = all<{ id: RunId }>(db, sql`SELECT id FROM runs ORDER BY createdAt`).map(
      (row) => row.id,
    );
    console.log(`reusing ${ids.length} runs in ${path}`);
    return { db, ids, fillSeconds: null };
  }
  console.log(`filling ${runCount} runs x ${epochs} epochs into ${path} ...`);
  const filled = time(() => fill(db, runCount, epochs));
  // Five runs also get 50 steps per epoch, to time a history with step metrics.
  for (const id of filled.value.slice(0, 5)) {
    const steps = Array.from({ length: epochs * 50 }, (_, i) => ({
      runId: id,
      phase: 'main',
      epoch: Math.floor(i / 50),
      step: i % 50,
      loss: 1,
      lr: 0.1,
    }));
    insertStepMetrics(db, steps);
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('optimize');
  console.log(`filled in ${(filled.ms / 1000).toFixed(1)} s`);
  return { db, ids: filled.value, fillSeconds: filled.ms / 1000 };
}

async function main() {
  const path = resolve('bench-results/tmp/store/runs.db');
  const reuse = process.argv.includes('--reuse') && existsSync(path);
  const epochs = flag('--epochs', 200);
  const { db, ids, fillSeconds } = prepareStore(path, flag('--runs', 10_000), epochs, reuse);
  const sqlite = db.prepare('SELECT sqlite_version()').pluck().get() as string;

  // A fresh read-only connection, as the UI's list would use, so nothing is cached in it yet.
  const reader = openDatabase(path, { readonly: true });
  const list = benchList(reader);
  const history = benchHistory(reader, ids, ids.slice(0, 5));
  const concurrent = await benchConcurrent(path, reader, ids[ids.length - 1], 3000);
  reader.close();
  db.close();

  const headline = list['completed ssn, not archived, by best val top-1'];
  const result = {
    label: 'store',
    context: benchContext(`sqlite ${sqlite}`, { runs: ids.length, epochsPerRun: epochs }),
    // Other work on the machine shows up in the p95s; the load average says how busy it was.
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
    sqlite,
    fill: {
      runs: ids.length,
      epochsPerRun: epochs,
      epochRows: ids.length * epochs,
      seconds: fillSeconds,
      reused: reuse,
      databaseBytes: statSync(path).size,
    },
    list,
    history,
    concurrent,
    targets: {
      firstPageFilteredSortedMs: {
        target: TARGET_LIST_MS,
        firstMs: headline.firstMs,
        medianMs: headline.medianMs,
        met: headline.firstMs < TARGET_LIST_MS && headline.medianMs < TARGET_LIST_MS,
      },
      runMetricHistoryMs: {
        target: TARGET_HISTORY_MS,
        medianMs: history.medianMs,
        p95Ms: history.p95Ms,
        met: history.medianMs < TARGET_HISTORY_MS && history.p95Ms < TARGET_HISTORY_MS,
      },
      noDatabaseLocked: { met: concurrent.readerLocked === 0 && concurrent.writerLocked === 0 },
    },
  };
  appendBenchRow('bench-results/store.json', result);
  printSummary(result);
}

function printSummary(result: {
  loadAverage: number[];
  list: ReturnType<typeof benchList>;
  history: ReturnType<typeof benchHistory>;
  concurrent: Awaited<ReturnType<typeof benchConcurrent>>;
  targets: object;
}) {
  const { list, history, concurrent } = result;
  console.log(`load average ${result.loadAverage.join(' ')}`);
  for (const [name, entry] of Object.entries(list)) {
    console.log(
      `list ${name}: total ${entry.total}, first ${entry.firstMs} ms, median ${entry.medianMs} ms, p95 ${entry.p95Ms} ms`,
    );
  }
  console.log(
    `history: median ${history.medianMs} ms, p95 ${history.p95Ms} ms (${history.epochsPerRun} epochs); ` +
      `with ${history.withSteps.stepsPerRun} steps: median ${history.withSteps.medianMs} ms`,
  );
  console.log(
    `concurrent: ${concurrent.readerPages} pages (median ${concurrent.readerPageMs.medianMs} ms, ` +
      `max ${concurrent.readerPageMs.maxMs} ms) while ${concurrent.writerTicks} ticks ` +
      `(${concurrent.writerRowsInserted} rows) were written; "database is locked": reader ` +
      `${concurrent.readerLocked}, writer ${concurrent.writerLocked}`,
  );
  console.log(JSON.stringify(result.targets, null, 2));
  console.log('wrote bench-results/store.json');
}

if (process.argv[2] === '--writer') {
  writerMain(process.argv[3], asRunId(process.argv[4]), Number(process.argv[5]));
} else {
  await main();
}
