// Accuracy-vs-budget benchmark on Fashion-MNIST (issues #3 and #4): unshared WRN-16-2, SSN at
// 5/10/25/50/200% of its unshared count, SuperWeights at the same budgets (with the reference's
// N(0, 2/9) template init and the fan-in-scaled one) and a 3-member SuperWeights ensemble, all
// with the same data and recipe, once per seed. Appends rows to bench-results/methods.json, each
// with the commit, date, machine, backend and settings it ran with (scripts/bench-rows.ts), and
// regenerates methods.md from every row, with mean ± std over seeds where there are several. A
// row already recorded with the same commit, machine, backend and settings is skipped, so an
// interrupted run continues; any other rerun adds rows beside the old ones.
//   npx tsx scripts/bench-methods.ts [--train 6000] [--test 2000] [--epochs 2] [--seeds 0,1,2]
//     [--only 'superweights 50%'] [--data sample|FOLDER] [--markdown-only]
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseRunConfig, type RunConfigInput } from '../src-main/contract/config';
import { NpasError } from '../src-main/contract/errors';
import { initBackend } from '../src-main/engine/backend/ladder';
import { adaptInput } from '../src-main/engine/data/adaptInput';
import { channelStats } from '../src-main/engine/data/channelStats';
import { subsetDataset, type Dataset } from '../src-main/engine/data/dataset';
import { loadDataset } from '../src-main/engine/data/loadDataset';
import { createRng, permutation } from '../src-main/engine/random';
import { architectureFor, createModel } from '../src-main/engine/train/setup';
import { train } from '../src-main/engine/train/trainer';
import {
  appendBenchRow,
  benchContext,
  meanStd,
  readBenchFile,
  sameContext,
  type BenchRow,
} from './bench-rows';

const { values } = parseArgs({
  options: {
    train: { type: 'string', default: '6000' },
    test: { type: 'string', default: '2000' },
    epochs: { type: 'string', default: '2' },
    only: { type: 'string' },
    seeds: { type: 'string', default: '0' },
    // Rewrites methods.md from the rows in methods.json without training anything.
    'markdown-only': { type: 'boolean', default: false },
    data: { type: 'string', default: '/usr/share/datasets/fashion-mnist' },
  },
});
const OUT = 'bench-results/methods.json';
const BUDGETS = ['5%', '10%', '25%', '50%', '200%'];

interface Row extends BenchRow {
  method: string;
  budget: string;
  status: 'ok' | 'refused';
  reason?: string;
  budgetParams?: number;
  trainableParams?: number;
  unsharedParams?: number;
  testTop1?: number;
  testTop5?: number;
  members?: number[];
  imagesPerSecond?: number;
  seconds?: number;
}

const base: RunConfigInput = {
  arch: 'wrn-16-2',
  input: '28x28x1',
  backend: 'wasm',
  training: {
    epochs: Number(values.epochs),
    batchSize: 64,
    lr: 0.05,
    schedule: { type: 'cosine' },
    augment: { crop: 2, flip: true, cutout: 0 },
  },
};

const rows: { label: string; config: RunConfigInput }[] = [
  { label: 'unshared', config: { method: 'unshared' } },
  ...BUDGETS.map((b) => ({ label: `ssn ${b}`, config: { method: 'ssn' as const, budget: b } })),
  ...BUDGETS.map((b) => ({
    label: `superweights ${b}`,
    config: { method: 'superweights' as const, budget: b },
  })),
  ...['25%', '50%'].map((b) => ({
    label: `superweights ${b} fan-in init`,
    config: { method: 'superweights' as const, budget: b, superweights: { init: 'fanIn' } },
  })),
  {
    label: 'superweights ensemble 16x2,16x1,10x1 (minimum budget)',
    config: { method: 'superweights' as const, superweights: { members: '16x2,16x1,10x1' } },
  },
];

function sample(ds: Dataset, count: number, seed: number): Dataset {
  const order = permutation(ds.count, createRng(seed));
  return subsetDataset(ds, order.subarray(0, Math.min(count, ds.count)));
}

