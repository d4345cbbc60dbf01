// Accuracy-vs-budget benchmark on Fashion-MNIST (issues #3 and #4): unshared WRN-16-2, SSN at
// 5/10/25/50/200% of its unshared count, SuperWeights at the same budgets (with the reference's
// N(0, 2/9) template init and the fan-in-scaled one) and a 3-member SuperWeights ensemble, all
// with the same data, seed and recipe. Writes bench-results/methods.json and methods.md; rows
// already in the JSON are skipped, so an interrupted run continues.
//   npx tsx scripts/bench-methods.ts [--train 6000] [--test 2000] [--epochs 2] [--only ssn]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

const { values } = parseArgs({
  options: {
    train: { type: 'string', default: '6000' },
    test: { type: 'string', default: '2000' },
    epochs: { type: 'string', default: '2' },
    only: { type: 'string' },
    data: { type: 'string', default: '/usr/share/datasets/fashion-mnist' },
  },
});
const OUT = 'bench-results/methods.json';
const BUDGETS = ['5%', '10%', '25%', '50%', '200%'];

interface Row {
  label: string;
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
  seed: 0,
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
  const done: Row[] = existsSync(OUT) ? JSON.parse(readFileSync(OUT, 'utf8')).rows : [];
  for (const { label, config: extra } of rows) {
    if (values.only && !label.startsWith(values.only)) continue;
    if (done.some((r) => r.label === label)) continue;
    const config = parseRunConfig({ ...base, ...extra });
    const row: Row = {
      label,
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
    done.push(row);
    console.log(JSON.stringify(row));
    write(done);
  }
}

function write(done: Row[]): void {
  mkdirSync('bench-results', { recursive: true });
  const settings = {
    train: Number(values.train),
    test: Number(values.test),
    epochs: Number(values.epochs),
    arch: 'wrn-16-2',
    input: '28x28x1',
    batchSize: 64,
    lr: 0.05,
    backend: 'wasm',
  };
  writeFileSync(
    OUT,
    JSON.stringify({ date: new Date().toISOString(), settings, rows: done }, null, 2),
  );
  const pct = (x?: number) => (x === undefined ? '' : `${(100 * x).toFixed(1)}%`);
  const count = (x?: number) => (x === undefined ? '' : x.toLocaleString('en-US'));
  const lines = [
    `# Accuracy vs budget, Fashion-MNIST (${settings.train} train / ${settings.test} test images, ${settings.epochs} epochs, WRN-16-2, wasm)`,
    '',
    '| run | budget | budget params | trainable | test top-1 | test top-5 | members top-1 | img/s |',
    '|---|---|---|---|---|---|---|---|',
    ...done.map((r) =>
      r.status === 'refused'
        ? `| ${r.label} | ${r.budget} | refused: ${r.reason} | | | | | |`
        : `| ${r.label} | ${r.budget} | ${count(r.budgetParams)} | ${count(r.trainableParams)} | ${pct(r.testTop1)} | ${pct(r.testTop5)} | ${(r.members ?? []).map(pct).join(', ')} | ${r.imagesPerSecond?.toFixed(1) ?? ''} |`,
    ),
  ];
  writeFileSync('bench-results/methods.md', lines.join('\n') + '\n');
}

await main();