async function main(): Promise<void> {
  await initBackend('wasm');
  const loaded = await loadDataset(values.data!);
  const input = { height: 28, width: 28, channels: 1 };
  const all = adaptInput(loaded.train, input).dataset;
  const trainSet = sample(all, Number(values.train), 1);
  const testSet = sample(adaptInput(loaded.test!, input).dataset, Number(values.test), 2);
  const norm = channelStats(trainSet);
  for (const seed of values.seeds!.split(',').map(Number)) {
    for (const { label, config: extra } of rows) {
      if (values.only && !label.startsWith(values.only)) continue;
      const context = benchContext('wasm', settingsFor(seed));
      const done = readBenchFile(OUT).rows;
      if (done.some((r) => r.label === label && sameContext(r.context, context))) continue;
      const config = parseRunConfig({ ...base, ...extra, seed });
      const row: Row = {
        label,
        context,
        method: config.method,
        budget: String(config.budget ?? 'default'),
        status: 'ok',
      };
      try {
        const arch = architectureFor(config, input, 10);
        const model = createModel(config, arch);
        const accounting = model.accounting();
        const started = performance.now();
        const result = await train({
          model,
          data: { train: trainSet, validation: null, test: testSet, norm },
          training: config.training,
          seed: config.seed,
        });
        const test = result.last.test!;
        Object.assign(row, {
          budgetParams: accounting.budgetParams,
          trainableParams: accounting.trainableParams,
          unsharedParams: accounting.unsharedParams,
          testTop1: test.top1,
          testTop5: test.top5,
          members: test.members?.map((m) => m.top1),
          imagesPerSecond: result.imagesPerSecond,
          seconds: (performance.now() - started) / 1000,
        });
        model.dispose();
      } catch (error) {
        if (!(error instanceof NpasError)) throw error;
        Object.assign(row, { status: 'refused', reason: error.message });
      }
      console.log(JSON.stringify(row));
      writeMarkdown(appendBenchRow(OUT, row).rows as Row[]);
    }
  }
}

function settingsFor(seed: number): Record<string, unknown> {
  return {
    train: Number(values.train),
    test: Number(values.test),
    epochs: Number(values.epochs),
    data: values.data,
    arch: 'wrn-16-2',
    input: '28x28x1',
    batchSize: 64,
    lr: 0.05,
    seed,
  };
}

/** Settings without the seed: rows that share them are seeds of one experiment. */
function experimentKey(r: Row): string {
  const { seed: _seed, ...settings } = r.context.settings;
  const { cpu, cores } = r.context.machine;
  return JSON.stringify([r.label, r.context.commit, cpu, cores, r.context.backend, settings]);
}

function writeMarkdown(all: Row[]): void {
  const pct = (x?: number) => (x === undefined ? '' : `${(100 * x).toFixed(1)}%`);
  const count = (x?: number) => (x === undefined ? '' : x.toLocaleString('en-US'));
  const groups = new Map<string, Row[]>();
  for (const r of all) groups.set(experimentKey(r), [...(groups.get(experimentKey(r)) ?? []), r]);
  const lines = [
    '# Accuracy vs budget, Fashion-MNIST subset, WRN-16-2',
    '',
    'Made by `npm run bench:methods` (scripts/bench-methods.ts); every run appends rows to',
    'methods.json. One line per experiment: rows with the same label, commit, machine, backend and',
    'settings but different seeds are summarised as mean ± std (sample std, n seeds).',
    '',
    '| run | budget | commit | machine | train/test, epochs | seeds | budget params | test top-1 | test top-5 | members top-1 | img/s |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const rs of groups.values()) {
    const r = rs[0];
    const c = r.context;
    const s = c.settings as { train: number; test: number; epochs: number };
    const where = `${c.commit} | ${c.machine.cpu}, ${c.machine.cores} cores, ${c.backend} | ${s.train}/${s.test}, ${s.epochs}`;
    const seeds = rs.map((x) => x.context.settings.seed).join(',');
    if (r.status === 'refused') {
      lines.push(
        `| ${r.label} | ${r.budget} | ${where} | ${seeds} | refused: ${r.reason} | | | | |`,
      );
      continue;
    }
    const stat = (key: 'testTop1' | 'testTop5') => {
      const { mean, std, n } = meanStd(rs.map((x) => x[key] as number));
      return n > 1 ? `${pct(mean)} ± ${(100 * std).toFixed(1)}` : pct(mean);
    };
    const members =
      rs.length === 1 ? ((r.members as number[] | undefined) ?? []).map(pct).join(', ') : '';
    const speed = meanStd(rs.map((x) => x.imagesPerSecond as number)).mean.toFixed(1);
    lines.push(
      `| ${r.label} | ${r.budget} | ${where} | ${seeds} | ${count(r.budgetParams as number)} | ${stat('testTop1')} | ${stat('testTop5')} | ${members} | ${speed} |`,
    );
  }
  writeFileSync('bench-results/methods.md', lines.join('\n') + '\n');
}

if (values['markdown-only']) writeMarkdown(readBenchFile(OUT).rows as Row[]);
else await main();
